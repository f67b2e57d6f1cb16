/**
 * 申请材料 for the family: an application's checklist (its entitlements' items, what came,
 * what the office asked for), and attaching files to it with the access code. Each file is
 * checked by its bytes (lib/file-types.ts), encrypted with a key of its own (lib/crypto.ts) and
 * written to R2 under an opaque id; its row, the requests it answers and — when it was the last
 * item asked for — the application's return from 需补充材料 are one D1 batch.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import catalog from '#src/generated/catalog.json' with { type: 'json' };
import { APPLICATION_MODEL } from '#src/domain/application-status.ts';
import {
  checklistOf,
  FILE_LIMITS,
  isMaterialKey,
  materialInfo,
  MATERIAL_KEYS,
  sizeText,
  type ChecklistLine,
  type FileType,
  type MaterialStatus,
} from '#src/domain/materials.ts';
import { checkTransition, statusLabel, type StatusModel } from '#src/domain/status-model.ts';
import { t } from '#src/i18n/index.ts';
import type { Database } from '../db/client.ts';
import { uniqueViolation } from '../db/client.ts';
import { applications, files, materialRequests } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { encryptFile, encryptJson, fileHash, hmacText, randomToken } from '../lib/crypto.ts';
import { ApiError } from '../lib/errors.ts';
import { pdfProblem, sniffType } from '../lib/file-types.ts';
import { invalid } from '../lib/validate.ts';
import { authorised } from './record-access.ts';
import { moveStatements } from './records.ts';

const CHECKLISTS = new Map(catalog.map((e) => [e.slug, e.checklist as ChecklistLine[]]));
const MODEL = APPLICATION_MODEL as StatusModel<string>;

/** Files one request may carry; more go in further requests. */
export const MAX_FILES_PER_REQUEST = 10;

/** Where the encrypted bytes of a file live in the FILES bucket. */
export const objectKey = (publicId: string) => `files/${publicId}`;

/** What a file's encryption is bound to: its application and itself. */
export const fileContext = (reference: string, publicId: string) => `file:${reference}:${publicId}`;

/** The items of an application's entitlements, merged, each once. */
export function checklistOfApplication(entitlementsJson: string) {
  return checklistOf((JSON.parse(entitlementsJson) as string[]).map((slug) => CHECKLISTS.get(slug) ?? []));
}

/**
 * The checklist with what came for each item and what the office asked for; items asked for
 * or sent that are not on it (其他材料, or one staff added) come after it.
 */
export async function materialsOf(db: Database, applicationId: number): Promise<MaterialStatus[]> {
  return materialsFrom(await db.batch(materialsQueries(db, applicationId)));
}

/**
 * materialsOf's reads, for a batch of the caller's: `applicationId` is the id, or SQL that
 * finds it (the status lookup reads them with the record, in one round trip).
 */
export function materialsQueries(db: Database, applicationId: number | SQL) {
  return [
    db
      .select({ entitlements: applications.entitlements, status: applications.status, createdAt: applications.createdAt })
      .from(applications)
      .where(eq(applications.id, applicationId)),
    db
      .select({ item: files.item, n: sql<number>`count(*)` })
      .from(files)
      .where(eq(files.applicationId, applicationId))
      .groupBy(files.item),
    db.selectDistinct({ item: materialRequests.item }).from(materialRequests).where(openRequests(applicationId)),
  ] as const;
}

type Queries = ReturnType<typeof materialsQueries>;
export type MaterialsRows = [Awaited<Queries[0]>, Awaited<Queries[1]>, Awaited<Queries[2]>];

