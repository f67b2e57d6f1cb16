import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import eligibility from '../fixtures/api/eligibility.json' with { type: 'json' };
import report from '../fixtures/api/report.json' with { type: 'json' };
import volunteer from '../fixtures/api/volunteer.json' with { type: 'json' };
import { ROOT } from '../support/content.ts';
import { setAt } from '../support/json.ts';
import { PERSONAL } from '../support/personal-data.ts';
import { ownCaller } from '../support/callers.ts';
import { startServer, type DevServer } from '../support/server.ts';
import { PARAMS } from './params.ts';
import { record } from './record.ts';
import { d1, log, rowCounts, staffToken } from './support.ts';

interface Case {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  raw?: string;
  json?: unknown;
  fixture?: string;
  auth?: 'none' | 'bad' | 'expired' | 'county';
  key?: boolean;
  expect: number | '4xx';
  html?: boolean;
}

const fixtures: Record<string, Record<string, unknown>> = { application, volunteer, report, eligibility };

/** Every leaf of a JSON value, as a path. */
function leaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, Array.isArray(value) ? Number(k) : k]));
  return [at];
}

/**
 * Generated from the valid fixtures: each field of each public body replaced by values of the
 * wrong kind, broken text and payloads in format fields. None of them is a valid request.
 */
function generated(limit: number): Case[] {
  const endpoints: [string, string, boolean][] = [
    ['/api/applications', 'application', true],
    ['/api/volunteers', 'volunteer', true],
    ['/api/reports', 'report', true],
    ['/api/eligibility', 'eligibility', false],
  ];
  const wrong = (original: unknown): [string, unknown][] => [
    ['null', null],
    ['an array', [original]],
    ['an object', { value: original }],
    [typeof original === 'string' ? 'a number' : 'a string', typeof original === 'string' ? 12345 : 'x'.repeat(3)],
  ];
  const out: Case[] = [];
  for (const [endpoint, fixture, key] of endpoints) {
    const body = fixtures[fixture]!;
    for (const p of leaves(body)) {
      const original = p.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], body);
      for (const [what, v] of wrong(original))
        out.push({
          name: `${endpoint} ${p.join('.')} = ${what}`,
          method: 'POST',
          path: endpoint,
          json: setAt(body, p, v),
          key,
          expect: 400,
        });
    }
  }
  // Text that storage or display could choke on, and payloads where only an id or a format is valid.
  const broken = ['孩子\u0000名字', 'x\uD800y', '\uDFFFabc', '\u0007铃声'];
  const payloads = [
    "' OR '1'='1' --",
    '<script>alert(1)</script>',
    '"; DROP TABLE applications; --',
    '\u202Eevil\u202C',
    '👶🏻👧🏽',
    '../../etc/passwd',
    '${7*7}',
    '%00',
  ];
  for (const text of broken) {
    out.push({
      name: `application circumstances with ${JSON.stringify(text)}`,
      method: 'POST',
      path: '/api/applications',
      json: { ...fixtures.application, circumstances: text },
      key: true,
      expect: 400,
    });
    out.push({
      name: `report description with ${JSON.stringify(text)}`,
      method: 'POST',
      path: '/api/reports',
      json: { ...fixtures.report, description: text },
      key: true,
      expect: 400,
    });
    out.push({
      name: `volunteer name with ${JSON.stringify(text)}`,
      method: 'POST',
      path: '/api/volunteers',
      json: { ...fixtures.volunteer, name: text },
      key: true,
      expect: 400,
    });
  }
  for (const text of payloads) {
    out.push({
      name: `phone ${JSON.stringify(text)}`,
      method: 'POST',
      path: '/api/applications',
      json: setAt(fixtures.application, ['applicant', 'phone'], text),
      key: true,
      expect: 400,
    });
    out.push({
      name: `ID number ${JSON.stringify(text)}`,
      method: 'POST',
      path: '/api/volunteers',
      json: { ...fixtures.volunteer, idNumber: text },
      key: true,
      expect: 400,
    });
    out.push({
      name: `township ${JSON.stringify(text)}`,
      method: 'POST',
      path: '/api/reports',
      json: setAt(fixtures.report, ['where', 'township'], text),
      key: true,
      expect: 400,
    });
    out.push({
      name: `entitlement ${JSON.stringify(text)}`,
      method: 'POST',
      path: '/api/applications',
      json: { ...fixtures.application, entitlements: [text] },
      key: true,
      expect: 400,
    });
    out.push({
      name: `status reference ${JSON.stringify(text)}`,
      method: 'POST',
      path: '/api/status',
      json: { reference: text, accessCode: text },
      expect: '4xx',
    });
  }
  // Ages and dates out of range.
  for (const age of [-1, 31, 1.5, 1e9])
    out.push({ name: `age ${age}`, method: 'POST', path: '/api/eligibility', json: { answers: { child: { age } } }, expect: 400 });
  for (const d of ['2015-02-29', '2016-13-01', '1999-00-10', '2020-04-31', '20200101', '2020-1-1']) {
    out.push({
      name: `birth date ${d}`,
      method: 'POST',
      path: '/api/applications',
      json: setAt(fixtures.application, ['child', 'birthDate'], d),
      key: true,
      expect: 400,
    });
  }
  // Deep nesting and oversize bodies.
  let deep: unknown = 1;
  for (let i = 0; i < 2000; i++) deep = [deep];
  out.push({ name: 'answers nested 2000 deep', method: 'POST', path: '/api/eligibility', json: { answers: deep }, expect: '4xx' });
  out.push({
    name: 'an application of 1 MB',
    method: 'POST',
    path: '/api/applications',
    json: { ...fixtures.application, circumstances: '很'.repeat(350_000) },
    key: true,
    expect: 413,
  });
  out.push({
    name: 'a status lookup of 100 KB',
    method: 'POST',
    path: '/api/status',
    raw: JSON.stringify({ reference: 'A'.repeat(100_000), accessCode: 'x' }),
    headers: { 'content-type': 'application/json' },
    expect: 413,
  });
  // Without an idempotency key, every public write.
  for (const [endpoint, fixture] of [
    ['/api/applications', 'application'],
    ['/api/volunteers', 'volunteer'],
    ['/api/reports', 'report'],
  ] as const) {
    out.push({ name: `${endpoint} without an idempotency key`, method: 'POST', path: endpoint, json: fixtures[fixture], expect: 400 });
  }
  return out.slice(0, limit);
}

