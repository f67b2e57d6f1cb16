/**
 * The materials families attached: listed per application and per child's file, and one file
 * opened. A file is never served as a page: images inline (the console shows them), PDFs as a
 * download, both with nosniff and a sandboxing CSP (index.ts), whatever the bytes say.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { casePath, referencePath } from '#src/schemas/staff-requests.ts';
import type { AppEnv } from '../../env.ts';
import { zv } from '../../lib/validate.ts';
import { listApplicationMaterials, listCaseMaterials, openFile } from '../../services/staff/files.ts';
import { t } from '#src/i18n/index.ts';

const filePath = referencePath.extend({ id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, t('api.staff.fileId')) });
const fileQuery = z.object({
  /** Asked as a download even for an image. */
  download: z.enum(['1']).optional(),
  /** The console loads a picture to show it small: audited as such. */
  as: z.enum(['thumbnail']).optional(),
});

/** Mounted at /api/staff/applications, next to the applications' own routes. */
export const applicationFilesRoute = new Hono<AppEnv>()
  .get('/:reference/files', zv('param', referencePath), async (c) =>
    c.json(await listApplicationMaterials(c.get('ctx'), c.req.valid('param').reference)),
  )
  .get('/:reference/files/:id', zv('param', filePath), zv('query', fileQuery), async (c) => {
    const { reference, id } = c.req.valid('param');
    const query = c.req.valid('query');
    const file = await openFile(c.get('ctx'), reference, id, query.as ?? 'open');
    const inline = file.type.startsWith('image/') && !query.download;
    return c.body(file.bytes, 200, {
      'content-type': file.type,
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${file.filename}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
  });

/** Mounted at /api/staff/cases. */
export const caseFilesRoute = new Hono<AppEnv>().get('/:caseRef/files', zv('param', casePath), async (c) =>
  c.json(await listCaseMaterials(c.get('ctx'), c.req.valid('param').caseRef)),
);
