/**
 * The notifications outbox (table `notifications`): the only code that writes or reads it. Delivery states and the
 * claim protocol: libs/notifications/src/delivery.ts, which calls these functions (re-exported there as `outbox`).
 */
import type { Queryable } from './queryable';

/**
 * A claim older than this is stale: its attempt is taken to be dead. Far longer than one delivery can take (the SMTP
 * timeouts bound a live attempt to about two minutes), so a live sender never loses its claim to a retry.
 */
export const CLAIM_LEASE_MS = 5 * 60_000;

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** One mail to queue; the subject (case, paper or lead) is one of caseId, paperId, leadId. */
export interface NewOutboxRow {
  id: string;
  dedupKey: string;
  caseId?: string;
  paperId?: string;
  leadId?: string;
  orgPath: string;
  kind: string;
  audience: string;
  deadlineKind?: string | null;
  dueDate?: string | null;
  stage?: string | null;
  recipientUserId: string | null;
  recipientEmail: string;
  subject: string;
  body: string;
  locale: string;
  messageId: string;
}

/** A row as claimed by one attempt. */
export interface ClaimedRow {
  id: string;
  recipient_email: string;
  subject: string;
  body: string;
  message_id: string;
  attempts: number;
  case_id: string | null;
  kind: string;
  deadline_kind: string | null;
  due_date: string | null;
}

/** TypeORM returns [rows, count] for UPDATE … RETURNING on PostgreSQL. */
function first<T>(res: T[] | [T[], number]): T[] {
  return Array.isArray(res[0]) ? (res[0] as T[]) : (res as T[]);
}

async function rows<T>(q: Queryable, sql: string, params: unknown[]): Promise<T[]> {
  return first((await q.query(sql, params)) as T[] | [T[], number]);
}

/** Queues one row, `ON CONFLICT (dedup_key) DO NOTHING`: a second call keeps the first call's row (and its texts). */
export async function queueRow(q: Queryable, r: NewOutboxRow): Promise<void> {
  await q.query(
    `INSERT INTO notifications (id, dedup_key, case_id, paper_id, lead_id, org_path, kind, audience, deadline_kind, due_date, stage, recipient_user_id,
       recipient_email, subject, body, locale, message_id, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'pending')
     ON CONFLICT (dedup_key) DO NOTHING`,
    [
      r.id,
      r.dedupKey,
      r.caseId ?? null,
      r.paperId ?? null,
      r.leadId ?? null,
      r.orgPath,
      r.kind,
      r.audience,
      r.deadlineKind ?? null,
      r.dueDate ?? null,
      r.stage ?? null,
      r.recipientUserId,
      r.recipientEmail,
      r.subject,
      r.body,
      r.locale,
      r.messageId,
    ],
  );
}

/** The rows of these deduplication keys, in recipient order. */
export async function rowsByKeys(q: Queryable, keys: string[]): Promise<Array<{ id: string; status: NotificationStatus }>> {
  if (!keys.length) return [];
  return rows(q, `SELECT id, status FROM notifications WHERE dedup_key = ANY($1::text[]) ORDER BY recipient_email`, [keys]);
}

/**
 * Claims a row for one attempt: `pending` or `failed`, or a stale claim that never handed its message over. Only one
 * attempt can hold a row; a 'sent' row is never claimed again. Undefined when the row could not be claimed.
 */
export async function claim(q: Queryable, id: string, token: string): Promise<ClaimedRow | undefined> {
  const claimed = await rows<ClaimedRow>(
    q,
    `UPDATE notifications SET status = 'sending', claim_token = $2, claimed_at = now(), handed_over_at = NULL, attempts = attempts + 1,
            next_attempt_at = NULL
      WHERE id = $1 AND (status IN ('pending', 'failed')
            OR (status = 'sending' AND handed_over_at IS NULL AND claimed_at < now() - make_interval(secs => $3)))
      RETURNING id, recipient_email, subject, body, message_id, attempts, case_id, kind, deadline_kind, to_char(due_date, 'YYYY-MM-DD') AS due_date`,
    [id, token, CLAIM_LEASE_MS / 1000],
  );
  return claimed[0];
}

/** The hand-over (fenced by the claim token): after this commit the message may go out. False if the claim was lost. */
export async function handOver(q: Queryable, id: string, token: string): Promise<boolean> {
  const handed = await rows(
    q,
    `UPDATE notifications SET handed_over_at = now() WHERE id = $1 AND claim_token = $2 AND status = 'sending' RETURNING id`,
    [id, token],
  );
  return handed.length === 1;
}

/** Marks a claimed row skipped with its reason (fenced by the claim token); false if the claim was taken over. */
export async function markSkipped(q: Queryable, id: string, token: string, reason: string): Promise<boolean> {
  const res = await rows(
    q,
    `UPDATE notifications SET status = 'skipped', skip_reason = $3, claim_token = NULL, handed_over_at = NULL, next_attempt_at = NULL
      WHERE id = $1 AND claim_token = $2 AND status = 'sending' RETURNING id`,
    [id, token, reason.slice(0, 1000)],
  );
  return res.length === 1;
}