let server: DevServer;
let reference: string;
/** The child's file the application was filed under, for `{case}`. */
let caseReference: string;
const tokens: Record<string, string> = {};
/** Every body the corpus sent, for the search of the logs. */
const sent: string[] = [];
beforeAll(async () => {
  server = await startServer();
  const res = await fetch(`${server.url}/api/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(application),
  });
  reference = ((await res.json()) as { reference: string }).reference;
  caseReference = d1<{ reference: string }>(
    server.persistDir,
    `SELECT c.reference FROM cases c JOIN applications a ON a.case_id = c.id WHERE a.reference = '${reference}'`,
  )[0]!.reference;
  tokens.county = await staffToken(server.persistDir, 'corpus-county', 'county', ['*']);
  tokens.expired = await staffToken(server.persistDir, 'corpus-expired', 'county', ['*'], { expiresAt: Date.now() - 1000 });
  tokens.bad = 'th_thisTokenWasNeverIssuedToAnyone00000000000';
});
afterAll(async () => {
  await server?.stop();
});

describe('bad input', () => {
  it('every request of the corpus gets a 4xx with a Chinese message in the error shape, never a 5xx, and adds no row', async () => {
    const dir = path.join(ROOT, 'tests/fixtures/bad-input');
    const written = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Case[]);
    const corpus = [...written, ...generated(PARAMS.generatedBadInput)];
    const before = rowCounts(server.persistDir);
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    for (const [i, c] of corpus.entries()) {
      const headers: Record<string, string> = { ...ownCaller() };
      for (const [k, v] of Object.entries(c.headers ?? {})) headers[k] = v.replace('{base}', server.url);
      if (c.json !== undefined || c.fixture) headers['content-type'] ??= 'application/json';
      if (c.key) headers['idempotency-key'] = `corpus-${i}-${crypto.randomUUID()}`;
      if (c.auth && c.auth !== 'none') headers.authorization = `Bearer ${tokens[c.auth]}`;
      const body = (c.raw ?? (c.fixture ? JSON.stringify(fixtures[c.fixture]) : c.json !== undefined ? JSON.stringify(c.json) : undefined))
        ?.replaceAll('{application}', reference)
        .replaceAll('{case}', caseReference);
      if (body) sent.push(body);
      let res: Response;
      const send = () =>
        fetch(`${server.url}${c.path.replace('{application}', reference).replace('{case}', caseReference)}`, {
          method: c.method,
          headers,
          body,
          redirect: 'manual',
        });
      try {
        // Once more if the connection drops: a keep-alive socket the server closed while the
        // setup ran wrangler d1 is the client's, not an answer.
        res = await send().catch(send);
      } catch (cause) {
        // A dropped connection is a failure to report, like a 5xx.
        problems.push(`${c.name}: no answer (${cause instanceof Error ? cause.message : 'failed'})`);
        statuses.set(0, (statuses.get(0) ?? 0) + 1);
        continue;
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = await res.text();
      const ok4xx = res.status >= 400 && res.status < 500 && (c.expect === '4xx' || res.status === c.expect);
      let shaped = false;
      if (c.html || (res.headers.get('content-type') ?? '').includes('text/html')) shaped = /[\u4e00-\u9fff]/.test(text);
      else {
        try {
          const e = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown; fields?: unknown } }).error;
          shaped =
            typeof e?.code === 'string' &&
            typeof e.message === 'string' &&
            /[\u4e00-\u9fff]/.test(e.message) &&
            typeof e.fields === 'object';
        } catch {
          shaped = false;
        }
      }
      if (!ok4xx || !shaped) problems.push(`${c.name}: ${res.status} (expected ${c.expect})${shaped ? '' : ' not in the error shape'}`);
    }
    const after = rowCounts(server.persistDir);
    const added = Object.entries(after)
      .filter(([t, n]) => n !== before[t])
      .map(([t, n]) => `${t}: ${before[t]}→${n}`);
    const fivexx = [...statuses.entries()].filter(([s]) => s >= 500 || s === 0).reduce((a, [, n]) => a + n, 0);
    record(
      'bad-input',
      `${corpus.length} requests (${written.length} hand-written in tests/fixtures/bad-input/, ${corpus.length - written.length} generated) across the public and staff endpoints`,
      {
        requests: corpus.length,
        'answers by status': [...statuses.entries()]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' '),
        '5xx answers': fivexx,
        'not the expected 4xx or not in the error shape': problems.length,
        'rows added to D1': added.length ? added.join(', ') : 0,
      },
    );
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(problems).toEqual([]);
    expect(fivexx).toBe(0);
    expect(added).toEqual([]);
  });

  it("privacy: no name, phone, ID number or address the corpus sent appears in the server's log output", () => {
    const logs = server.output();
    // Values of the fixtures the corpus was built from, each one found in what was sent.
    const values = [...PERSONAL.application, ...PERSONAL.volunteer, ...PERSONAL.report];
    const inBodies = values.filter((v) => sent.some((b) => b.includes(v)));
    const inLogs = inBodies.filter((v) => logs.includes(v));
    log(
      'bad-input',
      `searched the server's log output (${logs.length} bytes) for the ${inBodies.length} names, phones, ID numbers and addresses the corpus sent: found ${inLogs.length}`,
    );
    // The search means something: the requests were logged, and the corpus carried the family's and the volunteer's data.
    expect(logs).toContain('/api/applications');
    expect(inBodies).toEqual(
      expect.arrayContaining([
        application.applicant.name,
        application.applicant.phone,
        application.child.idNumber,
        volunteer.name,
        volunteer.phone,
        volunteer.idNumber,
      ]),
    );
    expect(inLogs).toEqual([]);
  });
});
