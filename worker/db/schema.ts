/**
 * The D1 schema (drizzle). `npm run db:generate` turns changes here into a new SQL file in
 * migrations/, which wrangler applies locally and in production and the Worker tests apply
 * through readD1Migrations. Personal data lives only in the *_enc columns (AES-GCM, see
 * worker/lib/crypto.ts); everything else is what staff filter and count on.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { SMS_STATES } from '#src/domain/sms.ts';
import { STAFF_ROLES } from '#src/domain/staff-roles.ts';

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

/** A table's own row id: an integer SQLite assigns, never reused. */
const rowId = () => integer('id').primaryKey({ autoIncrement: true });

/** When a record's personal data was deleted (retention), and when it was made and last changed. */
const recordTimes = () => ({
  purgedAt: integer('purged_at'),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
});

/** Columns every public intake shares (applications, volunteers, reports). */
const intake = () => ({
  id: rowId(),
  /** A-7K3F9M4P: what the person quotes at any office. */
  reference: text('reference').notNull(),
  /** HMAC of the access code; null when the person did not ask to follow up (anonymous reports). */
  accessHash: text('access_hash'),
  status: text('status').notNull(),
  township: text('township').notNull(),
  village: text('village').notNull(),
  /**
   * The client's Idempotency-Key, and a keyed hash (HMAC) of the body it came with; the hash is
   * null once retention has deleted the personal data.
   */
  idempotencyKey: text('idempotency_key').notNull(),
  requestHash: text('request_hash'),
  consentVersion: text('consent_version').notNull(),
  consentAt: integer('consent_at').notNull(),
  /** Encrypted JSON of the personal fields; null once retention has deleted them. */
  personalEnc: text('personal_enc'),
  /** Whether the person asked for text messages at each step (an application: yes unless they said no). */
  notifySms: integer('notify_sms', { mode: 'boolean' }).notNull().default(false),
  /** HMAC of the phone given, bound to the reference: a lost access code is recovered by it, never by decrypting. */
  phoneHash: text('phone_hash'),
  ...recordTimes(),
});

export const applications = sqliteTable(
  'applications',
  {
    ...intake(),
    /** JSON array of entitlement slugs asked for. */
    entitlements: text('entitlements').notNull(),
    /** Encrypted JSON {answers, result}: the eligibility answers and the pre-screening result. */
    screeningEnc: text('screening_enc'),
    /** Count of entitlements the pre-screening found eligible or maybe: enough for lists, reveals nothing. */
    prescreenMatches: integer('prescreen_matches').notNull().default(0),
    /** The child's file (cases) this application belongs to. */
    caseId: integer('case_id'),
    /** The review state a needs_info returns to. */
    resumeStatus: text('resume_status'),
  },
  (t) => [
    uniqueIndex('applications_reference').on(t.reference),
    uniqueIndex('applications_idempotency').on(t.idempotencyKey),
    index('applications_township_status').on(t.township, t.status),
    index('applications_case').on(t.caseId),
  ],
);

/** Volunteers and 爱心妈妈: sign-up, screening, and what pairing needs to know. */
export const volunteers = sqliteTable(
  'volunteers',
  {
    ...intake(),
    /** volunteer or caringMother (爱心妈妈/代理妈妈). */
    role: text('role').notNull(),
    /** JSON arrays of skill, weekday and time-of-day keys. */
    skills: text('skills').notNull(),
    availability: text('availability').notNull(),
    /** How many children they can take at once. */
    capacity: integer('capacity').notNull(),
    /** When they consented to the background check (入职查询) the law requires. */
    backgroundConsentAt: integer('background_consent_at').notNull(),
    /** clear / notClear, and when the check runs out; an expired check blocks new pairings. */
    backgroundCheckResult: text('background_check_result'),
    backgroundCheckedAt: integer('background_checked_at'),
    backgroundCheckExpires: integer('background_check_expires'),
  },
  (t) => [
    uniqueIndex('volunteers_reference').on(t.reference),
    uniqueIndex('volunteers_idempotency').on(t.idempotencyKey),
    index('volunteers_township_status').on(t.township, t.status),
  ],
);

