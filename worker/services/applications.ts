/**
 * Assistance applications: pre-screened with the same rules as the checker, stored with the
 * personal fields encrypted, once per idempotency key.
 */
import { todayInChina } from '../../src/eligibility/age.ts';
import type { Answers } from '../../src/eligibility/answers.ts';
import { evaluate } from '../../src/eligibility/engine.ts';
import { RULES } from '../../src/eligibility/rules/index.ts';
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/privacy.ts';
import type { ApplicationRequest } from '../../src/schemas/requests.ts';
import type { Database } from '../db/client.ts';
import type { Env } from '../env.ts';
import { encryptJson } from '../lib/crypto.ts';
import { submitIntake, type Receipt } from './intake.ts';

/** The answers used for pre-screening: the checker's, completed with what the form itself says. */
export function screeningAnswers(body: ApplicationRequest): Answers {
  const answers = structuredClone(body.answers ?? {});
  answers.child = { ...answers.child, birthDate: body.child.birthDate };
  delete answers.child.age;
  answers.household = { ...answers.household, township: body.address.township };
  return answers;
}

export function prescreen(body: ApplicationRequest, today: string) {
  const answers = screeningAnswers(body);
  const all = evaluate(RULES, answers, today);
  const result = all.results
    .filter((r) => body.entitlements.includes(r.slug))
    .map((r) => ({ slug: r.slug, decision: r.decision, criteria: r.criteria.map((c) => ({ label: c.label, status: c.status })) }));
  return { answers, result, matches: result.filter((r) => r.decision !== 'ineligible').length };
}

export async function createApplication(
  env: Env,
  db: Database,
  body: ApplicationRequest,
  idempotencyKey: string,
  ip: string,
): Promise<Receipt> {
  return submitIntake(env, db, {
    kind: 'application',
    body,
    idempotencyKey,
    ip,
    withCode: true,
    values: async (reference, accessHash) => {
      const screening = prescreen(body, todayInChina());
      return {
        accessHash,
        township: body.address.township,
        village: body.address.village,
        entitlements: JSON.stringify(body.entitlements),
        consentVersion: PRIVACY_NOTICE_VERSION,
        consentAt: Date.now(),
        prescreenMatches: screening.matches,
        personalEnc: await encryptJson(env.DATA_KEY, reference, {
          applicant: body.applicant,
          child: body.child,
          address: body.address.detail,
          circumstances: body.circumstances ?? '',
        }),
        screeningEnc: await encryptJson(env.DATA_KEY, reference, { answers: screening.answers, result: screening.result }),
      };
    },
  });
}
