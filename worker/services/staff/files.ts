/**
 * The materials a family attached, for staff: per item of the application's checklist, the
 * files that came (and the child's file page: the same for each of its applications); and one
 * file, decrypted, for those whose role may open documents (readMaterials). Every list and
 * every opening is in the audit log.
 */
import { asc, desc, eq, inArray } from 'drizzle-orm';
import { APPLICATION_MODEL, type ApplicationStatus } from '#src/domain/application-status.ts';
import { can } from '#src/domain/staff-roles.ts';
import { checkTransition } from '#src/domain/status-model.ts';
import { FILE_TYPES, type FileType } from '#src/domain/materials.ts';
import { t } from '#src/i18n/index.ts';
import { applications, files } from '../../db/schema.ts';
import type { StaffContext } from '../../env.ts';
import { decryptFile } from '../../lib/crypto.ts';
import { ApiError } from '../../lib/errors.ts';
import { audit, requireCapability } from '../../lib/staff-auth.ts';
import { caseGroup } from '../case-files.ts';
import { fileContext, materialsOf, objectKey } from '../materials.ts';
import { resolveCase } from './case-scope.ts';
import { scopedRecord } from './status.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** An application's checklist, each item with the files that came for it, newest last. */
async function materialsWithFiles(ctx: StaffContext, app: { id: number; reference: string }) {
  const { db } = ctx;
  const [items, rows] = await Promise.all([
    materialsOf(db, app.id),
    db.select().from(files).where(eq(files.applicationId, app.id)).orderBy(asc(files.id)),
  ]);
  return {
    reference: app.reference,
    items: items.map((i) => ({
      ...i,
      files: rows
        .filter((f) => f.item === i.item)
        .map((f) => ({ id: f.publicId, size: f.size, type: f.type, uploadedAt: iso(f.createdAt), uploadedBy: f.uploadedBy })),
    })),
  };
}

/** GET /api/staff/applications/:reference/files. */
export async function listApplicationMaterials(ctx: StaffContext, reference: string) {
  const app = await scopedRecord(ctx, 'application', reference, 'list-files');
  const result = await materialsWithFiles(ctx, app);
  await audit(ctx, { action: 'list-files', recordKind: 'application', recordRef: app.reference, outcome: 'ok' });
  // Whether this member may ask for items now (需补充材料 from where the application is).
  const canAsk = checkTransition(APPLICATION_MODEL, {
    from: app.status as ApplicationStatus,
    to: 'needs_info',
    actor: ctx.member.role,
    reason: 'x',
  }).ok;
  return { ...result, canOpen: can(ctx.member.role, 'readMaterials'), canAsk };
}

/** GET /api/staff/cases/:caseRef/files: the materials of every application of the child's file. */
export async function listCaseMaterials(ctx: StaffContext, caseRef: string) {
  const file = await resolveCase(ctx, caseRef, 'list-files');
  const group = await caseGroup(ctx.db, file.id);
  const apps = await ctx.db
    .select({ id: applications.id, reference: applications.reference })
    .from(applications)
    .where(inArray(applications.caseId, group))
    .orderBy(desc(applications.id));
  const result = [];
  for (const app of apps) result.push(await materialsWithFiles(ctx, app));
  await audit(ctx, {
    action: 'list-files',
    recordKind: 'case',
    recordRef: file.reference,
    outcome: 'ok',
    detail: `${apps.length} applications`,
  });
  return { reference: file.reference, applications: result, canOpen: can(ctx.member.role, 'readMaterials') };
}

export interface OpenedFile {
  bytes: ArrayBuffer;
  type: FileType;
  /** ASCII, made here: the item and the file's id, never a name the family typed. */
  filename: string;
}

/**
 * GET /api/staff/applications/:reference/files/:id: the file, decrypted. Scope first (403,
 * audited), then the role (readMaterials; 403, audited), then the file of that application.
 */
export async function openFile(ctx: StaffContext, reference: string, id: string, purpose: 'open' | 'thumbnail'): Promise<OpenedFile> {
  const app = await scopedRecord(ctx, 'application', reference, 'read-file');
  await requireCapability(
    ctx,
    'readMaterials',
    { action: 'read-file', recordKind: 'application', recordRef: app.reference, detail: id },
    t('files.err.cannotOpen'),
  );
  const [row] = await ctx.db.select().from(files).where(eq(files.publicId, id)).limit(1);
  if (!row || row.applicationId !== app.id) throw new ApiError(404, 'not_found', t('files.err.noSuchFile'));
  const object = await ctx.env.FILES.get(objectKey(row.publicId));
  // Retention deletes the object before the row: a row left by a failure in between is gone by the next night.
  if (!object) throw new ApiError(404, 'not_found', t('files.err.noSuchFile'));
  const bytes = await decryptFile(ctx.env.DATA_KEY, fileContext(app.reference, row.publicId), row.keyEnc, await object.arrayBuffer());
  // The item and the file's id: what was opened, never what it shows.
  await audit(ctx, {
    action: 'read-file',
    recordKind: 'application',
    recordRef: app.reference,
    outcome: 'ok',
    detail: `${purpose} ${row.item} ${row.publicId}`,
  });
  const type = row.type as FileType;
  return { bytes, type, filename: `${row.item}-${row.publicId.slice(0, 8)}.${FILE_TYPES[type]}` };
}
