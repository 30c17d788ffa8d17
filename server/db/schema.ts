/**
 * The database schema (drizzle). `npm run db:generate` writes a migration
 * from it into migrations/, which both PGlite and PostgreSQL apply on start.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/** A moment, with its time zone (as every time here is); `setByDatabase`: one the database sets when the row is written. */
const moment = (name: string) => timestamp(name, { withTimezone: true });
const setByDatabase = (name: string) => moment(name).notNull().default(sql`now()`);
/** What every table of secrets (sessions, one-time links) keeps: a SHA-256 of the token as key, never the token; made; expires. */
const secretColumns = () => ({ tokenHash: text('token_hash').primaryKey(), createdAt: setByDatabase('created_at'), expiresAt: moment('expires_at').notNull() });

export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** What the resident quotes: `K7QM-4XPT` (shared/reference.ts). */
    reference: text('reference').notNull().unique(),
    /** Made on the device when the draft began; a unique constraint makes retries safe. */
    idempotencyKey: uuid('idempotency_key').notNull().unique(),
    /** Hash of the request, so a key reused for a different complaint is refused. */
    requestHash: text('request_hash').notNull(),
    /** Where the complaint is in its lifecycle (received → acknowledged → …). */
    status: text('status').notNull().default('received'),
    stage: smallint('stage').notNull().default(1),
    submittedBy: text('submitted_by').notNull(),
    residentName: text('resident_name').notNull(),
    residentAddress: text('resident_address'),
    tenancyReference: text('tenancy_reference'),
    residentEmail: text('resident_email'),
    residentPhone: text('resident_phone'),
    preferredContact: text('preferred_contact').notNull(),
    /** Name, relationship, contact details and permission of someone acting for the resident (Code 3.6). */
    representative: jsonb('representative'),
    description: text('description').notNull(),
    happenedOn: date('happened_on', { mode: 'string' }).notNull(),
    stillHappening: boolean('still_happening').notNull(),
    delayReason: text('delay_reason'),
    aboutServiceRequest: text('about_service_request').notNull(),
    serviceRequestReference: text('service_request_reference'),
    othersAffected: text('others_affected').notNull(),
    othersAffectedDetails: text('others_affected_details'),
    /** Code 5.6: null when the resident answered "I'm not sure yet" (the landlord then asks, 5.7). */
    desiredOutcome: text('desired_outcome'),
    supportNeeded: boolean('support_needed').notNull(),
    /** Special-category data: stored only with the consent recorded beside it. */
    supportDetails: text('support_details'),
    supportConsentAt: moment('support_consent_at'),
    language: text('language').notNull().default('en'),
    receivedAt: moment('received_at').notNull(),
    /** Code 6.2: 5 working days after the day received (Europe/London). */
    acknowledgeBy: date('acknowledge_by', { mode: 'string' }).notNull(),
    /** Set by the daily deadline job for officers: `due_soon`, `overdue`, or null (server/jobs/deadline-flags.ts). */
    deadlineFlag: text('deadline_flag'),
    /** The London day the daily job last looked at this complaint's deadline. */
    flaggedOn: date('flagged_on', { mode: 'string' }),
    /** What the complaint is about, chosen by the officer at acknowledgement (Code 8.1, 9.7 figures). */
    category: text('category'),
    /**
     * The earliest deadline the landlord still owes (shared/deadlines.ts nextDeadline), for the queue
     * and the daily deadline check; null when nothing is owed. Written with each event that changes it.
     */
    nextDeadlineOn: date('next_deadline_on', { mode: 'string' }),
    /** acknowledge | respond | update | action */
    nextDeadlineKind: text('next_deadline_kind'),
    /**
     * The lifecycle state after the last event (shared/lifecycle.ts LifecycleState): the real date of
     * each step, definitions, extensions, clarifications, remedies. Null until the first event after
     * receipt. The events are the record; this is their fold, kept for lists and figures.
     */
    lifecycle: jsonb('lifecycle'),
    /**
     * SHA-256 of the access token the receipt carried (server/domain/lifecycle/access.ts), written with the
     * complaint by the same statement: a row of its own cost each complaint a second insert, its indexes and a
     * foreign-key check. Looked up together with the reference, so it needs no index. A replayed receipt's
     * further tokens are rows of complaint_access_tokens, as are tokens issued before this column.
     */
    accessTokenHash: text('access_token_hash'),
  },
  (t) => [
    index('complaints_status_ack_idx').on(t.status, t.acknowledgeBy),
    index('complaints_next_deadline_idx').on(t.nextDeadlineOn),
    // A signed-in resident's or representative's complaints (server/auth/resident.ts).
    index('complaints_resident_email_idx').on(sql`lower(${t.residentEmail})`),
    index('complaints_representative_email_idx').on(sql`lower(${t.representative} ->> 'email')`),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    /** Null for the complaint's own files; a message's id (`m1`…) for the files sent with it (Code 6.8). */
    messageId: text('message_id'),
    /** Its place among the complaint's own files, or among its message's. */
    position: smallint('position').notNull(),
    filename: text('filename').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    createdAt: setByDatabase('created_at'),
  },
  (t) => [index('attachments_complaint_idx').on(t.complaintId)],
);

