/**
 * Text messages under load, on wrangler dev's local D1 and queue, with a county's SMS platform
 * on loopback (tests/support/sms-platform.ts) as the provider's endpoint:
 *
 * 1. 1,000 staff transitions (volunteers who asked for messages, moved to 审核中), each writing
 *    its message in the batch of its status event: the time from the transition's answer to
 *    the platform receiving the SMS, p50 and p95, and that exactly 1,000 arrive.
 * 2. POST /api/applications with and without the outbox write (the same body with
 *    notify.sms true and false), interleaved in one run with wrk: the throughput ratio.
 *
 * The server is a throwaway copy whose [[ratelimits]] are raised, as in bench/api.ts: the
 * per-phone and per-caller limits would otherwise measure 429s.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import application from '#tests/fixtures/api/application.json' with { type: 'json' };
import volunteer from '#tests/fixtures/api/volunteer.json' with { type: 'json' };
import { addStaffAccount, staffSession, type DevServer } from '#tests/support/server.ts';
import { startSmsPlatform, type SmsPlatform } from '#tests/support/sms-platform.ts';
import { applicationsScript, wrk, type WrkResult } from './api.ts';
import { serveCopy, servingCopy, type ServedCopy } from './lib/project-copy.ts';
import { median, table, type Section } from './lib/report.ts';

const TRANSITIONS = 1000;
const CONCURRENCY = 8;

/** A distinct mobile number per person, so the daily cap per phone never holds a message back. */
const phoneOf = (i: number) => `137${String(10_000_000 + i).slice(-8)}`;

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `task` for 0 … n-1, `concurrency` at a time. */
async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** The copy of the project with its rate limits raised, served with the webhook provider pointing at `platform`. */
function smsServer(platform: SmsPlatform): Promise<ServedCopy> {
  return serveCopy(servingCopy(), { vars: platform.vars });
}

function staffToken(persistDir: string): string {
  return addStaffAccount(persistDir, { name: '基准测试县民政局', role: 'county', township: 'all' });
}

