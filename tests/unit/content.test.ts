import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROTECTION_AREA_KEYS } from '#src/domain/protection-areas.ts';
import { AMOUNTS } from '#src/config/county-schema.ts';
import { mdxComponentNames } from '#src/components/mdx/names.ts';
import { COLLECTION_SCHEMAS, type CollectionName } from '#src/schemas/content.ts';
import { loadCollection, ROOT, validate } from '../support/content.ts';

const policies = loadCollection('policies');
const entitlements = loadCollection('entitlements');
const laws = loadCollection('laws');
const guides = loadCollection('guides');
const hotlines = loadCollection('hotlines');
const all = [...policies, ...entitlements, ...laws, ...guides, ...hotlines];

describe('content schemas', () => {
  it('a broken entitlement fails with a message that names the file and the field', () => {
    const broken = readFileSync(path.join(ROOT, 'tests/fixtures/content/broken-entitlement.mdx'), 'utf8');
    expect(() => validate('entitlements', 'content/entitlements/broken.mdx', broken)).toThrowError(
      /content\/entitlements\/broken\.mdx: who: 至少写一条受理条件[\s\S]*content\/entitlements\/broken\.mdx: lead: /,
    );
  });

  it('a misspelt field name is an error, not silently ignored', () => {
    const source = readFileSync(path.join(ROOT, 'content/entitlements/orphan-basic-living.mdx'), 'utf8').replace(
      'timeLimit:',
      'timelimit:',
    );
    expect(() => validate('entitlements', 'content/entitlements/x.mdx', source)).toThrowError(/x\.mdx: .*timelimit/);
  });

  it('every content file passes its schema', () => {
    const problems: string[] = [];
    for (const collection of Object.keys(COLLECTION_SCHEMAS) as CollectionName[]) {
      const files = readdirSync(path.join(ROOT, 'content', collection)).filter((f) => f.endsWith('.mdx'));
      expect(files.length, `content/${collection}`).toBeGreaterThan(0);
      for (const f of files) {
        try {
          validate(collection, `content/${collection}/${f}`, readFileSync(path.join(ROOT, 'content', collection, f), 'utf8'));
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('entitlements (办事指南)', () => {
  it('there are 25 to 40 of them', () => {
    expect(entitlements.length).toBeGreaterThanOrEqual(25);
    expect(entitlements.length).toBeLessThanOrEqual(40);
  });

  it.each(entitlements.map((e) => [e.slug, e] as const))('%s has every 办事指南 field filled in', (_, e) => {
    for (const field of ['title', 'who', 'benefits', 'materials', 'steps', 'timeLimit', 'fee', 'lead', 'basis'] as const) {
      const value = e.data[field];
      expect(value, `${e.file}: ${field}`).toBeTruthy();
      if (Array.isArray(value)) expect(value.length, `${e.file}: ${field}`).toBeGreaterThan(0);
    }
  });

  it('every protection area of the seed has at least one entitlement', () => {
    for (const area of PROTECTION_AREA_KEYS) {
      expect(
        entitlements.filter((e) => e.data.area === area).map((e) => e.slug),
        area,
      ).not.toHaveLength(0);
    }
  });

  it('no entitlement states an amount in 元 in its text: amounts come from the county settings', () => {
    for (const e of entitlements) {
      const text = JSON.stringify(e.data) + e.body;
      expect(text, e.file).not.toMatch(/\d+(\.\d+)?\s*元/);
    }
  });
});

describe('MDX bodies', () => {
  it('use only the components the site provides, with known amount names', () => {
    for (const f of all) {
      for (const [, name] of f.body.matchAll(/<([A-Z][A-Za-z]*)/g)) expect(mdxComponentNames, `${f.file}: <${name}>`).toContain(name);
      for (const [, key] of f.body.matchAll(/<Amount\s+name="([^"]+)"/g))
        expect(Object.keys(AMOUNTS), `${f.file}: Amount ${key}`).toContain(key);
    }
  });

  it('every policy section has pages, and each protection area has its own policy page', () => {
    for (const section of ['overview', 'targets', 'areas', 'mechanisms', 'organisation']) {
      expect(
        policies.some((p) => p.data.section === section),
        section,
      ).toBe(true);
    }
    for (const area of PROTECTION_AREA_KEYS) {
      expect(policies.find((p) => p.slug === `area-${area}`)?.data.area, `content/policies/area-${area}.mdx`).toBe(area);
    }
  });

  it('the laws, the hotlines and the required guides exist', () => {
    expect(laws.length).toBeGreaterThanOrEqual(2);
    expect(hotlines.map((h) => h.data.number)).toEqual(expect.arrayContaining(['110', '120', '12345', '12355', '12338', 'county:hotline']));
    const guidePaths = guides.map((g) => (g.data.path as string | undefined) ?? `/guides/${g.slug}/`);
    expect(guidePaths).toEqual(
      expect.arrayContaining(['/privacy/', '/accessibility/', '/guides/about/', '/guides/safety/', '/guides/mandatory-reporting/']),
    );
  });
});

describe('the generated catalog the Worker reads', () => {
  it('matches content/entitlements (run npm run build and commit src/generated/catalog.json)', async () => {
    const { catalogJson, CATALOG_FILE } = await import('#src/integrations/catalog.ts');
    expect(readFileSync(CATALOG_FILE, 'utf8')).toBe(catalogJson());
  });
});
