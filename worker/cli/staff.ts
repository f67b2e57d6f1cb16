/**
 * Staff accounts from the command line, against the local D1 (default) or production (--remote):
 *
 *   npm run staff:add -- --name 张三 --role county --township all [--phone 13800138000]
 *   npm run staff:add -- --name 李四 --role township --township 城关镇,东山乡 [--days 90] [--remote]
 *   npm run staff:add -- --name 王五 --role department --department education --township all
 *   npm run staff:revoke -- --id 3 [--remote]
 *
 * The token is random (256 bits), printed once as the last line of `staff:add`, and stored
 * only as its SHA-256: it is the first factor of signing in to /staff/, a passkey or a code by
 * SMS to --phone the second (docs/staff.md). An account made here is approved when it is made:
 * whoever runs this holds the deploy credentials. --phone is stored encrypted, so it needs
 * DATA_KEY: from the environment (DATA_KEY="…" npm run staff:add … --remote), or locally from
 * .dev.vars. Roles: village (村/社区儿童主任), township (乡镇), county (县民政局), department
 * (a member department: --department), admin.
 */
import { randomBytes } from 'node:crypto';
import {
  ACCOUNT_DAYS,
  accountExpiry,
  accountProblem,
  isAccountDays,
  resolveDepartment,
  resolveTownships,
  resolveVillages,
  unknownDepartmentMessage,
  unknownTownshipsMessage,
} from '#src/domain/staff-accounts.ts';
import type { StaffRole } from '#src/domain/staff-roles.ts';
import { STAFF_ROLES } from '#src/domain/staff-roles.ts';
import { maskPhone } from '#src/domain/sms.ts';
import { mobileProblem, normalizeMobile } from '#src/domain/validators.ts';
import { encryptJson, KeyUnavailableError } from '../lib/crypto.ts';
import { TOKEN_PREFIX } from '../lib/staff-token.ts';
import { commandOptions, dataKeyFor, fail, openDatabase, quote } from './database.ts';
import { hashToken } from './staff-hash.ts';
import { t } from '#src/i18n/index.ts';
import { EVERY_TOWNSHIP } from '#src/domain/township-scope.ts';

function townshipIds(list: string): string[] {
  const { ids, unknown } = resolveTownships(
    list
      .split(/[,，、]/)
      .map((s) => s.trim())
      .filter(Boolean),
  );
  if (unknown.length) fail(unknownTownshipsMessage(unknown));
  return ids;
}

const command = process.argv[2];
const { values, where } = commandOptions({
  name: { type: 'string' },
  role: { type: 'string' },
  township: { type: 'string' },
  department: { type: 'string' },
  village: { type: 'string' },
  phone: { type: 'string' },
  days: { type: 'string', default: String(ACCOUNT_DAYS.default) },
  id: { type: 'string' },
});

if (command === 'add') {
  const name = values.name?.trim() || fail(t('cli.staff.name'));
  const role =
    values.role && (STAFF_ROLES as readonly string[]).includes(values.role)
      ? values.role
      : fail(t('cli.staff.role', { roles: STAFF_ROLES.join(' / ') }));
  const townships = townshipIds(values.township ?? fail(t('cli.staff.township')));
  const department = values.department ? (resolveDepartment(values.department) ?? fail(unknownDepartmentMessage(values.department))) : null;
  const problem = accountProblem(role as StaffRole, department);
  if (problem) fail(problem);
  const wanted = (values.village ?? '')
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const { villages, unknown: strayVillages } = resolveVillages(townships, wanted);
  if (strayVillages.length) fail(t('api.staff.strayVillages', { villages: strayVillages.join('、') }));
  const days = Number(values.days);
  if (!isAccountDays(days)) fail(t('cli.staff.days', { min: ACCOUNT_DAYS.min, max: ACCOUNT_DAYS.max }));
  const phone = values.phone === undefined ? null : normalizeMobile(values.phone);
  if (phone !== null && mobileProblem(phone)) fail(t('cli.staff.phone'));
  const dataKey = phone === null ? undefined : dataKeyFor(where);
  if (phone !== null && !dataKey) fail(t('cli.staff.dataKey'));
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = Date.now();
  const expires = accountExpiry(now, days);
  const db = await openDatabase(where);
  const [{ id }] = (await db.query<{ id: number }>(
    `INSERT INTO staff (name, role, townships, villages, department, token_hash, expires_at, approved_at) VALUES (${quote(name)}, ${quote(role)}, ${quote(JSON.stringify(townships))}, ${villages.length ? quote(JSON.stringify(villages)) : 'NULL'}, ${department ? quote(department) : 'NULL'}, ${quote(hashToken(token))}, ${expires}, ${now}) RETURNING id`,
  )) as [{ id: number }];
  if (phone !== null) {
    let phoneEnc: string;
    try {
      // Bound to the account, as the Worker reads it (services/staff-sign-in.ts phoneOf).
      phoneEnc = await encryptJson(dataKey, 'staff.phone_enc', `staff:${id}`, phone);
    } catch (error) {
      if (error instanceof KeyUnavailableError) fail(t('cli.staff.dataKeyUnusable', { problem: error.problem }));
      throw error;
    }
    await db.exec([`UPDATE staff SET phone_enc = ${quote(phoneEnc)} WHERE id = ${id}`]);
  }
  await db.close();
  console.log(
    t('cli.staff.created', {
      id,
      name,
      role,
      department: department ? `，${department}` : '',
      townships: townships.includes(EVERY_TOWNSHIP) ? t('cli.staff.wholeCounty') : townships.join('、'),
      villages: villages.length ? `（${villages.join('、')}）` : '',
      expires: new Date(expires).toISOString().slice(0, 10),
      phone: phone ? t('cli.staff.createdPhone', { phone: maskPhone(phone) }) : '',
    }),
  );
  console.log(t('cli.staff.tokenOnce'));
  console.log(token);
} else if (command === 'revoke') {
  const id = Number(values.id);
  if (!Number.isInteger(id) || id < 1) fail(t('cli.staff.id'));
  const now = Date.now();
  // Revoked, and signed out everywhere at once.
  const db = await openDatabase(where);
  await db.exec([
    `UPDATE staff SET revoked_at = ${now} WHERE id = ${id}`,
    `UPDATE staff_sessions SET ended_at = ${now} WHERE staff_id = ${id} AND ended_at IS NULL`,
  ]);
  await db.close();
  console.log(t('cli.staff.revoked', { id }));
} else {
  fail(t('cli.staff.usage'));
}