/** Reports of a child at risk. The reporter may stay anonymous: then no contact is stored. */
export const reports = sqliteTable(
  'reports',
  {
    ...intake(),
    /** JSON array of what was seen (REPORT_CATEGORIES). */
    categories: text('categories').notNull(),
    ageBand: text('age_band').notNull(),
    /** yes / no / unsure: was the child in danger at the time. */
    inDanger: text('in_danger').notNull(),
    /** The reporter's role under 强制报告, or none. */
    reporterRole: text('reporter_role').notNull(),
    /** The child's file this report was linked to, or opened, when triaged. */
    caseId: integer('case_id'),
  },
  (t) => [
    uniqueIndex('reports_reference').on(t.reference),
    uniqueIndex('reports_idempotency').on(t.idempotencyKey),
    index('reports_township_status').on(t.township, t.status),
  ],
);

/**
 * Every status change of every intake, with public and internal notes (both encrypted:
 * staff write free text). `kind` + `recordId` point at the row.
 */
export const statusEvents = sqliteTable(
  'status_events',
  {
    id: rowId(),
    kind: text('kind', { enum: ['application', 'volunteer', 'report', 'case'] }).notNull(),
    recordId: integer('record_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorKind: text('actor_kind', { enum: ['applicant', 'staff', 'system'] }).notNull(),
    actorId: integer('actor_id'),
    publicNoteEnc: text('public_note_enc'),
    internalNoteEnc: text('internal_note_enc'),
    at: integer('at').notNull().default(now),
  },
  (t) => [index('status_events_record').on(t.kind, t.recordId, t.id)],
);

/**
 * Staff accounts, scoped by township. The personal token (`th_…`, stored as SHA-256: it is 256
 * random bits) is the first factor of signing in; a passkey or a code sent by SMS to the phone
 * registered here is the second (lib/staff-session.ts). An account created through the API is
 * not usable until a second administrator approves it; one made by the command line (with the
 * deploy credentials) is approved when it is made.
 */
export const staff = sqliteTable(
  'staff',
  {
    id: rowId(),
    name: text('name').notNull(),
    /** village (儿童主任) / township / county (县民政局) / admin. */
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    /** JSON array of township ids, or ["*"] for every township. */
    townships: text('townships').notNull(),
    /** A 儿童主任's villages (JSON array), within the township; null for the whole township. */
    villages: text('villages'),
    /** A department account's department (src/domain/departments.ts); null for the others. */
    department: text('department'),
    tokenHash: text('token_hash').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
    createdAt: integer('created_at').notNull().default(now),
    /** Encrypted mobile number (bound to `staff:<id>`), where sign-in codes go; null: no SMS second factor. */
    phoneEnc: text('phone_enc'),
    /** The administrator who created it through the API; null when the command line did. */
    createdBy: integer('created_by'),
    /** When a second administrator approved it (the command line: when it was made); null: not usable yet. */
    approvedAt: integer('approved_at'),
    approvedBy: integer('approved_by'),
  },
  (t) => [uniqueIndex('staff_token').on(t.tokenHash)],
);

/**
 * A signed-in staff member's session: the secret is in a `__Host-` HttpOnly cookie (or sent as
 * a bearer by a script) and stored as its SHA-256. It ends after 30 minutes without a request,
 * 12 hours after it began, or when its member signs out (every session of theirs at once).
 */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    id: rowId(),
    staffId: integer('staff_id').notNull(),
    secretHash: text('secret_hash').notNull(),
    /** The second factor it was opened with: passkey, sms, none (a village account where the county allows), off (local development). */
    factor: text('factor').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    endedAt: integer('ended_at'),
  },
  (t) => [uniqueIndex('staff_sessions_secret').on(t.secretHash), index('staff_sessions_staff').on(t.staffId)],
);