/**
 * The full record (Code 5.12): every change to a complaint is written with its event, in one
 * transaction. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE (migration
 * 0003_complaint_events_append_only), and a complaint with events cannot be deleted.
 * Types: shared/lifecycle-events.ts.
 */
export const complaintEvents = pgTable(
  'complaint_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'restrict' }),
    type: text('type').notNull(),
    /** resident | representative | staff | system */
    actor: text('actor').notNull(),
    at: moment('at').notNull(),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    /** The officer (staff.id) when actor is staff. */
    actorId: uuid('actor_id'),
    /** The officer's name when it happened, so the record still says who after they leave. */
    actorName: text('actor_name'),
    /**
     * A resident's action carries an Idempotency-Key, like a new complaint: the unique constraint
     * makes a replay return the first result instead of acting twice.
     */
    idempotencyKey: uuid('idempotency_key').unique(),
    requestHash: text('request_hash'),
  },
  (t) => [index('complaint_events_complaint_idx').on(t.complaintId, t.at)],
);

/**
 * Work that must survive a crash (server/jobs/): a transactional outbox. A job is
 * inserted in the same transaction as the event that needs it; workers in any
 * number of processes claim due jobs with FOR UPDATE SKIP LOCKED and a lease.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** What to do: `mail`, `deadline_flags` (server/jobs/kinds.ts). */
    kind: text('kind').notNull(),
    /** One job per piece of work, e.g. `mail:received:<complaint>:<event>:resident`: a retry of the caller inserts nothing. */
    key: text('key').notNull().unique(),
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    /** Not before: the first run, or the next try after a failure (backoff). */
    runAt: setByDatabase('run_at'),
    attempts: integer('attempts').notNull().default(0),
    /** A claimed job belongs to its worker until then; a crashed worker's job is taken again after it. */
    lockedUntil: moment('locked_until'),
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    doneAt: moment('done_at'),
    /** Given up after the last attempt: left for a person to look at. */
    failedAt: moment('failed_at'),
    createdAt: setByDatabase('created_at'),
  },
  (t) => [index('jobs_due_idx').on(t.runAt).where(sql`done_at is null and failed_at is null`)],
);

/**
 * Further access tokens for the phone that sent a complaint: only a SHA-256 hash is stored. The receipt's
 * first token is complaints.access_token_hash; a replayed POST /api/complaints issues a new token here, as
 * the first is not kept (nor is it readable from its hash).
 */
export const complaintAccessTokens = pgTable(
  'complaint_access_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    createdAt: setByDatabase('created_at'),
  },
  (t) => [index('complaint_access_tokens_complaint_idx').on(t.complaintId)],
);

// ─── staff sign-in (server/auth/staff.ts) ───────────────────────────────────

/** Complaints officers and administrators. Removed members are kept (the record names them) but can do nothing. */
export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** As typed; unique without regard to case among current members. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'officer'] }).notNull(),
    /** `scrypt$N$r$p$salt$hash` (server/auth/passwords.ts); null until the member sets one from a link. */
    passwordHash: text('password_hash'),
    createdAt: setByDatabase('created_at'),
    removedAt: moment('removed_at'),
  },
  (t) => [
    uniqueIndex('staff_email_unique').on(sql`lower(${t.email})`).where(sql`${t.removedAt} is null`),
    check('staff_role_check', sql`${t.role} in ('admin', 'officer')`),
  ],
);

