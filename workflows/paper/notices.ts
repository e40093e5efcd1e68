import { getExternalWorkflowHandle, log, patched, proxyActivities } from '@temporalio/workflow';
import type { PaperActivities } from '@activities/paper-activities.interface';
import {
  paperNotice,
  resultReviewOf,
  type PaperActor,
  type PaperEvent,
  type PaperNoticeSpec,
  type PaperState,
} from '@libs/domain/src/paper';
import { paperResultSignal } from '../definitions';
import { NOTIFICATION } from '../support/activity-options';

const { notifyPaper } = proxyActivities<PaperActivities>(NOTIFICATION);

/**
 * What a paper tells others behind an action's answer: mails to the organisation that must act next (one after
 * another) and where its result stands to the case opened for it (in order). The run awaits `mailed` and `signalled`
 * before it ends or continues as new. Every method only queues (nothing here is awaited by a handler).
 */
export class PaperNotices {
  /** The mails queued so far, sent one after another. */
  mailed: Promise<void> = Promise.resolve();
  /** The case signals queued so far, sent in order. */
  signalled: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: () => PaperState,
    /** `paper-case-result-link`: the case is told where its paper's result stands. */
    private readonly caseLink: boolean,
  ) {}

  /** Queues the mails of `paperNotices` (the current path). */
  send(specs: PaperNoticeSpec[]): void {
    const paperId = this.state().paperId;
    for (const n of specs) {
      this.mail({
        paperId,
        orgId: n.orgId,
        task: n.task,
        stage: n.stage,
        actingOrgId: n.actingOrgId,
        ...(n.opinion ? { opinion: n.opinion, ...(n.opinionByOrgId ? { opinionByOrgId: n.opinionByOrgId } : {}) } : {}),
      });
    }
  }

  /**
   * The one notice an action's events call for in paper workflows from before `paper-every-wait-told`, decided now
   * (`patched('paper-notices')` included: histories from before paper notices replay unchanged); `send` queues it.
   */
  noticeFor(events: PaperEvent[]): { send(): void } | null {
    const state = this.state();
    const n = paperNotice(state);
    if (!n || !patched('paper-notices')) return null;
    const opinion = events.map((e) => e.data.opinion).find((o): o is string => typeof o === 'string');
    const input = { paperId: state.paperId, orgId: n.orgId, task: n.task, stage: n.stage, ...(opinion ? { opinion } : {}) };
    return { send: () => this.mail(input) };
  }

  /** Tells the paper's case where its result stands, when an action moved it from `before`. */
  tellCase(before: ReturnType<typeof resultReviewOf>, actor: PaperActor): void {
    const state = this.state();
    const review = resultReviewOf(state);
    if (!this.caseLink || before === null || review === null || review === before || state.caseNumber === null) return;
    const signal = {
      paperId: state.paperId,
      review,
      eventSeq: state.seq,
      byOrgId: actor.onBehalfOf ?? actor.orgId,
      ...(state.status === 'returned' ? { returnSeq: state.lastReturnSeq ?? null } : {}),
    };
    const caseNumber = state.caseNumber;
    this.signalled = this.signalled.then(() =>
      getExternalWorkflowHandle(caseNumber)
        .signal(paperResultSignal, signal)
        .catch((err: unknown) => log.warn('case not told where its paper result stands', { caseNumber, review, error: String(err) })),
    );
  }

  private mail(n: Parameters<typeof notifyPaper>[0]): void {
    this.mailed = this.mailed.then(() =>
      notifyPaper(n).then(
        () => undefined,
        (err: unknown) => log.warn('paper notice not sent', { task: n.task, stage: n.stage, error: String(err) }),
      ),
    );
  }
}
