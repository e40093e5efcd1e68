/**
 * The activity contract as workflows see it. Pure types only: workflows `import type` this file,
 * so nothing of TypeORM or Nest reaches the workflow bundle.
 */
export interface ProjectedDeadline {
  kind: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  /** `suspended`: running, but not counted while the case is suspended (issue 17 point 14). */
  status: 'open' | 'met' | 'overdue' | 'closed' | 'suspended';
  /** For a suspended deadline: the day counting stopped (working days left or over are counted to it). */
  suspendedOn?: string;
}

export interface ProjectedEvent {
  seq: number;
  type: string;
  at: string;
  actor: { userId?: string; role?: string; orgId?: string; name?: string } | null;
  data: Record<string, unknown>;
}

export interface ProjectCaseInput {
  caseId: string;
  phase: string;
  version: number;
  /** Highest event sequence included; the projection never moves backwards past it. */
  lastEventSeq: number;
  events: ProjectedEvent[];
  deadlines: ProjectedDeadline[];
  /** What the case allows now (all roles); the API filters it per caller. Absent from calls made before it existed. */
  allowedActions?: string[];
  /** Why each action of the phase that is not allowed now is refused (libs/domain `blockedActions`); absent before it existed. */
  blockedActions?: Record<string, string>;
  /** The organisation hearing the appeal (issue 17 point 1), once applied for; absent before. */
  appealOrgId?: string;
}

/** A transfer opens a linked case at the receiving organisation (issue 17 point 4). */
export interface OpenTransferredCaseInput {
  /** The transferring case; at most one linked case per source case (its idempotency key). */
  sourceCaseId: string;
  toOrgId: string;
  /** YYYY-MM-DD: the transfer date; the new case's acceptance deadline counts from it. */
  receivedAt: string;
  actor: { userId: string; role: string; orgId: string; name?: string };
}

export interface CaseActivities {
  projectCase(input: ProjectCaseInput): Promise<void>;
  /** Registers the linked case and starts its workflow by reference; a retry finds the row and only starts the
   *  workflow if it is not running. */
  openTransferredCase(input: OpenTransferredCaseInput): Promise<{ caseId: string; number: string; orgId: string }>;
}

/**
 * Notification delivery (issue 7): recipients resolved from roles in organisations, one outbox row per recipient keyed
 * `caseId|template|deadlineKind|dueDate|stage|recipient`, sent over SMTP. Calling it again with the same input (a
 * retry, a replay, a reset) sends nothing twice. See libs/notifications/src/delivery.ts for the protocol.
 */
export interface NotifyInput {
  caseId: string;
  /** deadline_reminder | deadline_escalation | acceptance_decision | participating_units_notice | proposed_decision_notice |
   *  decision_delivery | review_outcome | appeal_outcome | due_date_moved */
  template: string;
  /** deadline_reminder: before_<n> | due_today | overdue | overdue_<n>; deadline_escalation: escalation. Part of the
   *  deduplication key: for a procedural template that may go out twice for one case, pass something distinguishing. */
  stage?: string;
  deadlineKind?: string;
  /** YYYY-MM-DD */
  dueDate?: string;
  overdueWorkingDays?: number;
  /** handlers: case_officer and integrity_admin users of the handling organisation; escalation: supervisor and
   *  integrity_admin users of its parent organisation; reporter: a real-name reporter's e-mail contact;
   *  participating_units: integrity_admin users of `data.orgIds` and the addresses in `data.emails`;
   *  transferring_authority / lead_unit: the organisation recorded at registration (its case_officer and integrity_admin
   *  users) or its address; appeal_authority: case_officer and integrity_admin users of the organisation hearing the appeal. */
  audience: 'handlers' | 'escalation' | 'reporter' | 'participating_units' | 'transferring_authority' | 'lead_unit' | 'appeal_authority';
  /** Template facts, e.g. acceptance_decision {accepted, reason}; review_outcome/appeal_outcome {result};
   *  due_date_moved {previousDueDate}. */
  data?: Record<string, unknown>;
}

export interface NotifyResult {
  /** Outbox rows this call covers (new or found from an earlier call). */
  queued: number;
  /** Delivered by this call (the server answered 250). */
  sent: number;
  /** Delivered by an earlier call or attempt: not sent again. */
  alreadySent: number;
  /** Given up: a permanent SMTP rejection, or still failing on the activity's last attempt (listed as failed). */
  failed: number;
  /** Handed to the SMTP server by an attempt that died before recording the answer: never resent, listed for review. */
  unknown: number;
  /** Being sent by another attempt right now (a concurrent call, or an attempt that timed out but still runs); that
   *  attempt marks them. Only on the last attempt: earlier ones throw and come back. */
  inFlight: number;
  /** Reminders and escalations skipped, not sent, because their deadline was met, closed, suspended or moved meanwhile
   *  (the outbox row says why: status 'skipped', skip_reason). Absent in results recorded before it. */
  stale?: number;
  /** Nobody (or somebody) could not be addressed, and why: anonymous reporter, no e-mail address, no parent organisation. */
  skipped?: string;
  /** Of those, people who should have been told and have no usable e-mail address (a real-name reporter who gave a phone
   *  number, an officer without an address), or 1 for an audience with nobody in it (no active officer at the handling
   *  organisation). An anonymous reporter, or an escalation above the top of the tree, is nobody to tell: 0. Absent in
   *  results recorded before it. */
  unaddressed?: number;
}

export interface NotificationActivities {
  /** Retries itself (throws, after recording the error) while a mail fails and attempts remain; on the activity's
   *  last attempt it returns with `failed` instead of throwing, so a mail outage never fails the case workflow.
   *  Bad input (unknown template, missing due date) fails at once, non-retryable. */
  notify(input: NotifyInput): Promise<NotifyResult>;
}

/** The reporter channel's "you have a new message" (issue 23): ids only; the activity reads the address from the report. */
export interface ReporterNoticeActivities {
  /** One mail per message through the outbox (key `report:<reportId>|reporter_new_message|<messageId>`); nothing when the
   *  reporter left no address or the message does not exist (its transaction did not commit). */
  notifyReporter(input: { reportId: string; messageId: string }): Promise<NotifyResult>;
}