/** Signed-in sessions. Only a SHA-256 of the cookie's token is stored: a copy of the table signs no one in. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    ...secretColumns(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    lastSeenAt: setByDatabase('last_seen_at'),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

/** One-time links to set a password (24 hours); only a hash of the link's token is stored. */
export const staffPasswordLinks = pgTable(
  'staff_password_links',
  {
    ...secretColumns(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    usedAt: moment('used_at'),
  },
  (t) => [index('staff_password_links_staff_idx').on(t.staffId)],
);

/**
 * Every sign-in attempt, so the limits per account and per address hold across
 * all server processes sharing the database. `outcome`: pending → failed | succeeded, or limited.
 */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** `staff` (a password) or `link` (a resident's sign-in link): counted apart (server/auth/rate-limit.ts). */
    kind: text('kind', { enum: ['staff', 'link'] }).notNull().default('staff'),
    /** Lower-cased, whether or not such a member (or resident) exists. */
    email: text('email').notNull(),
    address: text('address').notNull(),
    at: setByDatabase('at'),
    /** `requested`: a link request, which always counts. */
    outcome: text('outcome', { enum: ['pending', 'failed', 'succeeded', 'limited', 'requested'] }).notNull(),
  },
  (t) => [index('sign_in_attempts_email_idx').on(t.email, t.at), index('sign_in_attempts_address_idx').on(t.address, t.at)],
);

// ─── residents' and representatives' sign-in by email (server/auth/resident.ts) ──

/**
 * Single-use sign-in links, valid 20 minutes: only a SHA-256 of the link's token is stored.
 * The token is made by the job that sends the email, so it exists only in that email.
 */
export const residentSignInLinks = pgTable(
  'resident_sign_in_links',
  {
    ...secretColumns(),
    /** Lower-cased: the address the link was sent to. */
    email: text('email').notNull(),
    usedAt: moment('used_at'),
  },
  (t) => [index('resident_sign_in_links_email_idx').on(t.email)],
);

/**
 * A resident's or representative's session: an email address proved by a link. It shows the
 * complaints whose resident or (not removed) representative has that address. Only a hash is stored.
 */
export const residentSessions = pgTable(
  'resident_sessions',
  {
    ...secretColumns(),
    /** Lower-cased. */
    email: text('email').notNull(),
    lastSeenAt: setByDatabase('last_seen_at'),
  },
  (t) => [index('resident_sessions_email_idx').on(t.email)],
);

/**
 * A request for reasonable adjustments (Code 3.1, 5.10), made with no complaint by the resident or someone acting
 * for them. The needs are kept as asked; a disability or condition disclosed is special-category data, kept only
 * with the consent recorded beside it (the check below refuses anything else) and deleted when consent is withdrawn.
 */
export const adjustmentRequests = pgTable(
  'adjustment_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Made on the device when the request began; a unique constraint makes retries safe. */
    idempotencyKey: uuid('idempotency_key').notNull().unique(),
    /** Hash of the request, so a key reused for a different request is refused. */
    requestHash: text('request_hash').notNull(),
    /** resident | representative (Code 3.6). */
    requestedBy: text('requested_by').notNull(),
    residentName: text('resident_name').notNull(),
    residentAddress: text('resident_address'),
    tenancyReference: text('tenancy_reference'),
    residentEmail: text('resident_email'),
    residentPhone: text('resident_phone'),
    /** `[{ kind, details? }]` (shared/schemas/adjustments.ts). */
    needs: jsonb('needs').notNull(),
    disclosure: text('disclosure'),
    disclosureConsentAt: moment('disclosure_consent_at'),
    language: text('language').notNull().default('en'),
    /** The SHA-256 of the token given to the device that asked: it opens this request only. */
    accessTokenHash: text('access_token_hash').notNull(),
    requestedAt: setByDatabase('requested_at'),
  },
  (t) => [check('adjustment_disclosure_needs_consent', sql`${t.disclosure} IS NULL OR ${t.disclosureConsentAt} IS NOT NULL`)],
);

/** What happened to a request: `requested`, `disclosure_deleted` (that it was deleted, never what it said). */
export const adjustmentEvents = pgTable(
  'adjustment_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => adjustmentRequests.id, { onDelete: 'restrict' }),
    type: text('type').notNull(),
    /** resident | representative | staff | system */
    actor: text('actor').notNull(),
    at: setByDatabase('at'),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('adjustment_events_request_idx').on(t.requestId, t.at)],
);
