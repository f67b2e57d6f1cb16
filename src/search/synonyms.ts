/**
 * Words people use for the same thing. A page that uses any word of a group is indexed
 * under every word of the group, and a query for one word also searches the others,
 * so 「低保」 finds pages that say 「最低生活保障」 and the reverse.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['低保', '最低生活保障', '低保户'],
  ['低保边缘', '低收入家庭'],
  ['留守儿童', '留守', '父母外出打工', '外出务工'],
  ['代理妈妈', '爱心妈妈', '结对帮扶', '一对一'],
  ['残疾', '残障', '残疾儿童', '残障儿童'],
  ['辍学', '失学', '不上学', '退学', '控辍保学'],
  ['孤儿', '没有父母'],
  ['事实无人抚养儿童', '事实孤儿', '无人抚养'],
  ['补贴', '补助', '生活费', '资助'],
  ['心理咨询', '心理辅导', '心理疏导', '心理健康'],
  ['强制报告', '报告义务', '发现报告'],
  ['家庭暴力', '家暴', '虐待', '打骂'],
  ['流浪', '流浪乞讨', '乞讨'],
  ['康复', '康复训练', '康复救助'],
  ['看病', '医疗救助', '就医'],
  ['找工作', '就业', '就业援助'],
  ['户口', '户籍', '落户', '入籍'],
  ['社区矫正', '矫正'],
  ['儿童主任', '村儿童主任', '社区儿童主任'],
];

/** Every other word of the groups that contain `word`. */
export function synonymsOf(word: string): string[] {
  const out = new Set<string>();
  for (const group of SYNONYM_GROUPS) if (group.includes(word)) for (const w of group) if (w !== word) out.add(w);
  return [...out];
}

/** The words to add to a page's index entry: the other words of every group the text mentions. */
export function expansionsFor(text: string): string[] {
  const out = new Set<string>();
  for (const group of SYNONYM_GROUPS) if (group.some((w) => text.includes(w))) for (const w of group) if (!text.includes(w)) out.add(w);
  return [...out];
}
