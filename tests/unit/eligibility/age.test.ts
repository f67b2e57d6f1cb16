import { describe, expect, it } from 'vitest';
import { ageOn, isRealDate, todayInChina } from '#src/eligibility/age.ts';
import { evaluate } from '#src/eligibility/engine.ts';
import { RULES } from '#src/eligibility/rules/index.ts';

const decisionOf = (slug: string, birthDate: string, today: string, extra = {}) =>
  evaluate(RULES, { child: { birthDate, ...extra } }, today).results.find((r) => r.slug === slug)!.decision;

describe("age from the birth date and the caller's today", () => {
  it('turns 18 on the 18th birthday, not a day before', () => {
    expect(ageOn('2008-11-29', '2026-11-28')).toBe(17);
    expect(ageOn('2008-11-29', '2026-11-29')).toBe(18);
  });

  it('a child born on 29 February is a year older on 1 March of a common year', () => {
    expect(ageOn('2016-02-29', '2026-02-28')).toBe(9);
    expect(ageOn('2016-02-29', '2026-03-01')).toBe(10);
  });

  it("on the 18th birthday the minors' entitlements no longer apply; the day before they do", () => {
    expect(decisionOf('psychological-counselling', '2008-11-29', '2026-11-28')).toBe('eligible');
    expect(decisionOf('psychological-counselling', '2008-11-29', '2026-11-29')).toBe('ineligible');
    expect(decisionOf('orphan-adult-housing', '2008-11-29', '2026-11-29', {})).toBe('maybe');
  });

  it('school age begins on the 6th birthday', () => {
    const disabled = { disabled: true };
    expect(decisionOf('disabled-child-education', '2020-11-29', '2026-11-28', disabled)).toBe('ineligible');
    expect(decisionOf('disabled-child-education', '2020-11-29', '2026-11-29', disabled)).toBe('eligible');
  });

  it('without a school stage, a child under 6 is not yet at primary school', () => {
    const r = evaluate(RULES, { child: { birthDate: '2021-01-01' }, household: { assistance: 'minimumLivingAllowance' } }, '2026-11-29');
    expect(r.results.find((x) => x.slug === 'nutrition-lunch')!.decision).toBe('ineligible');
  });

  it('checks calendar dates and knows today in China', () => {
    expect(isRealDate('2015-02-29')).toBe(false);
    expect(isRealDate('2016-02-29')).toBe(true);
    expect(isRealDate('2015-13-01')).toBe(false);
    expect(todayInChina(new Date('2026-11-28T16:30:00Z'))).toBe('2026-11-29');
  });
});
