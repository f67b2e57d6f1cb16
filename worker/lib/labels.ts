/**
 * What staff read instead of keys: the title of an entitlement, the name of a township, the
 * label of a 保护对象 or a relationship — never a slug like compulsory-education-aid.
 */
import catalog from '#src/generated/catalog.json' with { type: 'json' };
import county from '#content/county.ts';
import { RELATIONSHIPS } from '#src/domain/relationships.ts';
import { TARGET_GROUPS, type TargetGroup } from '#src/domain/target-groups.ts';

const TITLES = new Map(catalog.map((e) => [e.slug, e.title]));

export const entitlementTitle = (slug: string): string => TITLES.get(slug) ?? slug;

/**
 * An entitlement's 时限 in days where its 办事指南 publishes one (`timeLimitDays`), else null.
 * Read from the catalog at each call, so the due dates always follow the content built with it.
 */
export const entitlementDays = (slug: string | null): number | null =>
  (catalog.find((e) => e.slug === slug) as { timeLimitDays?: number | null } | undefined)?.timeLimitDays ?? null;

export const townshipName = (id: string): string => county.townships.find((t) => t.id === id)?.name ?? id;

export const targetGroupLabels = (keys: readonly string[]) =>
  keys.map((key) => ({ key, label: TARGET_GROUPS[key as TargetGroup]?.label ?? key }));

export const relationshipLabel = (key: string | undefined): string | null =>
  key ? (RELATIONSHIPS[key as keyof typeof RELATIONSHIPS] ?? key) : null;
