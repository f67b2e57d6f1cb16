/** Volunteer and 爱心妈妈 sign-ups: the same intake machinery as applications. */
import { PRIVACY_NOTICE_VERSION } from '#src/domain/privacy.ts';
import type { VolunteerRequest } from '#src/schemas/requests.ts';
import type { Database } from '../db/client.ts';
import type { Env } from '../env.ts';
import { encryptJson } from '../lib/crypto.ts';
import { submitIntake, type Receipt } from './intake.ts';

export async function createVolunteer(
  env: Env,
  db: Database,
  body: VolunteerRequest,
  idempotencyKey: string,
  ip: string,
): Promise<Receipt> {
  return submitIntake(env, db, {
    kind: 'volunteer',
    body,
    idempotencyKey,
    ip,
    phone: body.phone,
    withCode: true,
    contact: { phone: body.phone, sms: body.notify?.sms ?? false },
    values: async (reference, accessHash) => {
      const now = Date.now();
      return {
        accessHash,
        township: body.serve.township,
        village: body.serve.village,
        role: body.role,
        skills: JSON.stringify(body.skills),
        availability: JSON.stringify(body.availability),
        capacity: body.capacity,
        backgroundConsentAt: now,
        consentVersion: PRIVACY_NOTICE_VERSION,
        consentAt: now,
        personalEnc: await encryptJson(env.DATA_KEY, 'volunteers.personal_enc', reference, {
          name: body.name,
          phone: body.phone,
          idNumber: body.idNumber,
          experience: body.experience ?? '',
        }),
      };
    },
  });
}
