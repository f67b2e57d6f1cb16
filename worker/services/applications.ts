/**
 * Assistance applications: pre-screened with the same rules as the checker, stored with the
 * personal fields encrypted, once per idempotency key.
 */
import { todayInChina } from '#src/eligibility/age.ts';
import type { Answers } from '#src/eligibility/answers.ts';
import { evaluate } from '#src/eligibility/engine.ts';
import { RULES } from '#src/eligibility/rules/index.ts';
import { RULE_SETTINGS } from '#src/config/rule-settings.ts';
import { PRIVACY_NOTICE_VERSION } from '#src/domain/privacy.ts';
import type { ApplicationRequest } from '#src/schemas/requests.ts';
import type { Database } from '../db/client.ts';
import type { Env } from '../env.ts';
import { newReference } from '#src/domain/reference-code.ts';
import { sql } from 'drizzle-orm';
import { encryptJson } from '../lib/crypto.ts';
import { findCase, indexStatements, openCaseStatements, type CasePersonal } from './case-files.ts';
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
  const all = evaluate(RULES, answers, today, RULE_SETTINGS);
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
    phone: body.applicant.phone,
    withCode: true,
    contact: { phone: body.applicant.phone, sms: body.notify?.sms ?? true },
    // The child's file: the one the child already has (by ID number, or name and birth date in
    // the township), or a new one opened with the application, in the same batch.
    belongsTo: async () => {
      const child: CasePersonal['child'] = { name: body.child.name, birthDate: body.child.birthDate, idNumber: body.child.idNumber };
      const applicant = { names: [body.applicant.name], phones: [body.applicant.phone] };
      const found = await findCase(env, db, { township: body.address.township, child });
      if (found) {
        // Indexed under the file's township, not the application's: the staff who follow the
        // child (the file's township) find it by this applicant's name and phone too.
        return {
          values: { caseId: found.id },
          before: [],
          after: await indexStatements(env, db, { reference: found.reference, township: found.township }, applicant),
        };
      }
      const reference = newReference('case');
      const personal: CasePersonal = {
        child,
        people: [{ name: body.applicant.name, phone: body.applicant.phone, relationship: body.applicant.relationship }],
        address: body.address.detail,
      };
      return {
        values: { caseId: sql`(SELECT id FROM cases WHERE reference = ${reference})` },
        before: await openCaseStatements(env, db, {
          reference,
          township: body.address.township,
          village: body.address.village,
          origin: 'application',
          personal,
          actor: { kind: 'applicant' },
        }),
        after: [],
      };
    },
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
        personalEnc: await encryptJson(env.DATA_KEY, 'applications.personal_enc', reference, {
          applicant: body.applicant,
          child: body.child,
          address: body.address.detail,
          circumstances: body.circumstances ?? '',
        }),
        screeningEnc: await encryptJson(env.DATA_KEY, 'applications.screening_enc', reference, {
          answers: screening.answers,
          result: screening.result,
        }),
      };
    },
  });
}
