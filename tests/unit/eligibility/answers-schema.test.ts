import { describe, expect, it } from 'vitest';
import { answersSchema } from '#src/eligibility/answers-schema.ts';
import fixture from '../../fixtures/api/eligibility.json' with { type: 'json' };

const issues = (value: unknown) => {
  const r = answersSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the answers schema', () => {
  it('accepts the documented fixture and an empty object (every question is optional)', () => {
    expect(issues(fixture.answers)).toEqual([]);
    expect(issues({})).toEqual([]);
  });

  it('rejects an impossible date with a message that says what to check', () => {
    expect(issues({ child: { birthDate: '2015-02-30' } })).toEqual(['child.birthDate: 这个日期不存在，请检查年、月、日']);
    expect(issues({ child: { birthDate: '2015/02/03' } })[0]).toContain('年-月-日');
  });

  it('rejects unknown keys', () => {
    expect(issues({ child: { name: '小明' } }).length).toBe(1);
    expect(issues({ income: 1000 }).length).toBe(1);
  });

  it('rejects wrong types and out-of-range values with Chinese messages', () => {
    for (const bad of [
      { child: { age: '十' } },
      { child: { age: -1 } },
      { child: { age: 3.5 } },
      { child: { disabilityGrade: 5 } },
      { father: 'astronaut' },
      { situations: { flying: true } },
      { household: { area: 'sea' } },
      { child: { disabled: 'yes' } },
    ]) {
      const found = issues(bad);
      expect(found.length, JSON.stringify(bad)).toBeGreaterThan(0);
      for (const m of found) expect(m, JSON.stringify(bad)).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('rejects a body that is not an object', () => {
    for (const bad of [null, [], 'answers', 42]) expect(issues(bad).length, String(bad)).toBeGreaterThan(0);
  });
});
