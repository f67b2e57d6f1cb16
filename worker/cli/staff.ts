/**
 * Staff accounts from the command line, against the local D1 (default) or production (--remote):
 *
 *   npm run staff:add -- --name 张三 --role county --township all
 *   npm run staff:add -- --name 李四 --role township --township 城关镇,东山乡 [--days 90] [--remote]
 *   npm run staff:revoke -- --id 3 [--remote]
 *
 * The token is random (256 bits), printed once as the last line of `staff:add`, and stored
 * only as its SHA-256. Roles: village (村/社区儿童主任), township (乡镇), county (县民政局), admin.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
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
import { TOKEN_PREFIX } from '../lib/staff-token.ts';
import { hashToken } from './staff-hash.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function fail(message: string): never {
  console.error(`错误：${message}`);
  process.exit(2);
}

function d1(sql: string, remote: boolean, persistTo?: string): string {
  const args = ['d1', 'execute', 'DB', remote ? '--remote' : '--local', '--yes', '--json', '--command', sql];
  if (persistTo) args.push('--persist-to', persistTo);
  const res = spawnSync(path.join(ROOT, 'node_modules/.bin/wrangler'), args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
  });
  if (res.status !== 0) fail(`wrangler d1 execute 失败：\n${res.stderr || res.stdout}`);
  return res.stdout;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

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
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    name: { type: 'string' },
    role: { type: 'string' },
    township: { type: 'string' },
    department: { type: 'string' },
    village: { type: 'string' },
    days: { type: 'string', default: String(ACCOUNT_DAYS.default) },
    id: { type: 'string' },
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
  },
});

if (command === 'add') {
  const name = values.name?.trim() || fail('请用 --name 写上姓名');
  const role =
    values.role && (STAFF_ROLES as readonly string[]).includes(values.role)
      ? values.role
      : fail(`请用 --role 选择角色：${STAFF_ROLES.join(' / ')}`);
  const townships = townshipIds(values.township ?? fail('请用 --township 写上负责的乡镇（街道），多个用逗号分开，全县写 all'));
  const department = values.department ? (resolveDepartment(values.department) ?? fail(unknownDepartmentMessage(values.department))) : null;
  const problem = accountProblem(role as StaffRole, department);
  if (problem) fail(problem);
  const wanted = (values.village ?? '')
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const { villages, unknown: strayVillages } = resolveVillages(townships, wanted);
  if (strayVillages.length) fail(`这些村（社区）不在所选的乡镇（街道）里：${strayVillages.join('、')}`);
  const days = Number(values.days);
  if (!isAccountDays(days)) fail(`--days 请写 ${ACCOUNT_DAYS.min} 到 ${ACCOUNT_DAYS.max} 之间的天数`);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expires = accountExpiry(Date.now(), days);
  d1(
    `INSERT INTO staff (name, role, townships, villages, department, token_hash, expires_at) VALUES (${quote(name)}, ${quote(role)}, ${quote(JSON.stringify(townships))}, ${villages.length ? quote(JSON.stringify(villages)) : 'NULL'}, ${department ? quote(department) : 'NULL'}, ${quote(hashToken(token))}, ${expires})`,
    values.remote,
    values['persist-to'],
  );
  console.log(
    `已创建账号：${name}（${role}${department ? `，${department}` : ''}），负责：${townships.includes('*') ? '全县' : townships.join('、')}${villages.length ? `（${villages.join('、')}）` : ''}，有效期至 ${new Date(expires).toISOString().slice(0, 10)}。`,
  );
  console.log('令牌只显示这一次，请交给本人妥善保管（登录 /staff/ 时使用）：');
  console.log(token);
} else if (command === 'revoke') {
  const id = Number(values.id);
  if (!Number.isInteger(id) || id < 1) fail('请用 --id 写上要停用的账号编号');
  d1(`UPDATE staff SET revoked_at = ${Date.now()} WHERE id = ${id}`, values.remote, values['persist-to']);
  console.log(`账号 ${id} 已停用。`);
} else {
  fail(
    '用法：npm run staff:add -- --name <姓名> --role <village|township|county|department|admin> --township <乡镇>[,<乡镇>…] [--village <村>[,<村>…]] [--department <部门>]  或  npm run staff:revoke -- --id <编号>',
  );
}
