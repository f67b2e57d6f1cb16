/**
 * What a page adds to its search entry besides its own text, at build time: one token per
 * dictionary group it mentions (src/search/synonyms.ts), weighted as the words are (title like
 * the title, keywords like a heading, body once per mention up to three), and the frontmatter
 * keywords the dictionary does not already stand for. Nothing of this reaches the page people
 * download: the Pagefind integration adds it to the HTML it indexes, after INDEX_MARKER.
 */
import { normalize } from './query.ts';
import { INDEX_MARKER, matchPhrases, WORD_GROUP, type SynonymGroup } from './synonyms.ts';

export interface PageText {
  title: string;
  /** The page's h2 and h3 headings. */
  headings: readonly string[];
  /** Everything people read on the page, the title included. */
  body: string;
  keywords: readonly string[];
}

/** Mentions beyond this add nothing: Pagefind's ranking saturates a word's count anyway. */
const MAX_BODY_MENTIONS = 3;

function groupsIn(text: string): Map<SynonymGroup, number> {
  const counts = new Map<SynonymGroup, number>();
  for (const m of matchPhrases(normalize(text))) counts.set(m.group, (counts.get(m.group) ?? 0) + 1);
  return counts;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Pagefind boosts a page whose metadata holds the query's words (its title, by default): the
 * tokens of the title and of the keywords go in two metadata fields so a query in the dictionary's
 * words gets that boost too (weights in src/search/client.ts, TOPIC_WEIGHTS).
 */
export const TOPIC_FIELDS = { title: 'topic', keywords: 'about' } as const;

/** The HTML to index after the page's own text. */
export function indexTrailer(page: PageText): string {
  const title = [...groupsIn(page.title).keys()].map((g) => g.token);
  const headings = [...groupsIn(page.headings.join(' ')).keys()].map((g) => g.token).filter((tk) => !title.includes(tk));
  const keywordGroups = groupsIn(page.keywords.join(' '));
  const keywordTokens = [...keywordGroups.keys()].map((g) => g.token);
  // Heading weight once per token: a keyword's token already in the title or a heading adds nothing there.
  const headingWeight = [...new Set([...headings, ...keywordTokens])].filter((tk) => !title.includes(tk));
  // A keyword the dictionary holds is indexed as its token only; one it does not, as itself.
  const ownKeywords = [...new Set(page.keywords.map((k) => k.trim()))].filter(
    (k) => k && !WORD_GROUP.has(normalize(k)) && !page.title.includes(k),
  );
  const body: string[] = [];
  for (const [g, n] of groupsIn(page.body)) for (let i = 0; i < Math.min(n, MAX_BODY_MENTIONS); i++) body.push(g.token);
  const meta = (field: string, tokens: string[]) =>
    tokens.length ? `<span hidden data-pagefind-meta="${field}:${tokens.join(' ')}"></span>` : '';
  return [
    `<p>${INDEX_MARKER}</p>`,
    meta(TOPIC_FIELDS.title, title),
    meta(TOPIC_FIELDS.keywords, keywordTokens),
    title.length ? `<p data-pagefind-weight="7">${title.join(' ')}</p>` : '',
    headingWeight.length || ownKeywords.length
      ? `<p data-pagefind-weight="6">${[...headingWeight, ...ownKeywords.map(escape)].join(' ')}</p>`
      : '',
    `<p>${body.join(' ')}</p>`,
  ].join('');
}
