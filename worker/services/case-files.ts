/**
 * The child's file (一人一档): opening one, finding the one a child already has, and the
 * blind indexes it is found by. Whatever brings a child in — a village screening, a triaged
 * report, the family's application, staff directly — ends up here, so a child has one file.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { CASE_MODEL, type CaseStatus } from '#src/domain/case-status.ts';
import { normalizeIdNumber, normalizeName } from '#src/domain/blind-index.ts';
import type { TargetGroup } from '#src/domain/target-groups.ts';
import type { Database } from '../db/client.ts';
import { caseIndex, cases, statusEvents } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { blindValue, indexEntries, type Findable } from '../lib/blind-index.ts';
import { decryptJson, encryptJson } from '../lib/crypto.ts';

/** What is known of the child and the people around them; what is not known is absent. */
export interface CasePersonal {
  child: { name?: string; birthDate?: string; idNumber?: string };
  /** Guardians, applicants, the person who answered at the door. */
  people?: { name?: string; phone?: string; relationship?: string }[];
  address?: string;
}

export type CaseOrigin = 'screening' | 'report' | 'application' | 'staff';

export type Batch = BatchItem<'sqlite'>[];

/** The file a row belongs to, followed through merges to the one that is kept. */
export async function keptCase(
  db: Database,
  id: number,
): Promise<{ id: number; reference: string; township: string; status: string } | null> {
  for (let hops = 0, current = id; hops < 5; hops++) {
    const [row] = await db
      .select({ id: cases.id, reference: cases.reference, township: cases.township, status: cases.status, mergedInto: cases.mergedInto })
      .from(cases)
      .where(eq(cases.id, current))
      .limit(1);
    if (!row) return null;
    if (row.mergedInto === null) return { id: row.id, reference: row.reference, township: row.township, status: row.status };
    current = row.mergedInto;
  }
  return null;
}

/**
 * The file a child already has: by ID number anywhere in the county, otherwise by name and
 * birth date within the township (the same name and birthday in two townships are taken for
 * two children; staff can merge them).
 */
export async function findCase(
  env: Env,
  db: Database,
  where: { township: string; child: CasePersonal['child'] },
): Promise<{ id: number; reference: string } | null> {
  const { child } = where;
  const lookups: { kind: 'idNumber' | 'nameBirth'; value: string; township?: string }[] = [];
  if (child.idNumber) lookups.push({ kind: 'idNumber', value: await blindValue(env, 'idNumber', normalizeIdNumber(child.idNumber)) });
  if (child.name && child.birthDate) {
    const key = `${normalizeName(child.name)}|${child.birthDate}`;
    lookups.push({ kind: 'nameBirth', value: await blindValue(env, 'nameBirth', key), township: where.township });
  }
  for (const l of lookups) {
    const [hit] = await db
      .select({ caseId: caseIndex.caseId })
      .from(caseIndex)
      .where(and(eq(caseIndex.kind, l.kind), eq(caseIndex.value, l.value), l.township ? eq(caseIndex.township, l.township) : undefined))
      .orderBy(caseIndex.caseId)
      .limit(1);
    if (hit) {
      const kept = await keptCase(db, hit.caseId);
      if (kept) return kept;
    }
  }
  return null;
}

const byReference = (reference: string) => sql`(SELECT id FROM cases WHERE reference = ${reference})`;

/** Index entries for a file, written in the caller's batch; one already there is left alone. */
export async function indexStatements(
  env: Env,
  db: Database,
  file: { reference: string; township: string },
  findable: Findable,
): Promise<Batch> {
  const entries = await indexEntries(env, findable);
  if (!entries.length) return [];
  return [
    db
      .insert(caseIndex)
      .values(entries.map((e) => ({ caseId: byReference(file.reference), kind: e.kind, value: e.value, township: file.township })))
      .onConflictDoNothing(),
  ];
}

/** What a file's personal data says it can be found by. */
export function findableOf(p: CasePersonal): Findable {
  return {
    childName: p.child.name,
    birthDate: p.child.birthDate,
    idNumber: p.child.idNumber,
    names: (p.people ?? []).map((x) => x.name),
    phones: (p.people ?? []).map((x) => x.phone),
  };
}

export interface NewCase {
  reference: string;
  township: string;
  village: string | null;
  origin: CaseOrigin;
  status?: CaseStatus;
  personal: CasePersonal;
  targetGroups?: TargetGroup[];
  /** Further names and phones to find it by (an applicant's, a reporter's). */
  alsoFindBy?: Findable;
  actor: { kind: 'applicant' | 'staff' | 'system'; id?: number };
}

/** The statements that open a file — the case, its first status event, its index entries — for one batch. */
export async function openCaseStatements(env: Env, db: Database, c: NewCase): Promise<Batch> {
  const status = c.status ?? CASE_MODEL.initial;
  const findable = findableOf(c.personal);
  return [
    db.insert(cases).values({
      reference: c.reference,
      status,
      township: c.township,
      village: c.village,
      origin: c.origin,
      personalEnc: await encryptJson(env.DATA_KEY, c.reference, c.personal),
      targetGroups: JSON.stringify(c.targetGroups ?? []),
    }),
    db.insert(statusEvents).values({
      kind: 'case',
      recordId: byReference(c.reference),
      fromStatus: null,
      toStatus: status,
      actorKind: c.actor.kind,
      actorId: c.actor.id ?? null,
    }),
    ...(await indexStatements(env, db, c, {
      ...findable,
      names: [...(findable.names ?? []), ...(c.alsoFindBy?.names ?? [])],
      phones: [...(findable.phones ?? []), ...(c.alsoFindBy?.phones ?? [])],
    })),
  ];
}

export async function readPersonal(env: Env, row: { reference: string; personalEnc: string | null }): Promise<CasePersonal | null> {
  return row.personalEnc ? decryptJson<CasePersonal>(env.DATA_KEY, row.reference, row.personalEnc) : null;
}

/** The ids of a file and of every file merged into it: their rows all belong to the child. */
export async function caseGroup(db: Database, id: number): Promise<number[]> {
  const ids = [id];
  for (let frontier = [id], hops = 0; frontier.length && hops < 5; hops++) {
    const merged = await db.select({ id: cases.id }).from(cases).where(inArray(cases.mergedInto, frontier));
    frontier = merged.map((m) => m.id);
    ids.push(...frontier);
  }
  return ids;
}
