import { describe, expect, it } from 'vitest';
import { nextStep, previousStep, progress, stepsFor } from '#src/check/journey.ts';

const TODAY = '2026-11-29';

describe('the checker journey', () => {
  it('asks every topic when nothing is known yet', () => {
    expect(stepsFor({}, TODAY)).toEqual(['child', 'school', 'health', 'parents', 'household', 'situations']);
  });

  it('goes straight to the results for someone 18 or over', () => {
    expect(nextStep('child', { child: { birthDate: '2008-11-29' } }, TODAY)).toBeNull();
    expect(nextStep('child', { child: { birthDate: '2008-11-30' } }, TODAY)).toBe('school');
  });

  it('skips the school question for a child under 3', () => {
    expect(nextStep('child', { child: { age: 2 } }, TODAY)).toBe('health');
  });

  it('skips the household questions for a child in a welfare institution', () => {
    expect(nextStep('parents', { child: { care: 'institution' } }, TODAY)).toBe('situations');
    expect(previousStep('situations', { child: { care: 'institution' } }, TODAY)).toBe('parents');
  });

  it('goes back and forward, and counts the steps that apply', () => {
    expect(previousStep('child', {}, TODAY)).toBeNull();
    expect(nextStep('situations', {}, TODAY)).toBeNull();
    expect(progress('health', { child: { age: 2 } }, TODAY)).toEqual({ step: 2, of: 5 });
  });
});
