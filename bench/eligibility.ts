/**
 * Time to evaluate every rule for one household, next to a reference operation measured in
 * the same loop (a JSON round trip of the same answers), so the figure survives a noisy machine.
 */
import { evaluate } from '#src/eligibility/engine.ts';
import { RULES } from '#src/eligibility/rules/index.ts';
import { HOUSEHOLDS, TODAY } from '#tests/fixtures/eligibility-scenarios.ts';
import { median, table, type Section } from './lib/report.ts';

export async function runEligibility(runs = 7, iterations = 20_000): Promise<Section> {
  const households = Object.values(HOUSEHOLDS);
  const evalTimes: number[] = [];
  const refTimes: number[] = [];
  let sink = 0;
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    for (let i = 0; i < iterations; i++) sink += evaluate(RULES, households[i % households.length]!, TODAY).results.length;
    evalTimes.push((performance.now() - t) / iterations);
    t = performance.now();
    for (let i = 0; i < iterations; i++) sink += JSON.stringify(JSON.parse(JSON.stringify(households[i % households.length]))).length;
    refTimes.push((performance.now() - t) / iterations);
  }
  if (sink === 0) throw new Error('unreachable');
  const ms = median(evalTimes);
  const ref = median(refTimes);
  const data = {
    runs,
    iterations,
    rules: Object.keys(RULES).length,
    medianMsPerEvaluation: ms,
    referenceMs: ref,
    ratioToReference: ms / ref,
    indicativeTargetMs: 0.1,
  };
  const markdown =
    table(
      ['measure', 'median'],
      [
        [`all ${data.rules} rules for one household`, `${(ms * 1000).toFixed(1)} µs`],
        ['reference: JSON round trip of the answers', `${(ref * 1000).toFixed(2)} µs`],
        ['ratio (evaluation ÷ reference)', `${data.ratioToReference.toFixed(1)}×`],
      ],
    ) +
    `\n\nThe target, under 100 µs per household, is an absolute time and so indicative only: it is shown without a verdict. ` +
    'The ratio to the reference, measured in the same loop, is the figure to compare between runs and machines.';
  return { markdown, data, command: 'npm run bench -- eligibility' };
}
