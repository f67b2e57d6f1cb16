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

const CASE_OF = (table: string) => `(SELECT reference FROM cases WHERE id = ${table}.case_id)`;
const VOLUNTEER_OF_PAIRING = (pairingId: string) =>
  `(SELECT v.reference FROM pairings p JOIN volunteers v ON v.id = p.volunteer_id WHERE p.id = ${pairingId})`;

export interface EncryptedColumn {
  table: string;
  column: string;
  /** SQL for the context (additional data) of the row's value: the reference it was encrypted under. */
  context: string;
}

export const ENCRYPTED_COLUMNS = [
  { table: 'applications', column: 'personal_enc', context: 'applications.reference' },
  { table: 'applications', column: 'screening_enc', context: 'applications.reference' },
  { table: 'volunteers', column: 'personal_enc', context: 'volunteers.reference' },
  { table: 'reports', column: 'personal_enc', context: 'reports.reference' },
  { table: 'cases', column: 'personal_enc', context: 'cases.reference' },
  { table: 'status_events', column: 'public_note_enc', context: EVENT_RECORD },
  { table: 'status_events', column: 'internal_note_enc', context: EVENT_RECORD },
  { table: 'risk_assessments', column: 'reason_enc', context: CASE_OF('risk_assessments') },
  { table: 'visits', column: 'findings_enc', context: CASE_OF('visits') },
  { table: 'visits', column: 'companions_enc', context: CASE_OF('visits') },
  { table: 'screening_records', column: 'reason_enc', context: CASE_OF('screening_records') },
  { table: 'screening_records', column: 'notes_enc', context: CASE_OF('screening_records') },
  // A pairing's reasons and its contact log are about the volunteer's work: bound to their reference.
  {
    table: 'pairings',
    column: 'end_reason_enc',
    context: '(SELECT reference FROM volunteers WHERE id = pairings.volunteer_id)',
  },
  {
    table: 'pairings',
    column: 'override_reason_enc',
    context: '(SELECT reference FROM volunteers WHERE id = pairings.volunteer_id)',
  },
  { table: 'pairing_contacts', column: 'note_enc', context: VOLUNTEER_OF_PAIRING('pairing_contacts.pairing_id') },
  // 认定审核: everything about the child's file is bound to the file's reference.
  { table: 'batch_items', column: 'reason_enc', context: CASE_OF('batch_items') },
  { table: 'evaluations', column: 'situation_enc', context: CASE_OF('evaluations') },
  { table: 'evaluations', column: 'means_enc', context: CASE_OF('evaluations') },
  { table: 'evaluations', column: 'guardianship_enc', context: CASE_OF('evaluations') },
  { table: 'plan_items', column: 'measure_enc', context: CASE_OF('plan_items') },
  { table: 'plan_items', column: 'reason_enc', context: CASE_OF('plan_items') },
  { table: 'plan_items', column: 'public_note_enc', context: CASE_OF('plan_items') },
  {
    table: 'opinions',
    column: 'opinion_enc',
    context: '(SELECT c.reference FROM plan_items p JOIN cases c ON c.id = p.case_id WHERE p.id = opinions.plan_item_id)',
  },
  { table: 'referrals', column: 'request_enc', context: CASE_OF('referrals') },
  { table: 'referrals', column: 'response_enc', context: CASE_OF('referrals') },
  // A document's own key (the object in R2 stays as it is): lib/crypto.ts fileKeyContext of
  // services/materials.ts fileContext.
  {
    table: 'files',
    column: 'key_enc',
    context: "'file-key:file:' || (SELECT reference FROM applications WHERE id = files.application_id) || ':' || files.public_id",
  },
  // A staff member's phone for sign-in codes, bound to the account.
  { table: 'staff', column: 'phone_enc', context: "'staff:' || staff.id" },
  { table: 'sms_outbox', column: 'phone_enc', context: 'sms_outbox.reference' },
  { table: 'sms_outbox', column: 'message_enc', context: 'sms_outbox.reference' },
] as const satisfies readonly EncryptedColumn[];

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
