import { describe, expect, it } from 'vitest';
import { evaluate, evaluateRule, factsFrom } from '../../../src/eligibility/engine.ts';
import { RULES } from '../../../src/eligibility/rules/index.ts';
import { loadCollection } from '../../support/content.ts';
import { HOUSEHOLDS, SCENARIOS, TODAY } from '../../fixtures/eligibility-scenarios.ts';

const slugs = loadCollection('entitlements').map((e) => e.slug);

describe('rules and entitlements', () => {
  it('every entitlement has a rule', () => {
    expect(slugs.filter((s) => !(s in RULES))).toEqual([]);
  });

  it('every rule belongs to an entitlement', () => {
    expect(Object.keys(RULES).filter((s) => !slugs.includes(s))).toEqual([]);
  });

  it('every rule has a scenario table with an eligible, an ineligible and an unknown case', () => {
    for (const slug of Object.keys(RULES)) {
      expect(Object.keys(SCENARIOS[slug] ?? {}).sort(), slug).toEqual(['eligible', 'ineligible', 'maybe']);
    }
  });

  it('every criterion names its basis and every rule whom to ask', () => {
    for (const [slug, rule] of Object.entries(RULES)) {
      expect(rule.ask, slug).toMatch(/[\u4e00-\u9fff]/);
      for (const c of rule.criteria) expect(c.basis, `${slug}: ${c.label}`).toMatch(/本县|《/);
    }
  });
});

describe('scenario tables', () => {
  const cases = Object.entries(SCENARIOS).flatMap(([slug, table]) =>
    Object.entries(table).map(([decision, household]) => [slug, decision, household] as const),
  );
  it.each(cases)('%s is %s for the %s household', (slug, decision, household) => {
    const result = evaluateRule(slug, RULES[slug]!, factsFrom(HOUSEHOLDS[household], TODAY));
    expect(result.decision, JSON.stringify(result.criteria.map((c) => [c.label, c.status]))).toBe(decision);
  });
});

describe('unanswered questions', () => {
  it('never turn into a wrong no: with nothing answered, no entitlement is ineligible', () => {
    const result = evaluate(RULES, {}, TODAY);
    expect(result.summary.ineligible).toEqual([]);
    for (const r of result.results) for (const c of r.criteria) expect(c.status, `${r.slug}: ${c.label}`).toBe('unknown');
  });

  it('each criterion says in plain words why, and whether it was answered', () => {
    const [orphan] = evaluate(RULES, HOUSEHOLDS.orphanInInstitution, TODAY).results.filter((r) => r.slug === 'orphan-basic-living');
    expect(orphan!.criteria.map((c) => c.statusLabel)).toEqual(['符合', '符合', '符合']);
    expect(orphan!.criteria[1]!.reason).toContain('符合「孩子是孤儿');
    const unknown = evaluate(RULES, {}, TODAY).results.find((r) => r.slug === 'orphan-basic-living')!;
    expect(unknown.criteria[0]!.reason).toContain('您没有回答');
  });

  it('lists what the questions could not assess, and whom to ask', () => {
    const result = evaluate(RULES, HOUSEHOLDS.grandmother, TODAY);
    expect(result.notAssessed.length).toBeGreaterThan(0);
    const lunch = result.results.find((r) => r.slug === 'nutrition-lunch')!;
    expect(lunch.ask).toContain('学校');
  });
});

describe('journeys of the issue', () => {
  it('a grandmother raising a left-behind child in a 低保 family can apply for 代理妈妈 pairing and 营养午餐补助', () => {
    const { summary } = evaluate(RULES, HOUSEHOLDS.grandmother, TODAY);
    expect(summary.eligible).toEqual(expect.arrayContaining(['caring-mother-pairing', 'nutrition-lunch', 'compulsory-education-aid']));
    expect(summary.ineligible).toEqual(expect.arrayContaining(['orphan-basic-living', 'minimum-living-allowance']));
  });

  it('an orphan in an institution can apply for 孤儿基本生活保障', () => {
    const { summary } = evaluate(RULES, HOUSEHOLDS.orphanInInstitution, TODAY);
    expect(summary.eligible).toContain('orphan-basic-living');
    expect(summary.ineligible).toContain('unsupported-child-living');
  });

  it('one of the parents at home makes a child neither an orphan nor left behind', () => {
    const { summary } = evaluate(
      RULES,
      { child: { age: 8 }, father: 'workingAway', mother: 'atHome', household: { area: 'countryside' } },
      TODAY,
    );
    expect(summary.ineligible).toEqual(
      expect.arrayContaining(['caring-mother-pairing', 'orphan-basic-living', 'unsupported-child-living']),
    );
  });

  it('a parent who died and one who is missing needs an assessment, not a no', () => {
    const r = evaluate(RULES, { child: { age: 8, hukou: 'local' }, father: 'deceased', mother: 'missing' }, TODAY).results;
    expect(r.find((x) => x.slug === 'orphan-basic-living')!.decision).toBe('maybe');
    expect(r.find((x) => x.slug === 'unsupported-child-living')!.decision).toBe('eligible');
  });
});
