/**
 * The problem-paper activities as the paper workflow sees them. Pure types only (`import type` from workflows).
 */
import type { PaperActor, PaperProjection, PaperTask } from '@libs/domain/src/paper';
import type { NotifyResult } from './case-activities.interface';

/** The paper row and its new events (libs/domain `paperProjectionOf`). */
export type ProjectPaperInput = PaperProjection;

export interface OpenPaperCaseInput {
  paperId: string;
  /** The paper's event sequence of the dispatch: with paperId, the idempotency key of the case. */
  dispatchSeq: number;
  institutionOrgId: string;
  /** YYYY-MM-DD (Asia/Shanghai): the day the institution received the paper; its deadlines count from it. */
  receivedAt: string;
  actor: PaperActor;
  /** The paper workflow tells the case where its result stands (`paperResult`): the case keeps its paper id, offers
   *  revisions and stays open until national approves. False or absent for paper workflows from before. */
  linkResult?: boolean;
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
  /** The organisation whose step the mail follows (absent in notices decided before it was recorded). */
  actingOrgId?: string;
  /** The organisation whose opinion `opinion` is. */
  opinionByOrgId?: string;
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
