import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { NotificationConfig } from '@libs/config/src/config';
import { DEADLINE_TEMPLATES, staleReminderReason } from '@libs/domain/src/notifications';
import { currentDeadline } from '@libs/persistence/src/deadlines';
import type { Queryable } from '@libs/persistence/src/queryable';
import * as outbox from './outbox';
import { composeMail, describeSmtpError, senderAddress, senderDomain, transmit, type HandOver, type SmtpError } from './smtp';

/** Where a call stands in its retry policy. */
export interface Attempt {
  /** No further attempt will come: failures are given up ('failed' with no next_attempt_at). */
  final: boolean;
  /** When the next attempt is expected (the caller's backoff), for next_attempt_at. */
  nextInMs: number | null;
}

/** One attempt, with nothing after it (a re-send, a script). */
export const SINGLE_ATTEMPT: Attempt = { final: true, nextInMs: null };

export type Outcome = { kind: 'sent' | 'alreadySent' | 'failed' | 'unknown' | 'stale' } | { kind: 'retry'; reason: string };

/** What became of the rows of one call; `stale` only when some were skipped. */
export interface DeliveryCounts {
  queued: number;
  sent: number;
  alreadySent: number;
  failed: number;
  unknown: number;
  inFlight: number;
  stale?: number;
}

/** Counts, and the rows still waiting (retryable errors, rows in another attempt's hands) with why. */
export interface DeliveryReport {
  counts: DeliveryCounts;
  waiting: string[];
}

export type ResendOutcome = 'sent' | 'alreadySent' | 'failed' | 'unknown' | 'inFlight' | 'stale';

/** The Message-ID of a new row. */
export function messageIdFor(id: string, mailFrom: string): string {
  return `<${id}@${senderDomain(mailFrom)}>`;
}

/**
 * Delivers notifications (issue 7) through an outbox, so that a retried activity, a worker that dies mid-way or a
 * replayed or reset workflow never sends a mail twice.
 *
 * 1. Write: one row per recipient, `INSERT … ON CONFLICT (dedup_key) DO NOTHING`; a second call finds the first
 *    call's rows (and their subject and body as first rendered) — `outbox.queueRow`.
 * 2. Claim: `UPDATE … SET status='sending', claim_token=<new> WHERE status IN ('pending','failed')` (or a stale claim
 *    that never handed its message over). Only one attempt can hold a row; a 'sent' row is never claimed again.
 * 3. Connect to the SMTP server, then hand over: `SET handed_over_at=now() WHERE claim_token=<mine>`. Only after this
 *    commit does the message go out (MAIL FROM, RCPT TO, DATA). If the claim was taken over meanwhile, nothing is sent.
 * 4. Mark: on the server's 250 answer, `status='sent'` (fenced by the claim token). On an error the server did not
 *    answer 250 (refused, 4xx/5xx, connection dropped before the answer): nothing was accepted, so the row becomes
 *    'failed' with attempts and last_error, and is sent again by the next attempt; a 5xx is permanent (no retry).
 *
 * What a crash leaves behind, and what the next attempt does with it:
 * - killed before the hand-over (connecting): a 'sending' row without handed_over_at; once the lease has run out it
 *   is claimed again and sent: the server never saw it.
 * - killed after the hand-over, before the 250 was recorded: the server may or may not have accepted the message.
 *   Sending again could deliver it twice, not sending could lose it; a duplicate is the worse outcome here, so the row
 *   becomes 'unknown' and is never resent automatically (listed in GET /notifications?status=unknown for an operator).
 * This window (one SMTP DATA exchange) is what SMTP leaves open: no protocol answer can be made atomic with our
 * commit. The one duplicate no client can rule out is a server that accepted a message whose 250 never reached us
 * (RFC 1047); every attempt uses the row's Message-ID, so such a copy is at least recognisable.
 *
 * Reminders and escalations that are no longer due (issue 17 point 6): the workflow decides a reminder from its state
 * when its instant comes, but the mail leaves later (the activity's queue, a retry with backoff, an operator's
 * re-send), and an officer may meet the deadline meanwhile: its projection is written before the action answers. So a
 * row about a deadline is checked against the case's deadline row (status and due date) when it is claimed and again
 * in the hand-over transaction, which holds that row FOR SHARE: a projection meeting the deadline either committed
 * before (the row becomes 'skipped', with the reason in skip_reason, and is never sent) or waits until the hand-over
 * committed (the reminder was handed over while the deadline still ran). What remains is the SMTP exchange itself
 * (MAIL FROM … DATA, milliseconds), during which an action may meet the deadline. The rule is pure
 * (libs/domain/src/notifications/stale-reminder.ts).
 *
 * Retries belong to the caller (the notify activities: Temporal's retry policy); this class records each attempt's
 * errors on the rows and reports what still waits.
 */
export class NotificationDelivery {
  constructor(
    private readonly ds: DataSource,
    private readonly settings: () => NotificationConfig,
  ) {}

  /** The Message-ID for a new row id, from the configured sender. */
  messageId(id: string): string {
    return messageIdFor(id, this.settings().mailFrom);
  }

