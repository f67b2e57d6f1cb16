import type { Answers } from '../eligibility/answers.ts';

/**
 * What /check/ hands to /apply/ when the person presses 「继续在线申请」, and not before:
 * kept in sessionStorage, never in the address, and cleared by /apply/ after submitting.
 */
export const CHECK_STORAGE_KEY = 'tonghu.check';

export interface CheckHandOver {
  entitlements: string[];
  answers: Answers;
  /** The date the answers were evaluated on. */
  at: string;
}
