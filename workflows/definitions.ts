/**
 * The one place where the case workflow's messages are defined; the API (client side) and the workflow
 * both import from here. Every message takes a single object.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CalendarYear, Period } from '@libs/domain/src/calendar';
import type { CaseLink, ReportTo } from '@libs/domain/src/case/lifecycle';
import type { ReminderPolicy } from '@libs/domain/src/case/reminders';
import type { DocumentRecord } from '@libs/domain/src/documents/record';
import type { PaperActionInput, PaperOrg, PaperResultReview, PaperView } from '@libs/domain/src/paper';
import type { LeadActionInput, LeadActor, LeadCategory, LeadOrg, LeadStatus } from '@libs/domain/src/lead';

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

export interface Actor {
  userId: string;
  role: string;
  orgId: string;
  name?: string;
  /** The organisation this actor entered the action for (a commission entering for an institution without accounts, 002). */
  onBehalfOf?: string;
}

export interface CaseWorkflowInput {
  caseId: string;
  number: string;
  handlingOrgId: string;
  policyProfile: string;
  /** Date the report/material was received (Asia/Shanghai); deadlines count from it, even when in the past. */
  receivedAt: string;
  source: string;
  /** Loaded holiday notices the deadlines are computed with (workflows never read the database). */
  calendar: CalendarYear[];
  openedBy: Actor;
  /** The handling organisation's reminder stages; absent = the product default (DEFAULT_REMINDER_POLICY). */
  reminderPolicy?: ReminderPolicy;
  /** The problem paper the case was opened for (its workflow tells the case where the result stands: `paperResult`). */
  paperId?: string;
  // Issue 17, resolved by whoever opens the case (the API, the paper or transfer activity). Absent in older cases.
  /** A real-name reporter with a way to reach them: only then is a reporter notice owed (no identity, only the fact). */
  reporterNotice?: boolean;
  /** Whom the case reports to: the authority that transferred it (003 art.25, 28), a lead investigating unit. */
  reportTo?: ReportTo;
  /** The case this one was transferred from (its timeline points here, this one points back). */
  transferredFrom?: CaseLink;
  /** Periods fixed when the case opened: the defence period of the organisation or its profile (003 art.27). */
  periods?: { defence?: Period };
  /**
   * Issue 21: a run continues as new at a quiet point once its history holds this many events, so replaying a run stays
   * cheap however long the case lives. Set by whoever starts the case from CASE_RUN_MAX_EVENTS (it travels unchanged into
   * every later run); absent: DEFAULT_CASE_RUN_MAX_EVENTS. Runs started before `bounded-case-runs` ignore it.
   */
  runMaxEvents?: number;
}

/** [decision] The events after which a case run continues as new (issue 21; README "Configuration", CASE_RUN_MAX_EVENTS). */
export const DEFAULT_CASE_RUN_MAX_EVENTS = 100;
/** Below this a run could not even open and project before it is over the limit. */
export const MIN_CASE_RUN_MAX_EVENTS = 40;

/** `suspended`: a running deadline of a suspended case, not counted until it resumes (003 art.23; 001 art.23). */
export type DeadlineStatus = 'open' | 'met' | 'overdue' | 'closed' | 'suspended';

export interface DeadlineView {
  kind: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  status: DeadlineStatus;
  remainingWorkingDays: number;
  overdueWorkingDays: number;
}

export interface CaseView {
  caseId: string;
  number: string;
  phase: string;
  policyProfile: string;
  version: number;
  allowedActions: string[];
  deadlines: DeadlineView[];
}

export const getStateQuery = defineQuery<CaseView>('getState');

/** An officer's action. `expectedVersion` carries HTTP If-Match; the validator refuses a stale one before history. */
export interface ActionInput<T = Record<string, unknown>> {
  action: string;
  actor: Actor;
  expectedVersion?: number;
  body: T;
}
export const actionUpdate = defineUpdate<CaseView, [ActionInput]>('action');

/** A calendar year was loaded or replaced: deadlines that touch it are recomputed. */
export interface CalendarLoadedSignal {
  year: CalendarYear;
}
export const calendarLoadedSignal = defineSignal<[CalendarLoadedSignal]>('calendarLoaded');

/** A sensitive read to record in the case timeline (e.g. full ID numbers shown to an integrity administrator). */
export interface SensitiveReadSignal {
  actor: Actor;
  what: string;
}
export const sensitiveReadSignal = defineSignal<[SensitiveReadSignal]>('sensitiveRead');

/**
 * A document was generated from the case (issue 23): the timeline records it (event `document_generated`) and the
 * projection writes its file with the event. The Update id is the document id. Refused before history when the record
 * is malformed, or with type CASE_WORKFLOW_ENDED once the case no longer needs its workflow (it is about to end; the
 * API then records the document itself, libs/persistence/src/case-documents.ts). Answers the event's sequence number.
 */
