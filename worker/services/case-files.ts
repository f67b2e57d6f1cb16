/**
 * The child's file (一人一档): opening one, finding the one a child already has, and the
 * blind indexes it is found by. Whatever brings a child in — a village screening, a triaged
 * report, the family's application, staff directly — ends up here, so a child has one file.
 */
import { and, eq, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { BatchItem } from 'drizzle-orm/batch';
import { CASE_MODEL, type CaseStatus } from '#src/domain/case-status.ts';
import { normalizeIdNumber, normalizeName } from '#src/domain/blind-index.ts';
import type { TargetGroup } from '#src/domain/target-groups.ts';
import type { Database } from '../db/client.ts';
import { caseIndex, cases, statusEvents } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { blindValue, indexEntries, type Findable } from '../lib/blind-index.ts';
import { decryptOrNull, encryptJson } from '../lib/crypto.ts';

/** What is known of the child and the people around them; what is not known is absent. */
export interface CasePersonal {
  child: { name?: string; birthDate?: string; idNumber?: string };
  /** Guardians, applicants, the person who answered at the door. */
  people?: { name?: string; phone?: string; relationship?: string }[];
  address?: string;
}

export type CaseOrigin = 'screening' | 'report' | 'application' | 'staff';

export type Batch = BatchItem<'sqlite'>[];

export interface KeptCase {
  id: number;
  reference: string;
  township: string;
  village: string | null;
  status: string;
}

/** The file a row belongs to, followed through merges to the one that is kept. */
export async function keptCase(db: Database, id: number): Promise<KeptCase | null> {
  return (await keptCases(db, [id])).get(id) ?? null;
}

/** What a lookup reads of a file: where it is, its state, and the file it was merged into. */
const FILE_COLUMNS = {
  id: cases.id,
  reference: cases.reference,
  township: cases.township,
  village: cases.village,
  status: cases.status,
  mergedInto: cases.mergedInto,
};

/**
 * The kept file of each of `ids`, followed through merges: one query per hop for all of them
 * (a merge is one hop, a file merged into one that was merged later two), so a search's hits
 * cost one lookup, not one each.
 */
export async function keptCases(db: Database, ids: number[]): Promise<Map<number, KeptCase>> {
  const kept = new Map<number, KeptCase>();
  // Where each asked id has got to so far.
  let at = new Map([...new Set(ids)].map((id) => [id, id]));
  for (let hops = 0; at.size && hops < 5; hops++) {
    const rows = await db
      .select(FILE_COLUMNS)
      .from(cases)
      .where(inArray(cases.id, [...new Set(at.values())]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const next = new Map<number, number>();
    for (const [asked, current] of at) {
      const row = byId.get(current);
      if (!row) continue;
      if (row.mergedInto === null) {
        const { mergedInto: _, ...file } = row;
        kept.set(asked, file);
      } else next.set(asked, row.mergedInto);
    }
    at = next;
  }
  return kept;
}

/**
 * The file a child already has: by ID number anywhere in the county, otherwise by name and
 * birth date within the township (the same name and birthday in two townships are taken for
 * two children; staff can merge them). With `accept`, only a file it accepts (a file in the
 * member's scope): a match elsewhere is passed over, so nothing about it leaks.
 */
export async function findCase(
  env: Env,
  db: Database,
  where: { township: string; child: CasePersonal['child'] },
  accept: (file: KeptCase) => boolean = () => true,
): Promise<KeptCase | null> {
  const { child } = where;
  const lookups: { kind: 'idNumber' | 'nameBirth'; value: string; township?: string }[] = [];
  if (child.idNumber) lookups.push({ kind: 'idNumber', value: await blindValue(env, 'idNumber', normalizeIdNumber(child.idNumber)) });
  if (child.name && child.birthDate) {
    const key = `${normalizeName(child.name)}|${child.birthDate}`;
    lookups.push({ kind: 'nameBirth', value: await blindValue(env, 'nameBirth', key), township: where.township });
  }
  if (!lookups.length) return null;
  // Every lookup, each hit with its file, in one round trip; merges are followed only for a hit
  // whose file was merged into another (a second round trip, rare).
  const queries = lookups.map((l) =>
    db
      .select({ caseId: caseIndex.caseId, ...FILE_COLUMNS })
      .from(caseIndex)
      .leftJoin(cases, eq(cases.id, caseIndex.caseId))
      .where(and(eq(caseIndex.kind, l.kind), eq(caseIndex.value, l.value), l.township ? eq(caseIndex.township, l.township) : undefined))
      .orderBy(caseIndex.caseId)
      .limit(20),
  );
  const results = await db.batch(queries as [(typeof queries)[0], ...typeof queries]);
  const merged = results.flat().filter((h) => h.id !== null && h.mergedInto !== null);
  const followed = merged.length
    ? await keptCases(
        db,
        merged.map((h) => h.caseId),
      )
    : new Map<number, KeptCase>();
  for (const hits of results) {
    for (const h of hits) {
      if (h.id === null) continue;
      const file =
        h.mergedInto === null
          ? { id: h.id, reference: h.reference!, township: h.township!, village: h.village, status: h.status! }
          : followed.get(h.caseId);
      if (file && accept(file)) return file;
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
      personalEnc: await encryptJson(env.DATA_KEY, 'cases.personal_enc', c.reference, c.personal),
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
  return decryptOrNull<CasePersonal>(env.DATA_KEY, 'cases.personal_enc', row.reference, row.personalEnc);
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

/**
 * Other files that may be the same child as a file and those merged into it (`group`): the
 * same ID number anywhere in the county, or the same name and birth date in the same township.
 * They arise where a match was outside the scope of whoever filed the child (a village
 * screening a child already on file in another township files the child anew, so nothing about
 * the other file leaks) — for the county, or the township, to check and merge.
 */
export async function possibleDuplicates(db: Database, group: number[]): Promise<KeptCase[]> {
  const other = alias(caseIndex, 'other');
  const hits = await db
    .selectDistinct({ caseId: other.caseId })
    .from(caseIndex)
    .innerJoin(other, and(eq(other.value, caseIndex.value), eq(other.kind, caseIndex.kind)))
    .where(
      and(
        inArray(caseIndex.caseId, group),
        inArray(caseIndex.kind, ['idNumber', 'nameBirth']),
        or(eq(caseIndex.kind, 'idNumber'), eq(other.township, caseIndex.township)),
        notInArray(other.caseId, group),
      ),
    )
    .limit(50);
  const kept = await keptCases(
    db,
    hits.map((h) => h.caseId),
  );
  return [...new Map([...kept.values()].filter((k) => !group.includes(k.id)).map((k) => [k.id, k])).values()];
}

/**
 * The same in SQL, for a list: files with another live file that may be the same child, that
 * other file within `scope` (the member's townships, and villages where the account has them).
 * The other file is taken as it is, not followed through merges: a merged one does not count.
 */
export function hasPossibleDuplicate(scope: { townships: string[]; villages: string[] | null }): SQL {
  const list = (xs: string[]) =>
    sql.join(
      xs.map((x) => sql`${x}`),
      sql`, `,
    );
  return sql`${cases.id} IN (
    SELECT a.case_id FROM case_index a
    JOIN case_index b ON b.value = a.value AND b.kind = a.kind AND b.case_id <> a.case_id
    JOIN cases o ON o.id = b.case_id
    WHERE a.kind IN ('idNumber', 'nameBirth') AND (a.kind = 'idNumber' OR a.township = b.township)
      AND o.merged_into IS NULL AND o.status <> 'merged' AND o.township IN (${list(scope.townships)})
      ${scope.villages ? sql`AND o.village IN (${list(scope.villages)})` : sql``})`;
}
