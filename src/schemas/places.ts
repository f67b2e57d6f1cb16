/**
 * A township of this county (content/county.ts), as every request that names one takes it:
 * the checker's household.township, the forms' places, the staff's filters and records.
 */
import { z } from 'zod';
import county from '#content/county.ts';
import { t } from '../i18n/index.ts';

export const TOWNSHIP_MESSAGE = t('err.place.township');

export const isTownship = (id: string) => county.townships.some((t) => t.id === id);

/** A township id of the county; anything else is refused with the message of the form's list. */
export const townshipId = z.string({ error: t('err.place.townshipRequired') }).refine(isTownship, TOWNSHIP_MESSAGE);