/** materialsOf from the rows of materialsQueries. */
export function materialsFrom([app, received, open]: Readonly<MaterialsRows>): MaterialStatus[] {
  const counts = new Map(received.map((r) => [r.item, r.n]));
  // What the office asked for counts while the application waits for it (not once it is withdrawn).
  const asked = new Set(app[0]?.status === MODEL.returning ? open.map((r) => r.item) : []);
  const list = app[0] ? checklistOfApplication(app[0].entitlements) : [];
  const listed = new Set<string>(list.map((i) => i.item));
  const extra = MATERIAL_KEYS.filter((k) => !listed.has(k) && (asked.has(k) || counts.has(k)));
  return [
    ...list.map((i) => ({ item: i.item, title: i.title, required: i.required })),
    ...extra.map((k) => ({ item: k, title: materialInfo(k).title, required: false })),
  ].map((i) => ({ ...i, received: counts.get(i.item) ?? 0, requested: asked.has(i.item) }));
}

const openRequests = (applicationId: number | SQL) =>
  and(eq(materialRequests.applicationId, applicationId), isNull(materialRequests.receivedAt), isNull(materialRequests.closedAt));

// --- Attaching files ---------------------------------------------------------------------------

export interface Upload {
  reference: string;
  accessCode: string;
  item: string;
  files: File[];
  /** Idempotency-Key (JSON callers) or the form's idempotencyKey; optional here, since a file is stored once anyway. */
  idempotencyKey: string | null;
}

export interface StoredFile {
  id: string;
  item: string;
  size: number;
  type: FileType;
}

/** The file's name as the family knows it, for a message: never stored, never logged. */
function shownName(file: File): string {
  const base = (file.name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base.replace(/[\u0000-\u001F\u007F<>]/g, '')].slice(0, 40).join('').trim();
  return clean || t('files.unnamed');
}

/** A refusal that names the file and says what to do; `fields.file` carries the same words. */
const refuse = (status: 413 | 415, code: string, message: string) => new ApiError(status, code, message, { file: message });

interface Checked {
  file: File;
  /** Read once, for the checks and then for the encryption: one copy of the file, not two. */
  bytes: Uint8Array<ArrayBuffer>;
  type: FileType;
  hash: string;
}

/** The file's bytes checked: not empty, not over the limit, a type we take, a PDF with nothing active. */
async function checkFile(env: Env, file: File): Promise<Checked> {
  const name = shownName(file);
  if (file.size === 0) {
    const message = t('files.err.empty', { name });
    throw invalid({ file: message }, message);
  }
  if (file.size > FILE_LIMITS.fileBytes)
    throw refuse(413, 'file_too_large', t('files.err.tooLarge', { name, size: sizeText(file.size), max: sizeText(FILE_LIMITS.fileBytes) }));
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffType(bytes);
  if (!type) throw refuse(415, 'file_type_not_accepted', t('files.err.type', { name }));
  if (type === 'application/pdf') {
    const problem = await pdfProblem(bytes);
    if (problem === 'encrypted') throw refuse(415, 'pdf_not_accepted', t('files.err.pdfEncrypted', { name }));
    if (problem) throw refuse(415, 'pdf_not_accepted', t('files.err.pdf', { name }));
  }
  return { file, bytes, type, hash: await fileHash(env.HMAC_KEY, bytes) };
}

/**
 * Attaches files to one item of an application. Refused as a whole, with nothing stored, when
 * any file is refused. A file the application already has for the item is not stored again,
 * and the same Idempotency-Key with the same files answers as the first time.
 */