export interface RecordDocumentInput {
  actor: Actor;
  document: DocumentRecord;
}
export const recordDocumentUpdate = defineUpdate<{ seq: number }, [RecordDocumentInput]>('recordDocument');

/**
 * The paper's workflow tells the case it was opened for where its result stands in the review chain (002): submitted
 * (`under_review`), returned, withdrawn or consented to in pre-review (`with_institution`, `returnSeq` naming the
 * return), approved at national level. The case allows `revise_decision` only while the result is with the institution
 * and stays open until it is approved.
 */
export interface PaperResultSignal {
  paperId: string;
  review: PaperResultReview;
  /** The paper event that moved it. */
  eventSeq: number;
  /** The organisation whose step it was. */
  byOrgId?: string;
  /** The paper event of the return this answers to (`result_returned`), when the result came back. */
  returnSeq?: number | null;
}
export const paperResultSignal = defineSignal<[PaperResultSignal]>('paperResult');

/**
 * Another case was merged into this one (issue 23): the merged case's workflow tells the surviving case, whose timeline
 * records it (`merged_from`); nothing else of the survivor changes (its deadlines stand).
 */
export interface CaseMergedSignal {
  caseId: string;
  number: string;
  actor: Actor;
  /** Business date of the merge (YYYY-MM-DD). */
  on: string;
  note?: string | null;
}
export const caseMergedSignal = defineSignal<[CaseMergedSignal]>('caseMerged');

// ---------------------------------------------------------------------------------------------------------------
// Reporter channel (issue 23): "you have a new message" to a reporter who left an e-mail address, once per message.
// Only ids travel here: the message, the reporter's identity and address stay in PostgreSQL.

export const REPORTER_NOTICE_WORKFLOW_TYPE = 'reporterNoticeWorkflow';

export interface ReporterNoticeInput {
  reportId: string;
  messageId: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Problem papers (RULES.md §2, §5; 002, 004): one workflow per imported paper, id = `RP-<batch>-<number>`.

export const PAPER_WORKFLOW_TYPE = 'paperWorkflow';

export interface PaperWorkflowInput {
  paperId: string;
  number: string;
  batch: string;
  /** The importing commission, which holds the paper until it dispatches it. */
  holder: PaperOrg;
  importedBy: Actor;
}

/** The paper as its workflow shows it (libs/domain `paperViewOf`). */
export type { PaperView };

export const getPaperQuery = defineQuery<PaperView>('getPaper');

/** An integrity administrator's action on a paper (dispatch, return_to_superior, submit_result, withdraw, start_review,
 *  approve, return_result, consent). The validator refuses before history, like the case's `action` Update. */
export const paperActionUpdate = defineUpdate<PaperView, [PaperActionInput]>('paperAction');

// ---------------------------------------------------------------------------------------------------------------
// Leads (issue 22; 004 二(一); 000 §1): one workflow per lead, id = `LD-<lead id>` (numbers repeat across organisations).

export const LEAD_WORKFLOW_TYPE = 'leadWorkflow';

/** An organisation as the lead workflow needs it: where it is, its profile (the triage period) and reminder stages. */
export interface LeadOrgInput extends LeadOrg {
  /** The organisation's reminder stages (its own, else its profile's); absent = the product default. */
  reminders?: ReminderPolicy;
}

export interface LeadWorkflowInput {
  leadId: string;
  number: string;
  holder: LeadOrgInput;
  category: LeadCategory;
  /** A lead of the national paper import follows its paper (triaged by its dispatch). */
  paperId?: string | null;
  /** The day the lead reached its first holder (Asia/Shanghai): the triage deadline counts from it. */
  on: string;
  calendar: CalendarYear[];
  openedBy: LeadActor | null;
}

export interface LeadDeadlineView {
  round: number;
  kind: 'lead_triage';
  orgId: string;
  from: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  status: string;
}

export interface LeadView {
  leadId: string;
  number: string;
  status: LeadStatus;
  category: LeadCategory;
  holder: LeadOrg;
  dispatchedBy: LeadOrg[];
  paperId: string | null;
  caseId: string | null;
  caseNumber: string | null;
  closeReason: string | null;
  closeNote: string | null;
  deadline: LeadDeadlineView;
  version: number;
}

export const getLeadQuery = defineQuery<LeadView>('getLead');

/** An integrity administrator's triage (dispatch, open_case, close; a dispatch's target is a LeadOrgInput); the
 *  validator refuses before history. */
export const leadActionUpdate = defineUpdate<LeadView, [LeadActionInput]>('leadAction');

/** The lead's paper moved (its projection saw a new holder, or the case opened for it). */
export interface PaperMovedSignal {
  seq: number;
  holder: LeadOrgInput;
  caseId: string | null;
  caseNumber: string | null;
}
export const paperMovedSignal = defineSignal<[PaperMovedSignal]>('paperMoved');
