/**
 * What a county publishes, for one test: its days per step of 认定审核 (content/county.ts
 * `reviewDays`) and an entitlement's 时限 (`timeLimitDays` of its 办事指南, in the built catalog).
 * The Worker under test runs in the test's isolate and reads both modules at each call, so a
 * test sets them here and puts back what was there afterwards: the demo county publishes none.
 */
import county from '#content/county.ts';
import catalog from '#src/generated/catalog.json' with { type: 'json' };
import type { ReviewDays } from '#src/domain/review.ts';

export function publish(o: { reviewDays?: ReviewDays; timeLimitDays?: Record<string, number> }): () => void {
  const days = { ...county.reviewDays };
  const entries = catalog as { slug: string; timeLimitDays?: number | null }[];
  const limits = entries.map((e) => e.timeLimitDays);
  if (o.reviewDays) Object.assign(county.reviewDays, o.reviewDays);
  for (const e of entries) if (o.timeLimitDays && e.slug in o.timeLimitDays) e.timeLimitDays = o.timeLimitDays[e.slug];
  return () => {
    Object.assign(county.reviewDays, days);
    entries.forEach((e, i) => (e.timeLimitDays = limits[i]));
  };
}
