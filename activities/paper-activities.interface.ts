/**
 * The problem-paper activities as the paper workflow sees them. Pure types only (`import type` from workflows).
 */
import type { PaperActor, PaperEvent, PaperStatus, PaperTask } from '../libs/domain/src/paper';
import type { NotifyResult } from './case-activities.interface';

export interface ProjectPaperInput {
  paperId: string;
  status: PaperStatus;
  holderOrgId: string;
  holderPath: string;
  currentOrgId: string | null;
  reviewLevel: string | null;
  caseId: string | null;
  caseNumber: string | null;
  rounds: number;
  version: number;
  /** Highest event sequence included; the projection never moves backwards past it. */
  lastEventSeq: number;
  events: PaperEvent[];
  /** The workflow's view of the paper (workflows/definitions PaperView), read by the API instead of a query. Absent
   *  from calls made before it existed. */
  view?: Record<string, unknown>;
}

export interface OpenPaperCaseInput {
  paperId: string;
  /** The paper's event sequence of the dispatch: with paperId, the idempotency key of the case. */
  dispatchSeq: number;
  institutionOrgId: string;
  /** YYYY-MM-DD (Asia/Shanghai): the day the institution received the paper; its deadlines count from it. */
  receivedAt: string;
  actor: PaperActor;
}

export interface TransferPaperCaseInput {
  caseNumber: string;
  toOrgId: string;
  reason: string;
  actor: PaperActor;
  /** Update id of the case's `transfer`: a retried activity does not transfer twice. */
  updateId: string;
}

export interface NotifyPaperInput {
  paperId: string;
  /** The organisation whose integrity administrators are asked to act. */
  orgId: string;
  task: PaperTask;
  /** `task#seq`: part of the deduplication key, so each state change mails each recipient once. */
  stage: string;
  opinion?: string;
}

export interface PaperActivities {
  /** Mails the organisation's integrity administrators (outbox, exactly once per stage and recipient). */
  notifyPaper(input: NotifyPaperInput): Promise<NotifyResult>;
  projectPaper(input: ProjectPaperInput): Promise<void>;
  /** Registers the case the paper becomes at the institution and starts its workflow; idempotent by (paper, dispatch). */
  openPaperCase(input: OpenPaperCaseInput): Promise<{ caseId: string; caseNumber: string }>;
  /** Ends the case of a misrouted paper as transferred to the superior (the case's own `transfer` action). */
  transferPaperCase(input: TransferPaperCaseInput): Promise<{ ok: boolean; error?: string }>;
}
