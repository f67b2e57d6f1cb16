/**
 * The checker's journey: which step comes after which, and which steps to skip for the
 * answers so far. Kept apart from the page script so it can be tested on its own.
 */
import type { Answers } from '../eligibility/answers.ts';
import { factsFrom } from '../eligibility/engine.ts';

export const STEP_IDS = ['child', 'school', 'health', 'parents', 'household', 'situations'] as const;
export type StepId = (typeof STEP_IDS)[number];

/** Steps that apply to these answers, in order. */
export function stepsFor(answers: Answers, today: string): StepId[] {
  const a = factsFrom(answers, today).age;
  // An adult is outside the programme: go straight to the results after the first step.
  if (a !== undefined && a >= 18) return ['child'];
  return STEP_IDS.filter((id) => {
    if (id === 'school') return a === undefined || a >= 3; // babies and toddlers have no school stage to ask about
    if (id === 'household') return answers.child?.care !== 'institution'; // a child in a welfare institution has no household to ask about
    return true;
  });
}

/** The step after `current`, or null when the next thing is the results. */
export function nextStep(current: StepId, answers: Answers, today: string): StepId | null {
  const steps = stepsFor(answers, today);
  const i = steps.indexOf(current);
  return i >= 0 && i < steps.length - 1 ? steps[i + 1]! : null;
}

/** The step before `current`, or null on the first step. */
export function previousStep(current: StepId, answers: Answers, today: string): StepId | null {
  const steps = stepsFor(answers, today);
  const i = steps.indexOf(current);
  return i > 0 ? steps[i - 1]! : null;
}

/** 「第 2 步，共 5 步」. */
export function progress(current: StepId, answers: Answers, today: string): { step: number; of: number } {
  const steps = stepsFor(answers, today);
  return { step: steps.indexOf(current) + 1, of: steps.length };
}
