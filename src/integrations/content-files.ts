/**
 * Reads content/ the way the build does, without Astro: frontmatter through the same zod
 * schemas, MDX bodies as text. Used by the catalog integration and the unit tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { COLLECTION_SCHEMAS, describeIssues, type CollectionName } from '../schemas/content.ts';
import type { ChecklistLine, MaterialLine } from '../domain/materials.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ContentFile {
  collection: CollectionName;
  slug: string;
  file: string;
  data: Record<string, unknown>;
  body: string;
}

export function splitFrontmatter(source: string): { frontmatter: unknown; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match) return { frontmatter: undefined, body: source };
  return { frontmatter: parse(match[1]!), body: match[2]! };
}

/** Validates one file's frontmatter; throws an Error whose message names the file and the field. */
export function validate(collection: CollectionName, file: string, source: string): ContentFile {
  const { frontmatter, body } = splitFrontmatter(source);
  const result = COLLECTION_SCHEMAS[collection].safeParse(frontmatter ?? {});
  if (!result.success) throw new Error(describeIssues(file, result.error));
  return { collection, slug: path.basename(file, '.mdx'), file, data: result.data as Record<string, unknown>, body };
}

export function loadCollection(collection: CollectionName): ContentFile[] {
  const dir = path.join(ROOT, 'content', collection);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((f) => validate(collection, `content/${collection}/${f}`, readFileSync(path.join(dir, f), 'utf8')));
}

export interface CatalogEntry {
  slug: string;
  title: string;
  area: string;
  access: 'online' | 'report' | 'contact';
  /** Department key of the 实施主体. */
  lead: string;
  /** The guide's 申请材料, in its words. */
  materials: string[];
  /** The published 时限 in days, or null (the county's reviewDays decide). */
  timeLimitDays: number | null;
  /** The checklist items of those lines that name a document (src/domain/materials.ts). */
  checklist: ChecklistLine[];
}

/** What the Worker needs to know of each entitlement (can it be applied for online; the checker's results), from content/. */
export function buildCatalog(): CatalogEntry[] {
  return loadCollection('entitlements').map((e) => ({
    slug: e.slug,
    title: e.data.title as string,
    area: e.data.area as string,
    access: e.data.access as CatalogEntry['access'],
    lead: e.data.lead as string,
    materials: (e.data.materials as MaterialLine[]).map((m) => m.text),
    timeLimitDays: (e.data.timeLimitDays as number | undefined) ?? null,
    checklist: (e.data.materials as MaterialLine[]).filter((m) => m.items.length).map(({ items, required }) => ({ items, required })),
  }));
}
