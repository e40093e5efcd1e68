import { condition, allHandlersFinished, log, proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities, NotifyInput, NotifyResult } from '@activities/case-activities.interface';
import { noteEvent, reporterNoticeMailed, type Transition } from '@libs/domain/src/case';
import { proceduralNotices } from '@libs/domain/src/notifications/procedural';
import { NOTIFICATION } from '../support/activity-options';
import { recordsUndeliveredNotices, sendsProceduralNotices } from './behaviour';
import type { CaseRun } from './run';

export const { notify } = proxyActivities<NotificationActivities>(NOTIFICATION);

/**
 * The mails of a case. Procedural notifications (issue 7) go out one after another behind the action that called for
 * them, never delaying its answer; the outbox key (stage = event type#seq) makes each mail go out once.
 */
export class CaseNotices {
  private inFlight = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly run: CaseRun) {}

  /** Queues the notices the events of `t` call for (an officer's action or a calendar reload). */
  announce(t: Transition): void {
    const run = this.run;
    const notices = proceduralNotices(t.events, t.state);
    if (notices.length === 0 || !sendsProceduralNotices()) return;
    this.inFlight += notices.length;
    for (const n of notices) {
      this.chain = this.chain.then(async () => {
        try {
          const r = await notify({ caseId: run.state.caseId, ...n });
          this.recordUndelivered(n, r);
          // Issue 17 point 7: an acceptance or refusal notice the reporter was actually e-mailed meets the reporter
          // notice (001 art.14); the officer records one given another way with `notify_reporter`.
          if (run.behaviour.edges && n.template === 'acceptance_decision' && n.audience === 'reporter' && r.sent + r.alreadySent > 0) {
            const met = reporterNoticeMailed(run.state, run.ctx(), n.template);
            if (met.events.length) run.commit(met);
          }
        } catch (err) {
          // Bad input or an activity that timed out on its last attempt: recorded in the outbox where it got that far;
          // the case goes on (a mail never fails a case).
          log.warn('procedural notification not sent', { template: n.template, audience: n.audience, stage: n.stage, error: String(err) });
        } finally {
          this.inFlight -= 1;
        }
      });
    }
  }

  /**
   * A mail the activity gave up on, whose fate is unknown, or that had nobody to go to (a real-name reporter without an
   * e-mail address) is an event of the case, so the timeline shows who was not told; the outbox row keeps the details
   * and POST /notifications/:id/retry re-sends it. Returns whether an event was added.
   */
  recordUndelivered(n: Pick<NotifyInput, 'template' | 'audience' | 'stage' | 'deadlineKind'>, r: NotifyResult): boolean {
    const unaddressed = r.unaddressed ?? 0;
    if ((r.failed === 0 && r.unknown === 0 && unaddressed === 0) || !recordsUndeliveredNotices()) return false;
    this.run.commit(
      noteEvent(this.run.state, this.run.ctx(), 'notice_undelivered', null, {
        template: n.template,
        audience: n.audience,
        ...(n.stage ? { stage: n.stage } : {}),
        ...(n.deadlineKind ? { deadlineKind: n.deadlineKind } : {}),
        failed: r.failed,
        unknown: r.unknown,
        ...(unaddressed > 0 ? { unaddressed, reason: r.skipped ?? 'no e-mail address' } : {}),
      }),
    );
    return true;
  }

  /**
   * Waits for the handlers and the mails still going out, projecting what they committed; a notice queued by a handler
   * that ran during that flush is waited for too, so neither continue-as-new nor the end of the run abandons it.
   */
  async settle(): Promise<void> {
    await condition(() => allHandlersFinished() && this.inFlight === 0);
    await this.run.flush();
    while (this.inFlight > 0) {
      await condition(() => allHandlersFinished() && this.inFlight === 0);
      await this.run.flush();
    }
  }
}