export async function attachFiles(env: Env, db: Database, u: Upload): Promise<StoredFile[]> {
  const found = await authorised(env, db, u.reference, u.accessCode);
  // Only applications take materials; any other reference answers like an unknown one.
  if (found.kind !== 'application') throw new ApiError(404, 'not_found', t('files.err.notFound'));
  const reference = found.row.reference;
  const [app] = await db.select().from(applications).where(eq(applications.id, found.row.id)).limit(1);
  if (!app) throw new ApiError(404, 'not_found', t('files.err.notFound'));
  if (MODEL.states[app.status]?.final || app.purgedAt !== null)
    throw new ApiError(409, 'not_allowed', t('files.err.closed', { status: statusLabel(MODEL, app.status) }));

  const listed = await materialsOf(db, app.id);
  if (!isMaterialKey(u.item)) throw invalid({ item: t('files.err.item') });
  if (u.item !== 'other' && !listed.some((m) => m.item === u.item)) throw invalid({ item: t('files.err.itemNotListed') });
  if (u.files.length === 0) throw invalid({ file: t('files.err.none') });
  if (u.files.length > MAX_FILES_PER_REQUEST) throw invalid({ file: t('files.err.tooMany', { max: MAX_FILES_PER_REQUEST }) });

  const checked: Checked[] = [];
  for (const file of u.files) checked.push(await checkFile(env, file));
  const requestHash = await hmacText(env.HMAC_KEY, `files:${reference}:${u.item}:${checked.map((c) => c.hash).join(',')}`);

  for (let attempt = 0; ; attempt++) {
    const answer = await store(env, db, { reference, app, item: u.item, checked, key: u.idempotencyKey, requestHash });
    if (answer) return answer;
    // Another upload of the same file won the race: the next pass finds it stored.
    if (attempt >= 1) throw new Error('a file upload kept racing with another');
  }
}

type ApplicationRow = typeof applications.$inferSelect;

/** One pass of storing; null when a unique index says another request stored a file meanwhile. */
async function store(
  env: Env,
  db: Database,
  s: { reference: string; app: ApplicationRow; item: string; checked: Checked[]; key: string | null; requestHash: string },
): Promise<StoredFile[] | null> {
  const { app, item, reference } = s;
  const existing = await db
    .select({
      id: files.publicId,
      item: files.item,
      size: files.size,
      type: files.type,
      contentHash: files.contentHash,
      key: files.idempotencyKey,
      requestHash: files.requestHash,
    })
    .from(files)
    .where(eq(files.applicationId, app.id));
  if (s.key) {
    const replayed = existing.filter((f) => f.key === s.key);
    if (replayed.length && replayed.some((f) => f.requestHash !== s.requestHash))
      throw new ApiError(409, 'idempotency_conflict', t('files.err.idempotency'));
  }
  const sameItem = new Map(existing.filter((f) => f.item === item).map((f) => [f.contentHash, f]));
  const fresh: (Checked & { publicId: string })[] = [];
  const answer: StoredFile[] = [];
  for (const c of s.checked) {
    const stored = sameItem.get(c.hash) ?? fresh.find((f) => f.hash === c.hash);
    if (stored) {
      answer.push({ id: 'publicId' in stored ? stored.publicId : stored.id, item, size: c.file.size, type: c.type });
      continue;
    }
    const publicId = randomToken(16);
    fresh.push({ ...c, publicId });
    answer.push({ id: publicId, item, size: c.file.size, type: c.type });
  }
  const used = existing.reduce((n, f) => n + f.size, 0);
  const adding = fresh.reduce((n, f) => n + f.file.size, 0);
  // Checked before writing; two uploads at the very same moment could pass it together, by at most one request's files.
  if (used + adding > FILE_LIMITS.applicationBytes) {
    const name = shownName(fresh.at(-1)!.file);
    throw refuse(
      413,
      'application_files_full',
      t('files.err.full', { used: sizeText(used), name, max: sizeText(FILE_LIMITS.applicationBytes) }),
    );
  }
  if (!fresh.length) return answer;

  // R2 first, D1 second: a row never points at a missing object. An object whose row never
  // came (a crash in between) is deleted by the nightly sweep (retention.ts).
  const keyEnc = new Map<string, string>();
  const written: string[] = [];
  try {
    for (const f of fresh) {
      const sealed = await encryptFile(env.DATA_KEY, fileContext(reference, f.publicId), f.bytes);
      await env.FILES.put(objectKey(f.publicId), sealed.object);
      written.push(objectKey(f.publicId));
      keyEnc.set(f.publicId, sealed.keyEnc);
    }
    await env.DB.batch([
      ...fresh.map((f) =>
        env.DB.prepare(
          `INSERT INTO files (public_id, application_id, item, size, type, content_hash, key_enc, uploaded_by, idempotency_key, request_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'applicant', ?, ?)`,
        ).bind(f.publicId, app.id, item, f.file.size, f.type, f.hash, keyEnc.get(f.publicId)!, s.key, s.requestHash),
      ),
      env.DB.prepare(
        'UPDATE material_requests SET received_at = ? WHERE application_id = ? AND item = ? AND received_at IS NULL AND closed_at IS NULL',
      ).bind(Date.now(), app.id, item),
      ...(await resumeStatements(env, db, app)),
    ]);
  } catch (error) {
    await env.FILES.delete(written);
    if (uniqueViolation(error, 'files.')) return null;
    throw new Error('storing a file failed', { cause: error });
  }
  return answer;
}

