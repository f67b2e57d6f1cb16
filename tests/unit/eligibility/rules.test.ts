import { describe, expect, it } from 'vitest';
import { evaluate, evaluateRule, factsFrom, type Decision } from '#src/eligibility/engine.ts';
import { CHOICES, type Answers } from '#src/eligibility/answers.ts';
import { RULES } from '#src/eligibility/rules/index.ts';
import { loadCollection } from '../../support/content.ts';
import { readFileSync } from 'node:fs';
import { BOUNDARIES, HOUSEHOLDS, SCENARIOS, TODAY } from '../../fixtures/eligibility-scenarios.ts';
import { SCENARIO_DOC, describeAnswers, scenarioDoc } from '../../fixtures/eligibility-doc.ts';

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

describe('each side of a line (age, school stage, household)', () => {
  it.each(BOUNDARIES.map((b) => [b.slug, b.case, b] as const))('%s: %s', (slug, _, b) => {
    const result = evaluateRule(slug, RULES[slug]!, factsFrom(b.answers, b.today ?? TODAY, b.settings));
    expect(result.decision, JSON.stringify(result.criteria.map((c) => [c.label, c.status]))).toBe(b.expected);
  });

  it('every boundary names a rule that exists', () => {
    expect(BOUNDARIES.map((b) => b.slug).filter((s) => !(s in RULES))).toEqual([]);
  });

  it('every line a rule draws by age, school stage or household has a case on each side of it', () => {
    const missing = Object.keys(RULES).flatMap((slug) => {
      const cases = BOUNDARIES.filter((b) => b.slug === slug);
      const ages = new Set(cases.map((b) => factsFrom(b.answers, b.today ?? TODAY).age));
      const gaps: string[] = [];
      const { ageLines, valueSides } = linesOf(slug);
      for (const age of ageLines) for (const side of [age - 1, age]) if (!ages.has(side)) gaps.push(`${age - 1}|${age} 岁：缺 ${side} 岁`);
      for (const [path, sides] of Object.entries(valueSides))
        for (const side of sides)
          if (!cases.some((b) => side.includes(String(valueAt(b.answers, path))))) gaps.push(`${path}：缺 ${side.join('/')} 这一边`);
      return gaps.map((g) => `${slug} ${g}`);
    });
    expect(missing).toEqual([]);
  });
});

/** The answers whose values a rule may draw a line between: the school stage and the household's. */
const VALUES: Record<string, string[]> = {
  'child.schoolStage': Object.keys(CHOICES.schoolStage),
  'household.assistance': Object.keys(CHOICES.assistance),
  'household.suddenHardship': ['true', 'false'],
  'household.unemployedAdult': ['true', 'false'],
  'household.area': Object.keys(CHOICES.area),
};

const valueAt = (a: Answers, path: string) => path.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown>)?.[k], a);

function withValue(a: Answers, path: string, value: string): Answers {
  const [group, key] = path.split('.') as ['child' | 'household', string];
  const parsed = value === 'true' ? true : value === 'false' ? false : value;
  return { ...a, [group]: { ...a[group], [key]: parsed } };
}

/**
 * Where a rule's answer changes when one answer moves and the rest of its eligible household
 * stays: the ages where it changes (0 to 25 whole years, with the school stage as answered and
 * unanswered), and, for each stage or household answer, its values grouped by the answer they
 * give (a group per side of the line). Found by asking the rule, so a new line needs new cases.
 */
