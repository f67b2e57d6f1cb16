import { describe, expect, it } from 'vitest';
import { indexTrailer } from '#src/search/index-terms.ts';
import { normalize, understand } from '#src/search/query.ts';
import { INDEX_MARKER, matchPhrases, SYNONYM_GROUPS, WORD_GROUP } from '#src/search/synonyms.ts';
import { loadCollection } from '../support/content.ts';

const tokenOf = (word: string) => WORD_GROUP.get(word)!.token;
const terms = (q: string) => understand(q).concepts.map((c) => c.term);

describe('the search dictionary (src/search/synonyms.ts)', () => {
  it('puts every word in one group only, with at least two characters', () => {
    const seen = new Map<string, number>();
    for (const g of SYNONYM_GROUPS) for (const w of g.words) seen.set(w, (seen.get(w) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([w]) => w)).toEqual([]);
    expect([...seen.keys()].filter((w) => w.length < 2)).toEqual([]);
    expect([...seen.keys()].filter((w) => w !== normalize(w))).toEqual([]);
  });

  it('gives each group its own token, none the start of another', () => {
    const tokens = SYNONYM_GROUPS.map((g) => g.token);
    expect(new Set([...tokens, INDEX_MARKER]).size).toBe(tokens.length + 1);
    expect(tokens.every((t) => /^qz[a-z]{3}$/.test(t))).toBe(true);
  });

  it('has hundreds of words, and every group says something the content says', () => {
    expect(WORD_GROUP.size).toBeGreaterThan(500);
    const text = (['policies', 'entitlements', 'laws', 'guides', 'hotlines'] as const)
      .flatMap((c) => loadCollection(c).map((e) => `${JSON.stringify(e.data)}\n${e.body}`))
      .join('\n');
    const used = new Set(matchPhrases(normalize(text)).map((m) => m.group));
    expect(SYNONYM_GROUPS.filter((g) => !used.has(g)).map((g) => g.words[0])).toEqual([]);
  });

  it('reads the longest word first: 「事实孤儿」 is not 「孤儿」', () => {
    expect(matchPhrases('事实孤儿').map((m) => m.word)).toEqual(['事实孤儿']);
    expect(WORD_GROUP.get('事实孤儿')).not.toBe(WORD_GROUP.get('孤儿'));
  });
});

describe('what a query means (src/search/query.ts)', () => {
  it('drops particles, question words and 「孩子」', () => {
    expect(terms('孩子想自杀')).toEqual([tokenOf('自杀')]);
    expect(terms('孩子离家出走了怎么办')).toEqual([tokenOf('离家出走')]);
    expect(terms('有没有人管')).toEqual([]);
  });

  it('maps everyday words to the programme’s words', () => {
    expect(terms('要饭')).toEqual([tokenOf('乞讨')]);
    expect(terms('爸爸坐牢了')).toEqual([tokenOf('服刑')]);
    expect(terms('打工')).toEqual([tokenOf('外出务工')]);
    expect(terms('天天玩手机')).toEqual([tokenOf('沉迷网络')]);
    expect(terms('没钱治病')).toEqual([tokenOf('医疗救助')]);
    expect(terms('交不起学费')).toEqual([tokenOf('学费')]);
    expect(terms('吃低保')).toEqual(terms('最低生活保障'));
  });

  it('keeps a word the dictionary does not know, and drops a lone character', () => {
    expect(terms('孩子发烧')).toEqual(['发烧']);
    expect(terms('病')).toEqual([]);
  });

  it('keeps every word but the particles for the last resort', () => {
    expect(understand('有没有人管').words.length).toBeGreaterThan(0);
    expect(understand('了吗').words).toEqual([]);
  });

  it('knows a child in danger', () => {
    for (const q of [
      '孩子想自杀',
      '孩子说不想活了',
      '孩子被打',
      '继母虐待孩子',
      '孩子被性侵',
      '孩子走丢了',
      '孩子离家出走',
      '孩子被拐走了',
    ])
      expect(understand(q).crisis, q).toBe(true);
    for (const q of ['低保', '孩子不想上学', '孤儿补贴']) expect(understand(q).crisis, q).toBe(false);
  });

  it('knows when a law is named, and that 「办法」 is not one', () => {
    expect(understand('未成年人保护法').namesLaw).toBe(true);
    expect(understand('强制报告是第十一条吗').namesLaw).toBe(true);
    expect(understand('有什么办法').namesLaw).toBe(false);
  });
});

describe('what a page adds to its index entry (src/search/index-terms.ts)', () => {
  const page = {
    title: '困境儿童家庭最低生活保障（低保）',
    headings: ['办理流程'],
    body: '收入低于本县标准的家庭可以申请最低生活保障。孩子上学有困难的，也可以申请教育资助。',
    keywords: ['吃低保', '低保户', '救命钱'],
  };
  const trailer = indexTrailer(page);

  it('indexes the page under the same token a query for an everyday word asks for', () => {
    expect(trailer).toContain(terms('吃低保')[0]);
    expect(trailer).toContain(terms('上学')[0]);
  });

  it('weighs a token in the title like the title, and puts it in the topic field', () => {
    expect(trailer).toMatch(new RegExp(`data-pagefind-weight="7">[^<]*${tokenOf('低保')}`));
    expect(trailer).toMatch(new RegExp(`data-pagefind-meta="topic:[^"]*${tokenOf('低保')}`));
  });

  it('indexes a keyword the dictionary holds as its token only, and one it does not as itself', () => {
    expect(trailer).not.toContain('吃低保');
    expect(trailer).toContain('救命钱');
  });

  it('indexes a token once at heading weight, and not there when the title has it', () => {
    const twice = indexTrailer({ ...page, headings: ['孩子上学', '办理流程'], keywords: ['上学', '吃低保', '救命钱'] });
    const heading = [...twice.matchAll(/data-pagefind-weight="6">([^<]*)</g)].map((m) => m[1]!.split(' ')).flat();
    expect(heading.filter((tk) => tk === tokenOf('上学'))).toHaveLength(1);
    expect(heading).not.toContain(tokenOf('低保'));
  });

  it('starts with the marker the browser cuts excerpts at', () => {
    expect(trailer.startsWith(`<p>${INDEX_MARKER}</p>`)).toBe(true);
  });
});