/**
 * The return from 需补充材料 with this upload, when the office asked for items: guarded in SQL
 * by the application still waiting and nothing it asked for still missing once this upload's
 * requests are marked received (two uploads of the last two items at once: the later one moves).
 */
async function resumeStatements(env: Env, db: Database, app: ApplicationRow): Promise<D1PreparedStatement[]> {
  const resume = app.resumeStatus;
  if (app.status !== MODEL.returning || !resume) return [];
  const asked = await db.select({ id: materialRequests.id }).from(materialRequests).where(openRequests(app.id)).limit(1);
  if (!asked.length) return [];
  if (!checkTransition(MODEL, { from: app.status, to: resume, actor: 'applicant', resume }).ok) return [];
  return moveStatements(env.DB, 'application', {
    id: app.id,
    from: app.status,
    to: resume,
    actorKind: 'applicant',
    publicNoteEnc: await encryptJson(env.DATA_KEY, 'status_events.public_note_enc', app.reference, t('files.resumed')),
    set: { resume_status: null },
    when: {
      sql: 'resume_status = ? AND NOT EXISTS (SELECT 1 FROM material_requests WHERE application_id = ? AND received_at IS NULL AND closed_at IS NULL)',
      args: [resume, app.id],
    },
  });
}

// --- Retention ---------------------------------------------------------------------------------

const DAY = 24 * 60 * 60 * 1000;
/** An object older than this without a row is left over from a crash between R2 and D1. */
const ORPHAN_AFTER = DAY;

/**
 * Deletes the files of applications whose personal data retention has deleted (the objects in
 * R2, then their rows and the requests for them), and objects left without a row. Run after
 * the applications are purged (runRetention); what fails is found again the next night.
 */
export async function purgeFiles(env: Env, now: number): Promise<{ files: number; orphans: number }> {
  let deleted = 0;
  for (;;) {
    const { results } = await env.DB.prepare(
      `SELECT f.id, f.public_id FROM files f JOIN applications a ON a.id = f.application_id WHERE a.purged_at IS NOT NULL LIMIT 500`,
    ).all<{ id: number; public_id: string }>();
    if (!results.length) break;
    await env.FILES.delete(results.map((r) => objectKey(r.public_id)));
    await env.DB.prepare('DELETE FROM files WHERE id IN (SELECT value FROM json_each(?))')
      .bind(JSON.stringify(results.map((r) => r.id)))
      .run();
    deleted += results.length;
  }
  await env.DB.prepare(
    'DELETE FROM material_requests WHERE application_id IN (SELECT id FROM applications WHERE purged_at IS NOT NULL)',
  ).run();

  let orphans = 0;
  let cursor: string | undefined;
  do {
    const page = await env.FILES.list({ prefix: 'files/', cursor, limit: 1000 });
    const old = page.objects.filter((o) => o.uploaded.getTime() < now - ORPHAN_AFTER).map((o) => o.key);
    if (old.length) {
      const { results } = await env.DB.prepare('SELECT public_id FROM files WHERE public_id IN (SELECT value FROM json_each(?))')
        .bind(JSON.stringify(old.map((k) => k.slice('files/'.length))))
        .all<{ public_id: string }>();
      const known = new Set(results.map((r) => objectKey(r.public_id)));
      const gone = old.filter((k) => !known.has(k));
      if (gone.length) await env.FILES.delete(gone);
      orphans += gone.length;
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return { files: deleted, orphans };
}