function linesOf(slug: string): { ageLines: number[]; valueSides: Record<string, string[][]> } {
  const base = HOUSEHOLDS[SCENARIOS[slug]!.eligible!] as Answers;
  const decision = (a: Answers) => evaluateRule(slug, RULES[slug]!, factsFrom(a, TODAY)).decision;
  const { birthDate: _, ...child } = base.child ?? {};
  const { schoolStage: __, ...unstaged } = child;
  const ageLines = new Set<number>();
  for (const c of [child, unstaged])
    for (let age = 1; age <= 25; age++)
      if (decision({ ...base, child: { ...c, age: age - 1 } }) !== decision({ ...base, child: { ...c, age } })) ageLines.add(age);
  const valueSides: Record<string, string[][]> = {};
  for (const [path, values] of Object.entries(VALUES)) {
    const sides = new Map<Decision, string[]>();
    for (const v of values) {
      const d = decision(withValue(base, path, v));
      sides.set(d, [...(sides.get(d) ?? []), v]);
    }
    if (sides.size > 1) valueSides[path] = [...sides.values()];
  }
  return { ageLines: [...ageLines].sort((a, b) => a - b), valueSides };
}

describe('what the answers say in words', () => {
  it('an orphan about to turn 18 is told to ask in advance, not told no', () => {
    const housing = evaluate(RULES, { child: { birthDate: '2008-12-30' }, father: 'deceased', mother: 'deceased' }, TODAY, {
      comingOfAgeMonths: 6,
    }).results.find((r) => r.slug === 'orphan-adult-housing')!;
    expect(housing.decisionLabel).toBe('可能符合');
    expect(housing.criteria[0]!.reason).toContain('可以提前咨询');
  });

  it('while the county has not set the window, the reason says so', () => {
    const housing = evaluate(RULES, { child: { age: 10 }, father: 'deceased', mother: 'deceased' }, TODAY).results.find(
      (r) => r.slug === 'orphan-adult-housing',
    )!;
    expect(housing.decision).toBe('maybe');
    expect(housing.criteria[0]!.reason).toContain('本县还没有规定');
  });

  it('a child out of school is never told no for 义务教育、控辍保学 or 送教上门 for being out of school', () => {
    for (const child of [
      { age: 13, disabled: true, schoolStage: 'notYet' },
      { age: 15, schoolStage: 'outOfSchool' },
    ] as const) {
      const { results } = evaluate(RULES, { child }, TODAY);
      for (const slug of [
        'compulsory-education-aid',
        'dropout-return',
        ...(child.schoolStage === 'notYet' ? ['disabled-child-education'] : []),
      ])
        expect(results.find((r) => r.slug === slug)!.decision, `${slug} ${JSON.stringify(child)}`).not.toBe('ineligible');
    }
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
    const { summary, results } = evaluate(
      RULES,
      {
        child: { age: 8, hukou: 'local', disabled: false },
        father: 'workingAway',
        mother: 'atHome',
        household: { area: 'countryside', assistance: 'none' },
      },
      TODAY,
    );
    expect(summary.ineligible).toEqual(
      expect.arrayContaining(['caring-mother-pairing', 'orphan-basic-living', 'unsupported-child-living']),
    );
    expect(results.find((r) => r.slug === 'caring-mother-pairing')!.criteria[1]!.status).toBe('notMet');
  });

  it('a parent who died and one who is missing needs an assessment, not a no', () => {
    const r = evaluate(RULES, { child: { age: 8, hukou: 'local' }, father: 'deceased', mother: 'missing' }, TODAY).results;
    expect(r.find((x) => x.slug === 'orphan-basic-living')!.decision).toBe('maybe');
    expect(r.find((x) => x.slug === 'unsupported-child-living')!.decision).toBe('eligible');
  });
});

describe('the scenario table for the county (docs/eligibility-scenarios.md)', () => {
  it('is current (run npm run docs:scenarios and commit it)', () => {
    expect(readFileSync(SCENARIO_DOC, 'utf8')).toBe(scenarioDoc());
  });

  it('describes a household in the checker’s words', () => {
    expect(describeAnswers(HOUSEHOLDS.singleParent)).toBe('11 岁；本县户口；父亲：离婚或分开了，不和孩子一起生活；母亲：在家，能照顾孩子');
    expect(describeAnswers({})).toBe('什么都没回答');
  });
});
