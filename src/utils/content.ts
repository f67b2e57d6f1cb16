import { getCollection, type CollectionEntry } from 'astro:content';
import { PROTECTION_AREAS, type ProtectionArea } from '../domain/protection-areas.ts';

type Named = 'policies' | 'entitlements' | 'laws' | 'guides' | 'hotlines';

/** A collection in display order (order, then title). */
export async function sorted<C extends Named>(name: C): Promise<CollectionEntry<C>[]> {
  const entries = (await getCollection(name)) as CollectionEntry<C>[];
  return entries.sort((a, b) => a.data.order - b.data.order || a.data.title.localeCompare(b.data.title, 'zh-CN'));
}

export function areaLabel(area: ProtectionArea): string {
  return PROTECTION_AREAS[area].label;
}
