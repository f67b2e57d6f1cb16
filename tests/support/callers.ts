/**
 * A caller address of its own, for the Worker tests, the browser tests, the reliability suite
 * and the benchmarks. The public forms, the status lookup, uploads and staff sign-in are limited
 * per caller address (the [[ratelimits]] of wrangler.toml); a suite runs from one machine
 * within minutes, as many families would from their own phones, and would otherwise share one
 * address and trip the limit where a test does not mean to. No runtime of its own.
 */

/** 10.0.0.0/8: room for every request of a full reliability run, and no address a test writes by hand. */
const SPACE = 2 ** 24;

// Each test file loads this module afresh; a random start keeps two files that ask one server
// (the browser tests share theirs) from handing out the same addresses in the same minute.
let next = crypto.getRandomValues(new Uint32Array(1))[0]! % SPACE;

/** A caller, as the header Cloudflare sets on every request it passes to the Worker. */
export type Caller = { 'cf-connecting-ip': string };

/** The next address no one in this test file has used. */
export function ownCaller(): Caller {
  const n = next;
  next = (next + 1) % SPACE;
  return { 'cf-connecting-ip': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
}
