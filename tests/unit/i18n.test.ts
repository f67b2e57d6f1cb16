import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '#src/i18n/index.ts';
import { COPIES, messagesJson } from '#src/i18n/browser-messages.ts';
import { ROOT } from '../support/content.ts';
// ---- The shared rule: no user-facing Chinese outside the dictionary ----------------------------

const CJK = /[\u3400-\u9fff]/;
const SENTENCE = /[。，；：？！、…「」]/;
const REGEX_AFTER = new Set([...'(,=:[!&|?{};+-*%<>~^']);
const REGEX_KEYWORDS = /\b(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

/** A string, template literal or markup text found by {@link literals}, with the line it starts on. */
interface Literal {
  line: number;
  text: string;
}

/**
 * Every string, template literal and (in .astro/.tsx markup) text node of a source file, comments
 * (`//`, `/* *\/`, `<!-- -->`) left out. A small hand-written lexer: enough for this code base's
 * TypeScript and Astro, which the sample test below keeps honest.
 */
function literals(source: string, file: string): Literal[] {
  const found: Literal[] = [];
  let i = 0;
  let line = 1;
  const lineAt = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (source[k] === '\n') line++;
  };

  /** A quoted string from i (on the quote); leaves i after the closing quote. */
  function quoted(): void {
    const q = source[i]!;
    const startLine = line;
    let text = '';
    i++;
    while (i < source.length && source[i] !== q) {
      if (source[i] === '\\') {
        text += source.slice(i, i + 2);
        if (source[i + 1] === '\n') line++;
        i += 2;
        continue;
      }
      if (source[i] === '\n') return void found.push({ line: startLine, text }); // unterminated: stop at the line's end
      text += source[i];
      i++;
    }
    i++;
    found.push({ line: startLine, text });
  }

  /** A template literal from i (on the backtick), its ${…} parts lexed as code. */
  function template(): void {
    const startLine = line;
    let text = '';
    i++;
    while (i < source.length && source[i] !== '`') {
      if (source[i] === '\\') {
        text += source.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (source[i] === '$' && source[i + 1] === '{') {
        i += 2;
        code('}');
        i++;
        text += '${}';
        continue;
      }
      if (source[i] === '\n') line++;
      text += source[i];
      i++;
    }
    i++;
    found.push({ line: startLine, text });
  }

  /** A regular expression literal from i (on the slash). */
  function regex(): void {
    i++;
    let inClass = false;
    while (i < source.length && source[i] !== '\n') {
      const c = source[i]!;
      if (c === '\\') i++;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      i++;
    }
    if (source[i] !== '\n') i++;
    while (/[a-z]/.test(source[i] ?? '')) i++;
  }

  /** Code until the closing `until` at depth 0 (or the end); leaves i on it. */
  function code(until?: string): void {
    let depth = 0;
    let last = ''; // what came before, to tell a regex from a division
    while (i < source.length) {
      const c = source[i]!;
      const next = source[i + 1];
      if (c === '\n') {
        line++;
        i++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      if (c === '/' && next === '/') {
        while (i < source.length && source[i] !== '\n') i++;
        continue;
      }
      if (c === '/' && next === '*') {
        const end = source.indexOf('*/', i + 2);
        const stop = end < 0 ? source.length : end + 2;
        lineAt(i, stop);
        i = stop;
        continue;
      }
      if (c === "'" || c === '"') {
        quoted();
        last = 'a';
        continue;
      }
      if (c === '`') {
        template();
        last = 'a';
        continue;
      }
      if (c === '/') {
        // `</p>` in markup inside an expression is a closing tag, not a regular expression.
        if (last !== '<' && (last === '' || REGEX_AFTER.has(last.slice(-1)) || REGEX_KEYWORDS.test(last))) {
          regex();
          last = 'a';
        } else {
          i++;
          last = '/';
        }
        continue;
      }
      if (c === '{' || c === '(' || c === '[') depth++;
      if (c === '}' || c === ')' || c === ']') {
        if (depth === 0 && c === until) return;
        depth--;
      }
      if (CJK.test(c)) {
        // Chinese outside any quote: JSX text inside an expression (`<li>中文</li>`).
        const startLine = line;
        let text = '';
        while (i < source.length && !/[<>{}\n'"`]/.test(source[i]!)) text += source[i++];
        found.push({ line: startLine, text: text.trim() });
        last = 'a';
        continue;
      }
      if (/[\w$]/.test(c)) {
        let word = '';
        while (i < source.length && /[\w$]/.test(source[i]!)) word += source[i++];
        last = word;
        continue;
      }
      last = c;
      i++;
    }
  }

  /** Astro/HTML markup: comments skipped, {…} and <script> lexed as code, text and attributes kept. */
  function markup(): void {
    let text = '';
    let textLine = line;
    const flush = () => {
      if (text.trim()) found.push({ line: textLine, text: text.trim() });
      text = '';
    };
    while (i < source.length) {
      const c = source[i]!;
      if (source.startsWith('<!--', i)) {
        flush();
        const end = source.indexOf('-->', i + 4);
        const stop = end < 0 ? source.length : end + 3;
        lineAt(i, stop);
        i = stop;
        continue;
      }
      if (c === '{') {
        flush();
        i++;
        code('}');
        i++;
        continue;
      }
      if (c === '<' && /[a-zA-Z/!]/.test(source[i + 1] ?? '')) {
        flush();
        const tag = /^<\/?([\w.:-]+)/.exec(source.slice(i, i + 60))?.[1]?.toLowerCase() ?? '';
        const closing = source[i + 1] === '/';
        // Inside the tag: quoted attribute values are literals, {…} is code.
        i++;
        while (i < source.length && source[i] !== '>') {
          const a = source[i]!;
          if (a === '"' || a === "'") quoted();
          else if (a === '{') {
            i++;
            code('}');
            i++;
          } else {
            if (a === '\n') line++;
            i++;
          }
        }
        const selfClosing = source[i - 1] === '/';
        i++;
        if (!closing && !selfClosing && (tag === 'script' || tag === 'style')) {
          const end = source.indexOf(`</${tag}`, i);
          const stop = end < 0 ? source.length : end;
          if (tag === 'script') {
            const body = source.slice(0, stop);
            const saved = source;
            source = body;
            code();
            source = saved;
          } else {
            lineAt(i, stop);
            i = stop;
          }
        }
        textLine = line;
        continue;
      }
      if (c === '\n') line++;
      if (!text.trim()) textLine = line;
      text += c;
      i++;
    }
    flush();
  }

  if (file.endsWith('.astro')) {
    const fence = /^\s*---\r?\n/.exec(source);
    if (fence) {
      const close = source.indexOf('\n---', fence[0].length);
      const end = close < 0 ? source.length : close;
      i = fence[0].length;
      line = 1 + (fence[0].match(/\n/g)?.length ?? 0);
      const saved = source;
      source = source.slice(0, end);
      code();
      source = saved;
      lineAt(i, end + 4);
      i = end + 4;
    }
    markup();
  } else {
    code();
  }
  return found.filter((l) => CJK.test(l.text));
}

/**
 * Modules whose Chinese is names of things, not sentences (path → why). In these files a *term*
 * (no sentence punctuation, at most 20 characters) may stay; a sentence still moves to the dictionary.
 */
const VOCABULARY: Record<string, string> = {
  'src/search/synonyms.ts': 'the search dictionary: groups of words people type, one word per space',
  'src/search/query.ts': 'the stop words and particles a query drops, one word per space',
  'src/domain/departments.ts': 'names of the member departments, county and township level',
  'src/domain/relationships.ts': "names of the applicant's relationship to the child",
  'src/domain/protection-areas.ts': 'names of the seven protection areas',
  'src/domain/risk-levels.ts': 'names of the four risk levels (蓝色 … 红色)',
  'src/domain/application-status.ts': 'names of the statuses of an application',
  'src/domain/volunteer-status.ts': 'names of the statuses of a volunteer',
  'src/domain/report-status.ts': 'names of the statuses of a report, and of what a report is about',
  'src/domain/case-status.ts': "names of the statuses of a child's file",
  'src/domain/staff-accounts.ts': 'the word an administrator may type for every township (全部)',
  'src/search/client.ts': 'a word that warms up the word segmenter before the first keystroke (你好)',
};

/**
 * A term: a name, not a sentence — no sentence punctuation and at most 20 characters. A word list
 * (the search dictionary's groups, the stop words) is terms separated by spaces, each one a term.
 */
function isTerm(text: string): boolean {
  return !SENTENCE.test(text) && text.split(/\s+/).every((word) => [...word].length <= 20);
}

interface Source {
  path: string;
  text: string;
}

/** The violations of the rule among `files`, as `path:line 「literal」`. */
function violations(files: Source[], vocabulary: Record<string, string> = VOCABULARY): string[] {
  const out: string[] = [];
  for (const file of files) {
    if (file.path.startsWith('src/i18n/')) continue;
    for (const { line, text } of literals(file.text, file.path)) {
      if (!(file.path in vocabulary && isTerm(text))) out.push(`${file.path}:${line} ${JSON.stringify(text)}`);
    }
  }
  return out;
}

function sourceFiles(dir: string): Source[] {
  const files: Source[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const p = `${dir}/${name}`;
    if (statSync(path.join(ROOT, p)).isDirectory()) files.push(...sourceFiles(p));
    else if (/\.(astro|tsx?)$/.test(name) && !name.endsWith('.d.ts'))
      files.push({ path: p, text: readFileSync(path.join(ROOT, p), 'utf8') });
  }
  return files;
}

// Keys built at run time from a prefix (`type.${kind}`, `staff.role.${role}` …).
const DYNAMIC = [
  'type.',
  'policies.section.',
  'staff.role.',
  'check.step.',
  'staff.outbox.state.',
  'staff.outbox.template.',
  'staff.plan.step.',
  'staff.referrals.outcome.',
];

describe('UI text (src/i18n/zh-CN.json)', () => {
  const code = [...sourceFiles('src'), ...sourceFiles('worker')].map((f) => f.text).join('\n');

  it('has no key the code never uses', () => {
    const unused = Object.keys(messages).filter(
      (k) => !code.includes(`'${k}'`) && !code.includes(`"${k}"`) && !DYNAMIC.some((p) => k.startsWith(p)),
    );
    expect(unused).toEqual([]);
  });

  it('has every key the code asks for', () => {
    const asked = [...code.matchAll(/\bt\('([a-zA-Z0-9.]+)'/g)].map((m) => m[1]!);
    expect(asked.filter((k) => !(k in messages))).toEqual([]);
  });

  it('gives the page scripts up-to-date copies of their sentences, which no other copy repeats (node tests/fixtures/browser-messages.ts rewrites them)', () => {
    const owner = new Map<string, string>();
    for (const [file, prefixes] of Object.entries(COPIES)) {
      expect(readFileSync(path.join(ROOT, file), 'utf8'), file).toBe(messagesJson(messages, prefixes));
      for (const key of Object.keys(JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as object)) {
        expect(owner.get(key), key).toBeUndefined();
        owner.set(key, file);
      }
    }
    expect(owner.get('rule.legalAid.ask')).toBe('src/generated/rule-messages.json');
    expect(owner.get('answer.parent.atHome')).toBe('src/generated/choice-messages.json');
  });

  it('is written in Chinese, with placeholders closed', () => {
    for (const [k, v] of Object.entries(messages)) {
      expect(v, k).toMatch(/[\u4e00-\u9fff]/);
      expect(v.split('{').length, k).toBe(v.split('}').length);
    }
  });
});

describe('No user-facing Chinese outside the dictionary', () => {
  it('finds no Chinese string in src/ or worker/ but the terms of the vocabulary modules', () => {
    const found = violations([...sourceFiles('src'), ...sourceFiles('worker')]);
    expect(found, `${found.length} sentences to move into src/i18n/zh-CN.json:\n${found.join('\n')}`).toEqual([]);
  });

  it('lists only files that exist in the vocabulary, each with its reason', () => {
    const files = new Set([...sourceFiles('src'), ...sourceFiles('worker')].map((f) => f.path));
    for (const [file, reason] of Object.entries(VOCABULARY)) {
      expect(files.has(file), file).toBe(true);
      expect(reason.length, file).toBeGreaterThan(10);
    }
  });

  // The rule itself, against sources written here, so the check above cannot pass by finding nothing.
  const sample = (p: string, text: string): Source => ({ path: p, text });
  const vocabulary = { 'src/domain/colours.ts': 'names of colours' };

  it('reports a sentence in code with its file and line', () => {
    const found = violations([sample('src/pages/x.ts', "const a = 1;\nconst b = '请填写孩子的姓名';\n")], vocabulary);
    expect(found).toEqual(['src/pages/x.ts:2 "请填写孩子的姓名"']);
  });

  it('reports double-quoted strings, template literals and the text of a page', () => {
    const astro =
      '---\nconst x = `共 ${n} 项`;\n---\n<p title="说明">请先阅读</p>\n<!-- 注释 -->\n{ok && <span>好</span>}\n{ok && (\n  <p>\n    <a>第一</a>\n  </p>\n)}\n<p>第二</p>\n';
    const found = violations([sample('src/pages/y.astro', astro), sample('worker/z.ts', 'throw new Error("出错了");')], vocabulary);
    expect(found).toEqual([
      'src/pages/y.astro:2 "共 ${} 项"',
      'src/pages/y.astro:4 "说明"',
      'src/pages/y.astro:4 "请先阅读"',
      'src/pages/y.astro:6 "好"',
      'src/pages/y.astro:9 "第一"',
      'src/pages/y.astro:12 "第二"',
      'worker/z.ts:1 "出错了"',
    ]);
  });

  it('ignores comments of every kind, and strings made of other characters', () => {
    const ts = "// 这是注释\n/* 多行\n注释 */ const re = /['\"]/g; const s = 'plain';\n/** 「说明」 */\nconst u = 'https://x' // 链接\n";
    const astro = "---\n// 注释\n---\n<!-- 页面注释 -->\n<p>{t('key')}</p>\n";
    expect(violations([sample('src/a.ts', ts), sample('src/b.astro', astro)], vocabulary)).toEqual([]);
  });

  it('allows a term in a vocabulary module, and nowhere else', () => {
    const source = "export const COLOURS = { red: '红色', blue: '蓝色' };\n";
    expect(violations([sample('src/domain/colours.ts', source)], vocabulary)).toEqual([]);
    expect(violations([sample('src/domain/other.ts', source)], vocabulary)).toHaveLength(2);
  });

  it('refuses a sentence in a vocabulary module: punctuation, or more than 20 characters', () => {
    const source = "const a = '红色，立即走访';\nconst b = '平时进行随访关注并且每月了解生活和健康状况';\nconst c = '请假';\n";
    expect(violations([sample('src/domain/colours.ts', source)], vocabulary)).toEqual([
      'src/domain/colours.ts:1 "红色，立即走访"',
      'src/domain/colours.ts:2 "平时进行随访关注并且每月了解生活和健康状况"',
    ]);
  });

  it('allows a word list of terms in a vocabulary module, but no sentence hidden in one', () => {
    const source = "const a = '红色 蓝色 黄色 橙色';\nconst b = '红色 按周开展走访，了解生活';\n";
    expect(violations([sample('src/domain/colours.ts', source)], vocabulary)).toEqual([
      'src/domain/colours.ts:2 "红色 按周开展走访，了解生活"',
    ]);
  });

  it('skips only the dictionary itself', () => {
    const source = "const a = '请填写';\n";
    const files = ['src/i18n/x.ts', 'worker/a.ts', 'src/schemas/b.ts', 'src/config/c.ts', 'src/search/d.ts'].map((p) => sample(p, source));
    expect(violations(files, vocabulary)).toHaveLength(4);
  });
});