/** A staff member's passkeys (WebAuthn credentials): the public key and the signature counter, nothing secret. */
export const staffPasskeys = sqliteTable(
  'staff_passkeys',
  {
    id: rowId(),
    staffId: integer('staff_id').notNull(),
    /** base64url, as the authenticator gave it. */
    credentialId: text('credential_id').notNull(),
    /** The COSE public key, base64url. */
    publicKey: text('public_key').notNull(),
    counter: integer('counter').notNull().default(0),
    /** JSON array of transports (internal, hybrid, usb …), to help the browser find it. */
    transports: text('transports'),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [uniqueIndex('staff_passkeys_credential').on(t.credentialId), index('staff_passkeys_staff').on(t.staffId)],
);

/**
 * A sign-in under way: the first factor (the token) was right; the ticket (stored as SHA-256)
 * carries the person to the second within five minutes — the passkey challenge, or the keyed
 * hash of the code sent by SMS, with the tries counted.
 */
export const staffSignIns = sqliteTable(
  'staff_sign_ins',
  {
    id: rowId(),
    staffId: integer('staff_id').notNull(),
    ticketHash: text('ticket_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    /** The WebAuthn challenge (base64url) the browser must sign. */
    challenge: text('challenge').notNull(),
    /** HMAC of the SMS code under HMAC_KEY; null until one is sent. */
    codeHash: text('code_hash'),
    codesSent: integer('codes_sent').notNull().default(0),
    /** Wrong second factors so far: past the limit the ticket is spent. */
    failures: integer('failures').notNull().default(0),
    doneAt: integer('done_at'),
  },
  (t) => [uniqueIndex('staff_sign_ins_ticket').on(t.ticketHash)],
);

/**
 * Append-only: every read of personal data, search, export, sign-in, refusal and change, with
 * who, what, when and the outcome. A hash chain (lib/audit.ts): each row carries the hash of
 * the row before it and its own, so a changed or removed row breaks the chain
 * (`npm run audit:verify`), and the nightly head in R2 pins it.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: rowId(),
    at: integer('at').notNull().default(now),
    /** The staff account; 0 when the caller is not known (a token that matches no account). */
    staffId: integer('staff_id').notNull(),
    action: text('action').notNull(),
    recordKind: text('record_kind'),
    recordRef: text('record_ref'),
    /** ok / denied (out of scope or not allowed) / refused (the model said no). */
    outcome: text('outcome').notNull(),
    /** Never personal data: a status, a level, a count. */
    detail: text('detail'),
    /** The hash of the row before (GENESIS for the first); null on rows from before the chain. */
    prevHash: text('prev_hash'),
    /** SHA-256 of prev_hash and this row's fields (lib/audit.ts rowHash). */
    hash: text('hash'),
  },
  (t) => [index('audit_staff').on(t.staffId, t.id)],
);

/**
 * The fingerprints of the keys the data was written with (lib/keys.ts), recorded at first
 * use: a configured key that is not one of them (a typo, a fresh key, a lost one) is refused
 * with 503 before anything is read or written. A DATA_KEY replaced by rotation is retired
 * once nothing is encrypted under it any more (npm run keys:rotate).
 */
