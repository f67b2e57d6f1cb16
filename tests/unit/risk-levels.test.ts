import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextVisitDue, RISK_LEVEL_KEYS, RISK_LEVELS, riskMeasure } from '#src/domain/risk-levels.ts';
import { loadCollection, ROOT } from '../support/content.ts';
import { builtPages } from '../support/pages.ts';

/** The seed's passage (篇二 四(二)4), copied verbatim into tests/fixtures/seed/. */
const SEED = readFileSync(path.join(ROOT, 'tests/fixtures/seed/risk-levels.txt'), 'utf8');

/** One way of writing the seed and our text: no page marks or spaces, full-width punctuation. */
function normalise(text: string): string {
  return text
    .replace(/-\s*\d+\s*-/g, '')
    .replace(/\s+/g, '')
    .replace(/,/g, '，')
    .replace(/;/g, '；')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/:/g, '：');
}

describe('the risk levels are the seed’s (篇二 四(二)4)', () => {
  it('each level’s measure is the seed’s own words', () => {
    // 红色 leaves out the name of the city's 专门学校 regulation, a placeholder in the seed.
    const seed = normalise(SEED).replace(/按《[^》]*》进行/g, '');
    for (const key of RISK_LEVEL_KEYS) {
      const { label } = RISK_LEVELS[key];
      const measure = riskMeasure(key);
      expect(seed, key).toContain(`对${label}等级未成年人${normalise(measure)}`);
    }
  });

  it('none of them says 「每季度」, 「24 小时」 or that a case is reported to the bureau', () => {
    const all = JSON.stringify(RISK_LEVEL_KEYS.map((k) => ({ ...RISK_LEVELS[k], measure: riskMeasure(k) })));
    for (const invented of ['季度', '小时', '报县', '民政局']) expect(all).not.toContain(invented);
  });
});

describe('the next visit', () => {
  const unset = { blue: null, red: null };
  const at = (iso: string) => new Date(iso);

  it('黄 is due the same day a month later in China, or the month’s last day', () => {
    // 10:00 on 31 January in China → 28 February (2027 is a common year).
    expect(nextVisitDue('yellow', at('2027-01-31T02:00:00Z'), unset)?.toISOString()).toBe('2027-02-28T02:00:00.000Z');
    // 07:00 on 1 December in China is still 30 November in UTC: the month is China's.
    expect(nextVisitDue('yellow', at('2026-11-30T23:00:00Z'), unset)?.toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('橙 is due a week later', () => {
    expect(nextVisitDue('orange', at('2026-11-29T02:00:00Z'), unset)?.toISOString()).toBe('2026-12-06T02:00:00.000Z');
  });

  it('蓝 and 红 follow the county’s days, and have no due date while the county has set none', () => {
    expect(nextVisitDue('blue', at('2026-11-29T02:00:00Z'), unset)).toBeNull();
    expect(nextVisitDue('red', at('2026-11-29T02:00:00Z'), unset)).toBeNull();
    const set = { blue: 60, red: 1 };
    expect(nextVisitDue('blue', at('2026-11-29T02:00:00Z'), set)?.toISOString()).toBe('2027-01-28T02:00:00.000Z');
    expect(nextVisitDue('red', at('2026-11-29T02:00:00Z'), set)?.toISOString()).toBe('2026-11-30T02:00:00.000Z');
  });
});

describe('pages say what a level means only through src/domain/risk-levels.ts', () => {
  const collections = ['policies', 'entitlements', 'laws', 'guides', 'hotlines'] as const;
  const files = collections.flatMap((c) =>
    loadCollection(c).map((f) => ({ file: f.file, text: readFileSync(path.join(ROOT, f.file), 'utf8') })),
  );
  // A colour and what is done about it in one sentence: that is a restatement of the level.
  const restated = /(蓝|黄|橙|红)色[^。；\n]{0,24}(随访|走访|结对|干预|救助|关注|每月|每周|按周|季度|小时|处置)/;

  it('no content file restates a level in its own words (they use <RiskLevels /> or <RiskLevel />)', () => {
    const found = files.flatMap(({ file, text }) =>
      text
        .replace(/<RiskLevels?\b[^>]*\/>/g, '')
        .replace(/^keywords:.*$/m, '')
        .split(/[。；\n]/)
        .filter((s) => restated.test(s))
        .map((s) => `${file}: ${s.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('the risk-level policy page shows the table', () => {
    expect(files.find((f) => f.file.endsWith('policies/risk-levels.mdx'))!.text).toContain('<RiskLevels />');
  });

  it('every built page that names a level’s measure shows the domain’s words', () => {
    const measures: string[] = RISK_LEVEL_KEYS.map((k) => riskMeasure(k));
    let shown = 0;
    for (const page of builtPages()) {
      const html = readFileSync(path.join(ROOT, 'dist', page, 'index.html'), 'utf8');
      for (const [, text] of html.matchAll(/data-risk-measure[^>]*>([^<]*)</g)) {
        expect(measures, page).toContain(text);
        shown++;
      }
    }
    expect(shown).toBeGreaterThan(0);
  });
});
