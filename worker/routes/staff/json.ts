import { limitBody, requireJson } from '../../lib/validate.ts';

/** What every staff write takes: a JSON body of at most 16 KB. */
export const jsonBody = [limitBody(16 * 1024), requireJson] as const;
