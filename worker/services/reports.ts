/**
 * Reports of a child at risk. An anonymous report stores no contact at all; a reporter who
 * wants to follow it up gets a reference and an access code, and the lookup shows only the
 * status, never what was reported.
 */
import { PRIVACY_NOTICE_VERSION } from '#src/domain/privacy.ts';
import type { ReportRequest } from '#src/schemas/requests.ts';
import type { Database } from '../db/client.ts';
import type { Env } from '../env.ts';
import { eq } from 'drizzle-orm';
import { reports } from '../db/schema.ts';
import { encryptJson } from '../lib/crypto.ts';
import { submitIntake, type Receipt } from './intake.ts';

export async function createReport(env: Env, db: Database, body: ReportRequest, idempotencyKey: string, ip: string): Promise<Receipt> {
  const { reporter } = body;
  const contact = reporter.name || reporter.phone ? { name: reporter.name ?? null, phone: reporter.phone ?? null } : null;
  const receipt = await submitIntake(env, db, {
    kind: 'report',
    body,
    idempotencyKey,
    ip,
    phone: reporter.phone,
    withCode: reporter.followUp,
    // Only a reporter who follows the report up, and left a phone for it, can get messages.
    contact: reporter.followUp ? { phone: reporter.phone ?? null, sms: body.notify?.sms ?? false } : undefined,
    values: async (reference, accessHash) => ({
      accessHash,
      township: body.where.township,
      village: body.where.village ?? '',
      categories: JSON.stringify(body.categories),
      ageBand: body.ageBand,
      inDanger: body.inDanger,
      reporterRole: reporter.role,
      consentVersion: PRIVACY_NOTICE_VERSION,
      consentAt: Date.now(),
      personalEnc: await encryptJson(env.DATA_KEY, 'reports.personal_enc', reference, {
        description: body.description,
        place: body.where.place,
        contact,
      }),
    }),
  });
  // A teacher, doctor … who reported under their name must be able to show they did (强制报告,
  // 《未成年人保护法》第十一条): a dated receipt, the same on a replay (the row's own time).
  if (!reporter.name || reporter.role === 'none') return receipt;
  const [row] = await db.select({ at: reports.createdAt }).from(reports).where(eq(reports.reference, receipt.reference)).limit(1);
  return { ...receipt, dutyReport: { receivedAt: new Date(row?.at ?? Date.now()).toISOString(), role: reporter.role } };
}
