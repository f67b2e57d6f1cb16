/**
 * Each content type's label: the value of Pagefind's type filter on every content page
 * (Base.astro), the choices of /search/'s type select, and what the Worker filters and tags
 * results by (worker/services/search.ts). Build and Worker only: it reads the whole dictionary;
 * the island gets the labels from the page.
 */
import { CONTENT_TYPES, type ContentType } from '../domain/content-kinds.ts';
import { t, type MessageKey } from '../i18n/index.ts';

export const TYPE_LABELS = Object.fromEntries(CONTENT_TYPES.map((k) => [k, t(`type.${k}` as MessageKey)])) as Record<ContentType, string>;
