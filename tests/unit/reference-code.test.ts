import { describe, expect, it } from 'vitest';
import {
  ACCESS_CODE_BITS,
  ALPHABET,
  encode,
  formatAccessCode,
  isReference,
  kindOf,
  newReference,
  normalizeAccessCode,
  normalizeReference,
} from '#src/domain/reference-code.ts';
import { idNumberProblem, mobileProblem } from '#src/domain/validators.ts';

describe('references and access codes', () => {
  it('use no easily confused characters', () => {
    for (const c of '0O1I2Z') expect(ALPHABET).not.toContain(c);
    expect(new Set(ALPHABET).size).toBe(ALPHABET.length);
  });

  it('look like A-7K3F9M4P and say their kind', () => {
    const ref = newReference('application');
    expect(isReference(ref)).toBe(true);
    expect(kindOf(ref)).toBe('application');
    expect(kindOf(newReference('volunteer'))).toBe('volunteer');
    expect(kindOf(newReference('report'))).toBe('report');
  });

  it('carry at least 50 bits in an access code', () => {
    expect(ACCESS_CODE_BITS).toBeGreaterThan(50);
  });

  it('spread evenly over the alphabet', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++)
      for (const c of encode(crypto.getRandomValues(new Uint8Array(16)), 12)) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (3000 * 12) / ALPHABET.length;
    for (const c of ALPHABET) expect(Math.abs(counts.get(c)! - expected) / expected, c).toBeLessThan(0.15);
  });

  it('are read back whatever the case, spaces and dashes', () => {
    expect(normalizeReference(' a-7k3f9m4p ')).toBe('A-7K3F9M4P');
    expect(normalizeReference('a7k3f9m4p')).toBe('A-7K3F9M4P');
    expect(normalizeAccessCode('7k3f 9m4p-q8rt')).toBe('7K3F9M4PQ8RT');
    expect(formatAccessCode('7K3F9M4PQ8RT')).toBe('7K3F-9M4P-Q8RT');
  });
});

describe('ID numbers and phones', () => {
  it('checks the GB 11643 check digit and says what is wrong', () => {
    expect(idNumberProblem('110105201705100014')).toBeNull();
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem('110105201705100015')).toContain('校验码');
    expect(idNumberProblem('1101052017051000')).toContain('18 位');
    expect(idNumberProblem('11010520170230001X')).toContain('出生日期');
    expect(idNumberProblem('1101052017051000A4')).toContain('数字');
  });

  it('checks mainland mobile numbers', () => {
    expect(mobileProblem('13800138000')).toBeNull();
    expect(mobileProblem('138 0013 8000')).toBeNull();
    expect(mobileProblem('1380013800')).toContain('11 位');
    expect(mobileProblem('12800138000')).toContain('13 到 19');
    expect(mobileProblem('1380013800a')).toContain('数字');
  });
});
