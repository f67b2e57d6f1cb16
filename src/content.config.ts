import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { COLLECTION_SCHEMAS, type CollectionName } from './schemas/content.ts';

/** Each collection is the MDX files of one folder under content/. */
function collection(name: CollectionName) {
  return defineCollection({
    loader: glob({ pattern: '**/*.mdx', base: `./content/${name}` }),
    schema: COLLECTION_SCHEMAS[name],
  });
}

export const collections = {
  policies: collection('policies'),
  entitlements: collection('entitlements'),
  laws: collection('laws'),
  guides: collection('guides'),
  hotlines: collection('hotlines'),
};