export const keyFingerprints = sqliteTable(
  'key_fingerprints',
  {
    id: rowId(),
    /** DATA_KEY, HMAC_KEY or INDEX_KEY. */
    name: text('name').notNull(),
    /** The id written into each ciphertext (the start of the fingerprint). */
    keyId: text('key_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
    firstUsedAt: integer('first_used_at').notNull(),
    retiredAt: integer('retired_at'),
  },
  (t) => [uniqueIndex('key_fingerprints_key').on(t.name, t.fingerprint)],
);

/** One row that /api/health writes on each call, to tell a database that reads but cannot write. */
export const healthProbe = sqliteTable('health_probe', {
  id: integer('id').primaryKey(),
  at: integer('at').notNull(),
});

/** Risk levels given to a case, with the reason (encrypted: it describes the child). */
export const riskAssessments = sqliteTable('risk_assessments', {
  id: rowId(),
  caseId: integer('case_id').notNull(),
  level: text('level').notNull(),
  reasonEnc: text('reason_enc'),
  staffId: integer('staff_id').notNull(),
  at: integer('at').notNull().default(now),
});

/** Home visits (走访): when, and what was found (encrypted). */
export const visits = sqliteTable(
  'visits',
  {
    id: rowId(),
    caseId: integer('case_id').notNull(),
    visitedAt: integer('visited_at').notNull(),
    findingsEnc: text('findings_enc'),
    /** Who else went, encrypted (建立档案: staff and social workers visit together). */
    companionsEnc: text('companions_enc'),
    staffId: integer('staff_id').notNull(),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('visits_case').on(t.caseId, t.visitedAt)],
);

/** One-to-one pairing of a volunteer or 爱心妈妈 with a child's case; one active pairing per child. */
export const pairings = sqliteTable(
  'pairings',
  {
    id: rowId(),
    volunteerId: integer('volunteer_id').notNull(),
    caseId: integer('case_id').notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    endReasonEnc: text('end_reason_enc'),
    /** Why a volunteer from another township was chosen (encrypted). */
    overrideReasonEnc: text('override_reason_enc'),
    lastContactAt: integer('last_contact_at'),
    staffId: integer('staff_id').notNull(),
  },
  (t) => [
    uniqueIndex('pairings_one_active_per_case')
      .on(t.caseId)
      .where(sql`ended_at IS NULL`),
    index('pairings_volunteer').on(t.volunteerId),
  ],
);

/** The contact log of a pairing: each call or visit of the volunteer, noted by staff. */
export const pairingContacts = sqliteTable(
  'pairing_contacts',
  {
    id: rowId(),
    pairingId: integer('pairing_id').notNull(),
    at: integer('at').notNull(),
    noteEnc: text('note_enc'),
    staffId: integer('staff_id').notNull(),
  },
  (t) => [index('pairing_contacts_pairing').on(t.pairingId)],
);

/**
 * The child's file (一人一档): one row per child, whatever brought the child to the
 * programme — a village screening, a report, the family's application, or staff directly.
 * Applications, reports, screening records, visits, risk levels and pairings belong to it.
 */
export const cases = sqliteTable(
  'cases',
  {
    id: rowId(),
    /** C-7K3F9M4P: what staff quote about the child. */
    reference: text('reference').notNull(),
    /** src/domain/case-status.ts: unverified (待核实), open, closed, merged. */
    status: text('status').notNull(),
    township: text('township').notNull(),
    /** Null while a report's village is not known. */
    village: text('village'),
    /** How the file was opened: screening, report, application, staff. */
    origin: text('origin').notNull(),
    /**
     * Encrypted JSON of the child and the people around them ({child: {name, birthDate,
     * idNumber}, guardian: {name, phone, relationship}, address, notes}); what is not known
     * yet is absent, never a placeholder. Null once retention has deleted it.
     */
    personalEnc: text('personal_enc'),
    /** JSON array of 保护对象 keys (src/domain/target-groups.ts), as last classified. */
    targetGroups: text('target_groups').notNull().default('[]'),
    /** 蓝 yellow 橙 red (src/domain/risk-levels.ts), with the visit schedule it sets. */
    riskLevel: text('risk_level'),
    nextVisitDue: integer('next_visit_due'),
    lastVisitAt: integer('last_visit_at'),
    /** Where the child is in 认定审核 (src/domain/review.ts): screening, filing, assessing, deciding, decided; null outside it. */
    step: text('step'),
    /** When the child entered that step, and when the step is due (null while the county has set no days for it). */
    stepSince: integer('step_since'),
    stepDue: integer('step_due'),
    /** When this file was merged into another (the same child): that case's id. */
    mergedInto: integer('merged_into'),
    /** Set when the file still needs its encrypted fields and indexes (an application filed before cases existed). */
    backfillFrom: integer('backfill_from'),
    ...recordTimes(),
  },
  (t) => [
    uniqueIndex('cases_reference').on(t.reference),
    index('cases_township_village').on(t.township, t.village, t.status),
    index('cases_next_visit').on(t.nextVisitDue),
  ],
);

/**
 * Blind indexes of a case, so staff find a child without the table being decrypted: an HMAC
 * (under INDEX_KEY, a key of its own) of a normalised name, phone number, ID number, or name
 * and birth date together. `township` lets a lookup stay within a member's scope.
 */
export const caseIndex = sqliteTable(
  'case_index',
  {
    id: rowId(),
    caseId: integer('case_id').notNull(),
    /** name / phone / idNumber / nameBirth. */
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    township: text('township').notNull(),
  },
  (t) => [uniqueIndex('case_index_entry').on(t.value, t.kind, t.caseId), index('case_index_case').on(t.caseId)],
);

/** 摸底排查: each round the county opens, for the months in the county settings (篇五 三(一) 二是). */
export const screeningRounds = sqliteTable('screening_rounds', {
  id: rowId(),
  /** 2027-02: the year and month the round is for. */
  period: text('period').notNull(),
  openedBy: integer('opened_by').notNull(),
  openedAt: integer('opened_at').notNull(),
  closedBy: integer('closed_by'),
  closedAt: integer('closed_at'),
});

/** What a 儿童主任 recorded for one child in one round. */
export const screeningRecords = sqliteTable(
  'screening_records',
  {
    id: rowId(),
    roundId: integer('round_id').notNull(),
    caseId: integer('case_id').notNull(),
    township: text('township').notNull(),
    village: text('village').notNull(),
    /** screened (seen and classified) / notFound (no longer at the address). */
    result: text('result').notNull(),
    /** JSON array of 保护对象 keys. */
    targetGroups: text('target_groups').notNull(),
    proposedLevel: text('proposed_level'),
    /** Encrypted: why that level, and anything else the 儿童主任 noted. */
    reasonEnc: text('reason_enc'),
    notesEnc: text('notes_enc'),
    staffId: integer('staff_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    uniqueIndex('screening_records_child').on(t.roundId, t.caseId),
    index('screening_records_village').on(t.roundId, t.township, t.village),
  ],
);

/**
 * The SMS outbox: one row per message, written in the same D1 batch as the status event that
 * causes it (services/sms/outbox.ts), delivered through the SMS queue (services/sms/delivery.ts).
 * The phone and the text are encrypted (bound to the reference); `phone_index` is a keyed hash
 * of the phone, enough to count a number's messages for the daily cap. Nothing here is logged.
 */
export const smsOutbox = sqliteTable(
  'sms_outbox',
  {
    id: rowId(),
    /** The record the message is about; `staff` for a staff member's own sign-in code. */
    kind: text('kind', { enum: ['application', 'volunteer', 'report', 'staff'] }).notNull(),
    recordId: integer('record_id').notNull(),
    /** A-7K3F9M4P: the reference the message quotes. */
    reference: text('reference').notNull(),
    /** A key of SMS_TEMPLATES (src/domain/sms.ts). */
    template: text('template').notNull(),
    /** Encrypted phone; null once retention has deleted it. */
    phoneEnc: text('phone_enc'),
    /** HMAC of the phone under HMAC_KEY, for the per-phone daily cap. */
    phoneIndex: text('phone_index'),
    /** Encrypted {text, vars}: the rendered text and the template variables (a secret masked once sent). */
    messageEnc: text('message_enc'),
    /** Sent during quiet hours too. */
    urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
    state: text('state', { enum: SMS_STATES }).notNull().default('queued'),
    /** Calls to the provider so far. */
    tries: integer('tries').notNull().default(0),
    /** Why the last try failed or the message waits (a code, never personal data). */
    lastError: text('last_error'),
    /** Not before: quiet hours, the daily cap, or the next retry. */
    nextAttemptAt: integer('next_attempt_at'),
    /** Set while one delivery calls the provider, so a redelivered copy cannot send it again. */
    claimedAt: integer('claimed_at'),
    /** Which provider handled it (tencent, aliyun, webhook, outbox-only). */
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    sentAt: integer('sent_at'),
    /** The status event the message belongs to; null for messages without one (a recovered code). */
    statusEventId: integer('status_event_id'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [
    index('sms_outbox_record').on(t.kind, t.recordId, t.id),
    index('sms_outbox_reference').on(t.reference, t.id),
    index('sms_outbox_due').on(t.state, t.nextAttemptAt),
    index('sms_outbox_phone').on(t.phoneIndex, t.sentAt),
  ],
);

/** 初步筛选: the children a township sends to the county at once, and what the county made of each. */
export const batches = sqliteTable('batches', {
  id: rowId(),
  township: text('township').notNull(),
  /** The township officer who sent it: never the one who decides a measure for these children. */
  submittedBy: integer('submitted_by').notNull(),
  submittedAt: integer('submitted_at').notNull(),
  screenedBy: integer('screened_by'),
  screenedAt: integer('screened_at'),
});

export const batchItems = sqliteTable(
  'batch_items',
  {
    id: rowId(),
    batchId: integer('batch_id').notNull(),
    caseId: integer('case_id').notNull(),
    /** accepted (into 建立档案) / declined; null until the county screens it. */
    decision: text('decision'),
    /** Encrypted: why, shown to the family when the child is not taken in. */
    reasonEnc: text('reason_enc'),
  },
  (t) => [uniqueIndex('batch_items_child').on(t.batchId, t.caseId), index('batch_items_case').on(t.caseId)],
);

/** 调查评估: the child, the family's means and guardianship (encrypted), and the proposed level. */
export const evaluations = sqliteTable(
  'evaluations',
  {
    id: rowId(),
    caseId: integer('case_id').notNull(),
    staffId: integer('staff_id').notNull(),
    at: integer('at').notNull(),
    situationEnc: text('situation_enc'),
    meansEnc: text('means_enc'),
    guardianshipEnc: text('guardianship_enc'),
    proposedLevel: text('proposed_level'),
  },
  (t) => [index('evaluations_case').on(t.caseId, t.id)],
);

/**
 * The 救助帮扶预案: one row per measure — an entitlement (content/entitlements) or a measure
 * written out — with the department responsible, its due date, and the county's decision.
 */
export const planItems = sqliteTable(
  'plan_items',
  {
    id: rowId(),
    evaluationId: integer('evaluation_id').notNull(),
    caseId: integer('case_id').notNull(),
    /** The application that asked for it, when one did: the family sees its outcome. */
    applicationId: integer('application_id'),
    entitlement: text('entitlement'),
    /** Encrypted: a measure written out, not one of the entitlements. */
    measureEnc: text('measure_enc'),
    department: text('department').notNull(),
    dueBy: integer('due_by'),
    /** approved / rejected / needs_info; null until decided. */
    decision: text('decision'),
    /** Encrypted, public: the reason of a refusal, or what is missing. */
    reasonEnc: text('reason_enc'),
    publicNoteEnc: text('public_note_enc'),
    decidedBy: integer('decided_by'),
    decidedAt: integer('decided_at'),
  },
  (t) => [index('plan_items_case').on(t.caseId), index('plan_items_application').on(t.applicationId)],
);

/** A member department's opinion on a measure that concerns it, before the county decides. */
export const opinions = sqliteTable(
  'opinions',
  {
    id: rowId(),
    planItemId: integer('plan_item_id').notNull(),
    department: text('department').notNull(),
    staffId: integer('staff_id').notNull(),
    /** Encrypted; null once retention deleted it with the child's file. */
    opinionEnc: text('opinion_enc'),
    at: integer('at').notNull(),
  },
  (t) => [index('opinions_item').on(t.planItemId)],
);

/** 转介: a measure handed to the department that delivers it, and the department's answer. */
export const referrals = sqliteTable(
  'referrals',
  {
    id: rowId(),
    caseId: integer('case_id').notNull(),
    planItemId: integer('plan_item_id').notNull(),
    department: text('department').notNull(),
    township: text('township').notNull(),
    dueBy: integer('due_by').notNull(),
    /** Encrypted: what is asked of the department; null once retention deleted it with the child's file. */
    requestEnc: text('request_enc'),
    /** sent / accepted / done / declined. */
    status: text('status').notNull(),
    /** Encrypted: what was done, or why the department cannot help. */
    responseEnc: text('response_enc'),
    createdBy: integer('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    respondedBy: integer('responded_by'),
    respondedAt: integer('responded_at'),
  },
  (t) => [index('referrals_department').on(t.department, t.status, t.dueBy), index('referrals_case').on(t.caseId)],
);

/**
 * The documents a family attaches to an application (申请材料, src/domain/materials.ts): the
 * file itself is in R2 (the FILES bucket) under `files/<public_id>`, encrypted with a key of its
 * own; this row is all that is known about it. Nothing the family typed is kept, not even the
 * file's name. Retention deletes the row and the object with the application's personal data.
 */
export const files = sqliteTable(
  'files',
  {
    id: rowId(),
    /** Opaque random id: the R2 key and the id staff open it by. */
    publicId: text('public_id').notNull(),
    applicationId: integer('application_id').notNull(),
    /** The checklist item (MaterialKey). */
    item: text('item').notNull(),
    /** Bytes of the file as sent (before encryption). */
    size: integer('size').notNull(),
    /** What its first bytes say it is: image/jpeg, image/png, image/webp, application/pdf. */
    type: text('type').notNull(),
    /** HMAC under HMAC_KEY of the SHA-256 of the file: the same file twice is stored once, and a copy of the database cannot be checked against a known document. */
    contentHash: text('content_hash').notNull(),
    /** The file's own AES key, encrypted under DATA_KEY (bound to the application and the file). */
    keyEnc: text('key_enc').notNull(),
    /** applicant (the family, with the access code) or staff. */
    uploadedBy: text('uploaded_by', { enum: ['applicant', 'staff'] }).notNull(),
    staffId: integer('staff_id'),
    /** The Idempotency-Key of the upload, and a keyed hash of what it carried, to answer a replay. */
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('files_public_id').on(t.publicId),
    uniqueIndex('files_content').on(t.applicationId, t.item, t.contentHash),
    index('files_idempotency').on(t.applicationId, t.idempotencyKey),
  ],
);

/**
 * The items staff asked for with 需补充材料: open until a file comes for the item (received_at)
 * or the application leaves needs_info by a staff move or a newer request (closed_at). When the
 * last open one is received, the application returns to where it was.
 */
export const materialRequests = sqliteTable(
  'material_requests',
  {
    id: rowId(),
    applicationId: integer('application_id').notNull(),
    item: text('item').notNull(),
    staffId: integer('staff_id').notNull(),
    requestedAt: integer('requested_at').notNull(),
    receivedAt: integer('received_at'),
    closedAt: integer('closed_at'),
  },
  (t) => [index('material_requests_application').on(t.applicationId, t.item)],
);
