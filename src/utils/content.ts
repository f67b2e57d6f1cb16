import { getCollection, type CollectionEntry } from 'astro:content';
import { TARGET_GROUP_KEYS, type TargetGroup } from '../domain/target-groups.ts';

type Named = 'policies' | 'entitlements' | 'laws' | 'guides' | 'hotlines';

/** A collection in display order (order, then title). */
export async function sorted<C extends Named>(name: C): Promise<CollectionEntry<C>[]> {
  const entries = (await getCollection(name)) as CollectionEntry<C>[];
  return entries.sort((a, b) => a.data.order - b.data.order || a.data.title.localeCompare(b.data.title, 'zh-CN'));
}

/** The target groups at least one of these entitlements serves, in their usual order (the filter links and their pages). */
export function groupsInUse(entries: { data: { groups: readonly TargetGroup[] } }[]): TargetGroup[] {
  return TARGET_GROUP_KEYS.filter((g) => entries.some((e) => e.data.groups.includes(g)));
}
