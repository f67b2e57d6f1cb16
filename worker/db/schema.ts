/**
 * The D1 schema (drizzle). `npm run db:generate` turns changes here into a new SQL file in
 * migrations/, which wrangler applies locally and in production and the Worker tests apply
 * through readD1Migrations. Personal data lives only in the *_enc columns (AES-GCM, see
 * worker/lib/crypto.ts); everything else is what staff filter and count on.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { SMS_STATES } from '../../src/domain/sms.ts';
import { STAFF_ROLES } from '../../src/domain/staff-roles.ts';

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

/** Columns every public intake shares (applications, volunteers, reports). */
const intake = () => ({
  id: integer('id').primaryKey({ autoIncrement: true }),
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
  /** When retention deleted the personal data. */
  purgedAt: integer('purged_at'),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
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
    /** The review state a needs_info returns to. */
    resumeStatus: text('resume_status'),
    /** 蓝 yellow 橙 red (src/domain/risk-levels.ts), set by staff with a reason. */
    riskLevel: text('risk_level'),
    /** When the next visit is due, from the level's cadence; the overdue list reads it. */
    nextVisitDue: integer('next_visit_due'),
    lastVisitAt: integer('last_visit_at'),
  },
  (t) => [
    uniqueIndex('applications_reference').on(t.reference),
    uniqueIndex('applications_idempotency').on(t.idempotencyKey),
    index('applications_township_status').on(t.township, t.status),
    index('applications_next_visit').on(t.nextVisitDue),
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
    /** The case this report was linked to when triaged. */
    applicationId: integer('application_id'),
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
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['application', 'volunteer', 'report'] }).notNull(),
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

/** Staff accounts: personal API tokens, stored as SHA-256 (they are 256-bit random), scoped by township. */
export const staff = sqliteTable(
  'staff',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** village (儿童主任) / township / county (县民政局) / admin. */
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    /** JSON array of township ids, or ["*"] for every township. */
    townships: text('townships').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [uniqueIndex('staff_token').on(t.tokenHash)],
);

/** Append-only: every read of personal data and every change, with who, what, when and the outcome. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull().default(now),
    staffId: integer('staff_id').notNull(),
    action: text('action').notNull(),
    recordKind: text('record_kind'),
    recordRef: text('record_ref'),
    /** ok / denied (out of scope or not allowed) / refused (the model said no). */
    outcome: text('outcome').notNull(),
    /** Never personal data: a status, a level, a count. */
    detail: text('detail'),
  },
  (t) => [index('audit_staff').on(t.staffId, t.id)],
);

/** Risk levels given to a case, with the reason (encrypted: it describes the child). */
export const riskAssessments = sqliteTable('risk_assessments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  applicationId: integer('application_id').notNull(),
  level: text('level').notNull(),
  reasonEnc: text('reason_enc'),
  staffId: integer('staff_id').notNull(),
  at: integer('at').notNull().default(now),
});

/** Home visits (走访): when, and what was found (encrypted). */
export const visits = sqliteTable(
  'visits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    applicationId: integer('application_id').notNull(),
    visitedAt: integer('visited_at').notNull(),
    findingsEnc: text('findings_enc'),
    staffId: integer('staff_id').notNull(),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('visits_application').on(t.applicationId)],
);

/** One-to-one pairing of a volunteer or 爱心妈妈 with a child's case; one active pairing per child. */
export const pairings = sqliteTable(
  'pairings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    volunteerId: integer('volunteer_id').notNull(),
    applicationId: integer('application_id').notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    endReasonEnc: text('end_reason_enc'),
    /** Why a volunteer from another township was chosen (encrypted). */
    overrideReasonEnc: text('override_reason_enc'),
    lastContactAt: integer('last_contact_at'),
    staffId: integer('staff_id').notNull(),
  },
  (t) => [
    uniqueIndex('pairings_one_active_per_child')
      .on(t.applicationId)
      .where(sql`ended_at IS NULL`),
    index('pairings_volunteer').on(t.volunteerId),
  ],
);

/** The contact log of a pairing: each call or visit of the volunteer, noted by staff. */
export const pairingContacts = sqliteTable(
  'pairing_contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    pairingId: integer('pairing_id').notNull(),
    at: integer('at').notNull(),
    noteEnc: text('note_enc'),
    staffId: integer('staff_id').notNull(),
  },
  (t) => [index('pairing_contacts_pairing').on(t.pairingId)],
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
    id: integer('id').primaryKey({ autoIncrement: true }),
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
