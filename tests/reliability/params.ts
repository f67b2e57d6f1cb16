/**
 * Every number of the reliability suite, small by default (CI) and full with
 * RELIABILITY_SIZE=full (the figures in docs/reliability.md). Each can be set on its own,
 * e.g. RELIABILITY_LOAD_TOTAL=2000.
 */
const full = process.env.RELIABILITY_SIZE === 'full';
const num = (name: string, small: number, large: number) => Number(process.env[`RELIABILITY_${name}`] ?? (full ? large : small));

export const PARAMS = {
  size: full ? 'full' : 'small',
  /** Applications submitted in the load run, and at how many connections. */
  loadTotal: num('LOAD_TOTAL', 400, 10_000),
  loadConnections: num('LOAD_CONNECTIONS', 64, 64),
  /** Of the load run, how many are sent twice with the same idempotency key. */
  loadReplays: num('LOAD_REPLAYS', 40, 500),
  /** Real /api/status lookups made after the load (the rest is checked in D1). */
  loadLookups: num('LOAD_LOOKUPS', 20, 25),
  /** Submissions before the server is killed, and the total attempted. */
  crashAfter: num('CRASH_AFTER', 100, 1_500),
  crashTotal: num('CRASH_TOTAL', 300, 3_000),
  crashConnections: num('CRASH_CONNECTIONS', 16, 64),
  /** Wrong access codes tried against one reference. */
  guesses: num('GUESSES', 1_000, 1_000),
  /** Applications that each get two photos while the server is killed, then go through retention. */
  fileApplications: num('FILE_APPLICATIONS', 16, 100),
  /** Generated bad requests on top of the hand-written corpus. */
  generatedBadInput: num('GENERATED_BAD_INPUT', 300, 600),
};