/** The server did not take the mail: 'failed' with the error; `nextInMs` null gives up (no next_attempt_at). */
export async function markFailed(q: Queryable, id: string, token: string, message: string, nextInMs: number | null): Promise<void> {
  await q.query(
    `UPDATE notifications SET status = 'failed', last_error = $3, claim_token = NULL, handed_over_at = NULL,
            next_attempt_at = CASE WHEN $4::bigint IS NULL THEN NULL ELSE now() + make_interval(secs => $4::bigint / 1000.0) END
      WHERE id = $1 AND claim_token = $2`,
    [id, token, message, nextInMs],
  );
}

/** The server answered 250. */
export async function markSent(q: Queryable, id: string, token: string, response: string): Promise<void> {
  await q.query(
    `UPDATE notifications SET status = 'sent', sent_at = now(), smtp_response = $3, claim_token = NULL, next_attempt_at = NULL
      WHERE id = $1 AND claim_token = $2`,
    [id, token, response.slice(0, 500)],
  );
}

/** A row handed over by an attempt that died before recording the answer (lease run out) becomes 'unknown'. */
export async function markAbandonedUnknown(q: Queryable, id: string): Promise<void> {
  await q.query(
    `UPDATE notifications SET status = 'unknown', claim_token = NULL, next_attempt_at = NULL,
            last_error = 'outcome unknown: the attempt that handed the message to the SMTP server at '
              || to_char(handed_over_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') || ' (Asia/Shanghai) stopped before recording'
              || ' its answer; not resent, as it may have been delivered' || coalesce(' (earlier error: ' || last_error || ')', '')
      WHERE id = $1 AND status = 'sending' AND handed_over_at IS NOT NULL AND claimed_at < now() - make_interval(secs => $2)`,
    [id, CLAIM_LEASE_MS / 1000],
  );
}

/** An operator re-sends an 'unknown' row: it becomes 'failed' first, so it can be claimed. */
export async function reopenUnknown(q: Queryable, id: string): Promise<void> {
  await q.query(`UPDATE notifications SET status = 'failed', next_attempt_at = NULL WHERE id = $1 AND status = 'unknown'`, [id]);
}

export interface OutboxRowState {
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  skip_reason: string | null;
  smtp_response: string | null;
  sent_at: Date | null;
  audience: string;
  recipient_email: string;
}

/** A row's delivery state, or undefined. */
export async function rowState(q: Queryable, id: string): Promise<OutboxRowState | undefined> {
  const [row] = await rows<OutboxRowState>(
    q,
    `SELECT status, attempts, last_error, skip_reason, smtp_response, sent_at, audience, recipient_email FROM notifications WHERE id = $1`,
    [id],
  );
  return row;
}

/** A row with what decides who may re-send it: its organisation path, its case's handling organisation, a denial. */
export interface RetryTarget {
  id: string;
  status: NotificationStatus;
  org_path: string | null;
  case_id: string | null;
  handling_org_id: string | null;
  sent_at: Date | null;
  denied: boolean;
}

export async function retryTarget(q: Queryable, id: string, userId: string): Promise<RetryTarget | undefined> {
  const [row] = await rows<RetryTarget>(
    q,
    `SELECT n.id, n.status, n.org_path, n.case_id, c.handling_org_id, n.sent_at,
            EXISTS (SELECT 1 FROM case_access_denials d WHERE d.case_id = n.case_id AND d.user_id = $2) AS denied
       FROM notifications n LEFT JOIN cases c ON c.id = n.case_id WHERE n.id = $1`,
    [id, userId],
  );
  return row;
}

/** One row of the outbox listing, with its case's number and handling organisation and the recipient's username. */
export interface OutboxListRow {
  id: string;
  case_id: string | null;
  case_number: string | null;
  handling_org_id: string | null;
  kind: string;
  audience: string;
  deadline_kind: string | null;
  due_date: string | null;
  stage: string | null;
  recipient_user_id: string | null;
  recipient_username: string | null;
  recipient_email: string;
  subject: string;
  body: string;
  locale: string;
  message_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  skip_reason: string | null;
  smtp_response: string | null;
  created_at: Date;
  sent_at: Date | null;
  next_attempt_at: Date | null;
  total: number;
}

/**
 * A page of the outbox, newest first. `where` are SQL conditions on `n` (notifications) and `c` (cases) whose
 * placeholders refer to `params` (the caller's scope and access conditions, built by the API's OrgScope and CaseAccess).
 */
export async function listOutbox(
  q: Queryable,
  where: string[],
  params: unknown[],
  page: { limit: number; offset: number },
): Promise<OutboxListRow[]> {
  return rows<OutboxListRow>(
    q,
    `SELECT n.id, n.case_id, c.number AS case_number, c.handling_org_id, n.kind, n.audience, n.deadline_kind,
            to_char(n.due_date, 'YYYY-MM-DD') AS due_date, n.stage, n.recipient_user_id, u.username AS recipient_username,
            n.recipient_email, n.subject, n.body, n.locale, n.message_id, n.status, n.attempts, n.last_error, n.skip_reason, n.smtp_response,
            n.created_at, n.sent_at, n.next_attempt_at, count(*) OVER ()::int AS total
       FROM notifications n
       LEFT JOIN cases c ON c.id = n.case_id
       LEFT JOIN users u ON u.id = n.recipient_user_id
      WHERE ${where.join(' AND ')}
      ORDER BY n.created_at DESC, n.id
      LIMIT ${page.limit} OFFSET ${page.offset}`,
    params,
  );
}