  /** Delivers the outbox rows of `keys`, one after another. */
  async deliverAll(keys: string[], attempt: Attempt): Promise<DeliveryReport> {
    const settings = this.settings();
    const rows = await outbox.rowsByKeys(this.ds, keys);
    const counts: DeliveryCounts = { queued: rows.length, sent: 0, alreadySent: 0, failed: 0, unknown: 0, inFlight: 0 };
    const waiting: string[] = [];
    for (const row of rows) {
      const outcome = await this.deliver(row.id, settings, attempt);
      if (outcome.kind === 'retry') waiting.push(outcome.reason);
      else if (outcome.kind === 'stale') counts.stale = (counts.stale ?? 0) + 1;
      else counts[outcome.kind] += 1;
    }
    return { counts, waiting };
  }

  /**
   * An operator's re-send of one row (POST /api/v1/notifications/:id/retry): one attempt, now, through the same claim,
   * hand-over and mark as the activity, so it can never add a copy of a row that is sent or being sent. An 'unknown'
   * row (the server may have it) becomes 'failed' first: re-sending it is the operator's explicit decision; it goes out
   * with the row's Message-ID, so a copy is recognisable. Returns what became of the row.
   */
  async resend(id: string): Promise<ResendOutcome> {
    await outbox.reopenUnknown(this.ds, id);
    const outcome = await this.deliver(id, this.settings(), SINGLE_ATTEMPT);
    return outcome.kind === 'retry' ? 'inFlight' : outcome.kind;
  }

  /** One outbox row through claim, hand-over, SMTP and mark. */
  private async deliver(id: string, settings: NotificationConfig, attempt: Attempt): Promise<Outcome> {
    const token = randomUUID();
    const row = await outbox.claim(this.ds, id, token);
    if (!row) return this.notClaimed(id);
    // A reminder whose deadline was met, closed or moved since it was queued: skipped, not even connected for.
    const staleNow = await staleReason(this.ds, row, false);
    if (staleNow !== null) {
      return (await outbox.markSkipped(this.ds, row.id, token, staleNow))
        ? { kind: 'stale' }
        : { kind: 'retry', reason: `${row.id}: taken over by another attempt` };
    }

    let response: string | 'claim lost' | 'stale';
    try {
      const raw = await composeMail({
        from: settings.mailFrom,
        to: row.recipient_email,
        subject: row.subject,
        text: row.body,
        messageId: row.message_id,
        notificationId: row.id,
      });
      response = await transmit(settings.smtpUrl, { from: senderAddress(settings.mailFrom), to: [row.recipient_email] }, raw, () =>
        // The hand-over, and the last look at the deadline, in one transaction holding its row (see the class comment).
        this.ds.transaction(async (tx): Promise<HandOver> => {
          const stale = await staleReason(tx, row, true);
          if (stale !== null) return (await outbox.markSkipped(tx, row.id, token, stale)) ? 'stale' : 'claim lost';
          return (await outbox.handOver(tx, row.id, token)) ? 'go' : 'claim lost';
        }),
      );
    } catch (err) {
      // The server did not answer 250 (or we never got as far as the message): it did not take the mail, so a later
      // attempt may send it. Fenced by the claim token: a row taken over meanwhile is left to its new owner.
      const e = err as SmtpError;
      const giveUp = e.permanent === true || attempt.final;
      const message = describeSmtpError(e);
      await outbox.markFailed(this.ds, row.id, token, message, giveUp ? null : attempt.nextInMs);
      return giveUp ? { kind: 'failed' } : { kind: 'retry', reason: `${row.id}: ${message}` };
    }
    if (response === 'claim lost') return { kind: 'retry', reason: `${row.id}: taken over by another attempt` };
    if (response === 'stale') return { kind: 'stale' };
    // Outside the try: if this write fails the row stays 'sending' with handed_over_at set, and is never resent.
    await outbox.markSent(this.ds, row.id, token, response);
    return { kind: 'sent' };
  }

  /** A row this attempt could not claim: already sent, in someone else's hands, handed over by a dead attempt, or skipped. */
  private async notClaimed(id: string): Promise<Outcome> {
    await outbox.markAbandonedUnknown(this.ds, id);
    const now = await outbox.rowState(this.ds, id);
    if (now?.status === 'sent') return { kind: 'alreadySent' };
    if (now?.status === 'unknown') return { kind: 'unknown' };
    if (now?.status === 'skipped') return { kind: 'stale' };
    return { kind: 'retry', reason: `${id}: being sent by another attempt` };
  }
}

/** Why the claimed row must not be sent (its deadline no longer runs on that due date), or null. */
async function staleReason(q: Queryable, row: outbox.ClaimedRow, lock: boolean): Promise<string | null> {
  if (!row.case_id || !DEADLINE_TEMPLATES.includes(row.kind) || !row.deadline_kind || !row.due_date) return null;
  const current = await currentDeadline(q, row.case_id, row.deadline_kind, { lock });
  return staleReminderReason({ template: row.kind, deadlineKind: row.deadline_kind, dueDate: row.due_date }, current);
}
