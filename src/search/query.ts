/**
 * What a query means, before Pagefind sees it: dictionary words become their group's token
 * (src/search/synonyms.ts), the rest is cut into words by Intl.Segmenter('zh') and the words
 * that carry no meaning (particles, question words, 「孩子」) are dropped. Pure: the search
 * island runs it on every keystroke, the unit tests run it in Node.
 */
import { matchPhrases, type SynonymGroup } from './synonyms.ts';

/**
 * Words that say nothing about what the person needs: particles, question words, pronouns,
 * and words every page uses (孩子). A meaningful word is anything else.
 */
const STOP_WORDS = new Set(
  (
    '了 吗 呢 吧 啊 呀 哦 嘛 么 的 地 得 着 过 哈 嗯 啦 喔 ' +
    '怎么办 怎么 怎样 怎么样 如何 咋办 咋 咋整 能不能 能否 可不可以 可以 可否 有没有 有无 是不是 是否 会不会 要不要 该不该 需不需要 ' +
    '需要 应该 应当 该 要 想 想要 能 会 去 来 给 让 把 被 在 到 从 对 和 跟 与 及 或 或者 还 也 都 就 又 再 才 很 太 非常 特别 ' +
    '好 好多 很多 一些 有些 什么 啥 哪 哪里 哪儿 哪个 哪些 谁 为什么 为啥 几 多久 多长时间 什么时候 ' +
    '我 你 您 他 她 它 我们 你们 他们 她们 咱 咱们 自己 人家 别人 ' +
    '孩子 学生 小孩 小孩子 娃 娃娃 儿子 女儿 闺女 儿童 孩儿 小朋友 男孩 女孩 ' +
    '我家 家里 家 家人 家长 父母 爸妈 爸爸 妈妈 爸爸妈妈 父亲 母亲 爹 娘 他爸 他妈 ' +
    '有 没 没有 不 是 个 一个 这个 那个 这 那 这样 那样 这种 现在 已经 一直 经常 天天 总是 老是 每天 常常 最近 ' +
    '请问 你好 您好 谢谢 请 问一下 问问 一下 知道 不知道 说 觉得 听说 办 做 用 看 看到 发现 遇到 ' +
    '能够 还是 但是 可是 因为 所以 如果 就是 然后 而且 所有 一样 之类 以及 等等 等 ' +
    '这里 那里 这儿 那儿 这边 那边 这么 那么 好几 好几年 几年 多年 我想 我的 你的 他的 她的 问题 有问题 情况 事情 东西 一点 有点 ' +
    '被人 有人 有个 一位 有没 咋样 行吗 可以吗 好吗 行不行 ' +
    '里 上 下 中 后 前 时 时候 以后 之后 回事'
  ).split(/\s+/),
);

/** Words that never mean anything, even as a last resort. */
const PARTICLES = new Set('了 吗 呢 吧 啊 呀 哦 嘛 么 的 地 得 着 过 哈 嗯 啦 喔 怎么办 怎么 怎样 如何 吗'.split(' '));

export interface Concept {
  /** What the person wrote for it. */
  surface: string;
  /** What Pagefind is asked for: a group token, or the word itself. */
  term: string;
  /** The dictionary group, when the word is in one. */
  group?: SynonymGroup;
}

export interface Understood {
  /** The meaningful words, in order, one per meaning. */
  concepts: Concept[];
  /** Every word of the query but the particles, one character or more: the last resort. */
  words: string[];
  /** The query mentions a child in danger now: show the emergency card. */
  crisis: boolean;
  /** The query names a law or an article: law pages keep their rank. */
  namesLaw: boolean;
}

const ARTICLE = /第[一二三四五六七八九十百零〇\d]+条/;
let segmenter: Intl.Segmenter | undefined;

/** Full-width letters and digits to half-width, lower case, punctuation to spaces. */
export function normalize(query: string): string {
  return query
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function understand(query: string): Understood {
  const text = normalize(query);
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  const add = (c: Concept) => {
    if (!seen.has(c.term)) {
      seen.add(c.term);
      concepts.push(c);
    }
  };
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  // Dictionary words first (they may span what the segmenter would cut), then the rest.
  let at = 0;
  const words: string[] = [];
  const rest = (end: number) => {
    for (const { segment, isWordLike } of segmenter!.segment(text.slice(at, end))) {
      const word = segment.trim();
      if (isWordLike && word && !PARTICLES.has(word)) words.push(word);
      if (!isWordLike || !word || STOP_WORDS.has(word)) continue;
      // One Chinese character alone (病, 钱, 打) matches too much to mean anything by itself.
      if (word.length === 1 && /\p{Script=Han}/u.test(word)) continue;
      add({ surface: word, term: word });
    }
  };
  for (const m of matchPhrases(text)) {
    rest(m.start);
    words.push(m.word);
    add({ surface: m.word, term: m.group.token, group: m.group });
    at = m.end;
  }
  rest(text.length);
  return {
    concepts,
    words,
    crisis: concepts.some((c) => c.group?.crisis),
    namesLaw: ARTICLE.test(text) || concepts.some((c) => c.group?.law),
  };
}

/** The words to look for in a result's text to show where it matched: what was typed, and its synonyms. */
export function surfaceWords(u: Understood): string[] {
  const words = new Set<string>();
  for (const c of u.concepts) {
    words.add(c.surface);
    for (const w of c.group?.words ?? []) words.add(w);
  }
  return [...words].sort((a, b) => b.length - a.length);
}
