/**
 * Every encrypted column (AES-GCM under DATA_KEY, lib/crypto.ts) and the context its values
 * are bound to, as SQL on that table's row. A value is bound to its record (the context) and
 * to its field (`table.column`, EncryptedField): encryptJson and decryptJson take both, so a
 * value moved into another column of the same record does not decrypt. Key rotation
 * re-encrypts them all (lib/rotation.ts, npm run keys:rotate); a test checks that every
 * `*_enc` column of schema.ts is listed here, so a new one cannot be forgotten.
 */

/** The reference of the record a status event is about, whatever its kind. */
const EVENT_RECORD = `CASE status_events.kind
  WHEN 'application' THEN (SELECT reference FROM applications WHERE id = status_events.record_id)
  WHEN 'volunteer' THEN (SELECT reference FROM volunteers WHERE id = status_events.record_id)
  WHEN 'report' THEN (SELECT reference FROM reports WHERE id = status_events.record_id)
  WHEN 'case' THEN (SELECT reference FROM cases WHERE id = status_events.record_id) END`;

const VOLUNTEER_OF_PAIRING = (pairingId: string) =>
  `(SELECT v.reference FROM pairings p JOIN volunteers v ON v.id = p.volunteer_id WHERE p.id = ${pairingId})`;

export interface EncryptedColumn {
  table: string;
  column: string;
  /** SQL for the context (additional data) of the row's value: the reference it was encrypted under. */
  context: string;
}

/** The columns of one table whose values share a context. */
const sealed = <const T extends string, const C extends string>(table: T, context: string, ...columns: C[]) =>
  columns.map((column) => ({ table, column, context }));

/** A table's columns bound to the reference of the child's file the row is about. */
const ofCase = <const T extends string, const C extends string>(table: T, ...columns: C[]) =>
  sealed(table, `(SELECT reference FROM cases WHERE id = ${table}.case_id)`, ...columns);

export const ENCRYPTED_COLUMNS = [
  ...sealed('applications', 'applications.reference', 'personal_enc', 'screening_enc'),
  ...sealed('volunteers', 'volunteers.reference', 'personal_enc'),
  ...sealed('reports', 'reports.reference', 'personal_enc'),
  ...sealed('cases', 'cases.reference', 'personal_enc'),
  ...sealed('status_events', EVENT_RECORD, 'public_note_enc', 'internal_note_enc'),
  ...ofCase('risk_assessments', 'reason_enc'),
  ...ofCase('visits', 'findings_enc', 'companions_enc'),
  ...ofCase('screening_records', 'reason_enc', 'notes_enc'),
  // A pairing's reasons and its contact log are about the volunteer's work: bound to their reference.
  ...sealed('pairings', '(SELECT reference FROM volunteers WHERE id = pairings.volunteer_id)', 'end_reason_enc', 'override_reason_enc'),
  ...sealed('pairing_contacts', VOLUNTEER_OF_PAIRING('pairing_contacts.pairing_id'), 'note_enc'),
  // 认定审核: everything about the child's file is bound to the file's reference.
  ...ofCase('batch_items', 'reason_enc'),
  ...ofCase('evaluations', 'situation_enc', 'means_enc', 'guardianship_enc'),
  ...ofCase('plan_items', 'measure_enc', 'reason_enc', 'public_note_enc'),
  ...sealed(
    'opinions',
    '(SELECT c.reference FROM plan_items p JOIN cases c ON c.id = p.case_id WHERE p.id = opinions.plan_item_id)',
    'opinion_enc',
  ),
  ...ofCase('referrals', 'request_enc', 'response_enc'),
  // A document's own key (the object in R2 stays as it is): lib/crypto.ts fileKeyContext of
  // services/materials.ts fileContext.
  ...sealed(
    'files',
    "'file-key:file:' || (SELECT reference FROM applications WHERE id = files.application_id) || ':' || files.public_id",
    'key_enc',
  ),
  // A staff member's phone for sign-in codes, bound to the account.
  ...sealed('staff', "'staff:' || staff.id", 'phone_enc'),
  ...sealed('sms_outbox', 'sms_outbox.reference', 'phone_enc', 'message_enc'),
] satisfies readonly EncryptedColumn[];

type NameOf<C> = C extends { table: infer T extends string; column: infer K extends string } ? `${T}.${K}` : never;

/** The name of an encrypted column, `table.column`: the field a value is bound to besides its record. */
export type EncryptedField = NameOf<(typeof ENCRYPTED_COLUMNS)[number]>;

/**
 * Everything DATA_KEY seals: the columns above, and the receipt a form post without
 * JavaScript carries in a short-lived cookie to its result page (lib/pages.ts), which is not in D1.
 */
export type SealedField = EncryptedField | 'cookie.flash';

/** The field of a column of the list. */
export const fieldOf = (c: EncryptedColumn) => `${c.table}.${c.column}` as EncryptedField;

/** The column of a record's personal data (name, phone, ID number …), by the record's kind. */
export const PERSONAL_FIELD = {
  application: 'applications.personal_enc',
  volunteer: 'volunteers.personal_enc',
  report: 'reports.personal_enc',
  case: 'cases.personal_enc',
} as const satisfies Record<string, EncryptedField>;