/** 1,000 transitions, each timed from its answer to the platform receiving its message. */
async function transitionsToSent(server: DevServer, platform: SmsPlatform) {
  const references: string[] = [];
  await pool(TRANSITIONS, CONCURRENCY, async (i) => {
    const res = await post(
      `${server.url}/api/volunteers`,
      { ...volunteer, phone: phoneOf(i), notify: { sms: true } },
      { 'idempotency-key': `bench-sms-volunteer-${i}-${Date.now()}` },
    );
    references[i] = ((await res.json()) as { reference: string }).reference;
  });
  const token = await staffSession(server.url, staffToken(server.persistDir));
  const before = platform.received.length;
  const answeredAt = new Map<string, number>();
  const started = Date.now();
  await pool(TRANSITIONS, CONCURRENCY, async (i) => {
    await post(
      `${server.url}/api/staff/volunteers/${references[i]}/transitions`,
      { to: 'reviewing' },
      { authorization: `Bearer ${token}` },
    );
    answeredAt.set(references[i]!, Date.now());
  });
  const transitionSeconds = (Date.now() - started) / 1000;
  const deadline = Date.now() + 120_000;
  while (platform.received.length - before < TRANSITIONS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const arrived = platform.received.slice(before).filter((m) => m.template === 'volunteerStep');
  const latencies = arrived.flatMap((m) => {
    const reference = /V-[0-9A-Z]{8}/.exec(m.text)?.[0];
    const at = reference ? answeredAt.get(reference) : undefined;
    return at === undefined ? [] : [m.at - at];
  });
  const perReference = new Map<string, number>();
  for (const m of arrived) {
    const reference = /V-[0-9A-Z]{8}/.exec(m.text)?.[0] ?? '';
    perReference.set(reference, (perReference.get(reference) ?? 0) + 1);
  }
  return {
    transitions: TRANSITIONS,
    delivered: arrived.length,
    duplicates: [...perReference.values()].filter((n) => n > 1).length,
    transitionSeconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: Math.max(...latencies),
    drainedSeconds: (Math.max(...arrived.map((m) => m.at)) - started) / 1000,
  };
}

function applicationScript(dir: string, sms: boolean): string {
  const file = path.join(dir, `applications-sms-${sms}.lua`);
  // A child of its own per request (as in a county: one file per child), not 10,000 applications for one child.
  const [before, after] = JSON.stringify({ ...application, child: { ...application.child, name: '@NAME@' }, notify: { sms } }).split(
    '@NAME@',
  );
  writeFileSync(
    file,
    applicationsScript('bench-sms', `${JSON.stringify(before)} .. "压测" .. thread_id .. "号" .. counter .. ${JSON.stringify(after)}`),
  );
  return file;
}

/** POST /api/applications with the outbox write and without, interleaved, `runs` times each. */
function applicationsWithAndWithout(server: DevServer, dir: string, seconds: number, runs: number) {
  const scripts = { with: applicationScript(dir, true), without: applicationScript(dir, false) };
  const samples: Record<'with' | 'without', WrkResult[]> = { with: [], without: [] };
  wrk(`${server.url}/`, 8, 2); // warm up workerd
  for (let r = 0; r < runs; r++) {
    // Alternate which goes first, so neither always meets a warmer or busier server.
    const order: ('with' | 'without')[] = r % 2 === 0 ? ['with', 'without'] : ['without', 'with'];
    for (const k of order) samples[k].push(wrk(server.url, 32, seconds, scripts[k]));
  }
  const rps = (k: 'with' | 'without') => median(samples[k].map((x) => x.rps));
  const p99 = (k: 'with' | 'without') => median(samples[k].map((x) => x.p99));
  const non2xx = (k: 'with' | 'without') => samples[k].reduce((a, x) => a + x.non2xx, 0);
  return {
    seconds,
    runs,
    with: { rps: rps('with'), p99: p99('with'), non2xx: non2xx('with') },
    without: { rps: rps('without'), p99: p99('without'), non2xx: non2xx('without') },
    ratio: rps('with') / rps('without'),
  };
}

export async function runSms(options: { seconds?: number; runs?: number } = {}): Promise<Section> {
  const platform = await startSmsPlatform();
  const { server, dir, close } = await smsServer(platform);
  try {
    const delivery = await transitionsToSent(server, platform);
    const throughput = applicationsWithAndWithout(server, dir, options.seconds ?? 8, options.runs ?? 3);
    const markdown =
      table(
        [
          'staff transitions',
          'SMS received',
          'received twice',
          'transition → received p50 (ms)',
          'p95 (ms)',
          'max (ms)',
          'all received after (s)',
        ],
        [
          [
            delivery.transitions,
            delivery.delivered,
            delivery.duplicates,
            delivery.p50.toFixed(0),
            delivery.p95.toFixed(0),
            delivery.max.toFixed(0),
            delivery.drainedSeconds.toFixed(1),
          ],
        ],
      ) +
      `\n\nThe transitions were sent ${CONCURRENCY} at a time and took ${delivery.transitionSeconds.toFixed(1)} s; the queue's consumer ` +
      `delivers batches of up to 10 after at most 5 s (wrangler.toml \`max_batch_timeout\`), which sets the floor of the latency.\n\n` +
      table(
        ['POST /api/applications, 32 connections', 'requests/s (median)', 'p99 (ms)', 'non-2xx'],
        [
          [
            'with the outbox write (notify.sms true)',
            throughput.with.rps.toFixed(0),
            throughput.with.p99.toFixed(1),
            throughput.with.non2xx,
          ],
          ['without (notify.sms false)', throughput.without.rps.toFixed(0), throughput.without.p99.toFixed(1), throughput.without.non2xx],
        ],
      ) +
      `\n\nWith ÷ without: **${throughput.ratio.toFixed(2)}** ${throughput.ratio >= 0.9 ? '✅' : '❌'} (target ≥ 0.9, issue 13), ` +
      `${throughput.runs} interleaved runs of ${throughput.seconds} s; exactly one SMS per transition: ` +
      `${delivery.delivered === delivery.transitions && delivery.duplicates === 0 ? '✅' : '❌'}.`;
    return { markdown, data: { delivery, throughput }, command: 'npm run bench -- sms' };
  } finally {
    await close();
    await platform.close();
  }
}
