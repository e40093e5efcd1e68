/**
 * One workflow per case, id = case number. It owns phase, version and timers; the rules live in the pure reducer
 * (libs/domain/src/case). Officers' actions arrive as the `action` Update: the validator dry-runs the reducer, so a
 * refused action never enters history. Every change is projected to PostgreSQL by an idempotent activity.
 *
 * Deadlines: the workflow computes them itself with the pure calendar library from a calendar snapshot that travels
 * in the input and in `calendarLoaded` signals (no database reads here; see docs/ARCHITECTURE.md "Deadlines"). The
 * parts: case/behaviour.ts (what older histories keep), case/run.ts (state, projection), case/notices.ts (mails),
 * case/deadlines.ts (the timer and reminder loop), support/ (what the case, paper and lead workflows share).
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  continueAsNew,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { CaseActivities } from '@activities/case-activities.interface';
import { applyAction, noteEvent, noteMergedFrom, notePaperResult, recomputeDeadlines, transferCaseOpened } from '@libs/domain/src/case';
import { checkDocumentRecord, DOCUMENT_EVENT } from '@libs/domain/src/documents/record';
import { DomainError } from '@libs/domain/src/shared';
import { readCaseBehaviour, tellsSurvivorOfMerge } from './case/behaviour';
import { keepDeadlines } from './case/deadlines';
import { CaseNotices } from './case/notices';
import { CaseRun, type CaseWorkflowCarry } from './case/run';
import {
  actionUpdate,
  calendarLoadedSignal,
  caseMergedSignal,
  getStateQuery,
  paperResultSignal,
  recordDocumentUpdate,
  sensitiveReadSignal,
  type ActionInput,
  type CaseView,
  type CaseWorkflowInput,
} from './definitions';
import { refusing } from './support/failures';
import type { CaseState, Transition } from '@libs/domain/src/case';

export type { CaseWorkflowCarry } from './case/run';

/** Opens the linked case of a transfer (issue 17 point 4). Bounded retries: the transfer answers the officer. */
const { openTransferredCase } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 8 },
});

export async function caseWorkflow(input: CaseWorkflowInput, carry?: CaseWorkflowCarry): Promise<CaseView> {
  const behaviour = readCaseBehaviour({ continued: carry !== undefined, withPaper: input.paperId !== undefined });
  const run = new CaseRun(input, behaviour, carry);
  const notices = new CaseNotices(run);

  setHandler(getStateQuery, () => run.view());

  // The validator's dry run of the reducer, kept for the handler, which the SDK runs right after it in the same
  // activation (issue 21 point 5: the reducer ran twice per action). The reducer is pure: the same Update on the same
  // state at the same instant gives the same transition, so the handler takes it only then. On replay validators do not
  // run and the handler computes it, as before.
  let checked: { id: string; state: CaseState; now: number; t: Transition } | null = null;

  setHandler(
    actionUpdate,
    async ({ action, actor, body }) => {
      const { id, earlier } = run.updates.begin();
      const dryRun = checked;
      checked = null;
      if (earlier) return earlier;
      const t =
        dryRun && dryRun.id === id && dryRun.state === run.state && dryRun.now === Date.now()
          ? dryRun.t
          : refusing(() => applyAction(run.state, action, actor, body ?? {}, run.ctx()));
      // A merge tells the surviving case (issue 23); asked before the projection, like every flag.
      const tellSurvivor = action === 'merge_into' && tellsSurvivorOfMerge();
      run.commit(t);
      notices.announce(t);
      // Issue 17 point 4: a transfer opens its linked case at the receiving organisation (an activity, idempotent by the
      // source case) before it answers, and this timeline points to it. A failure is recorded, never undone.
      const transfer = run.linkedCaseToOpen(t, actor);
      if (transfer) {
        try {
          const link = await openTransferredCase(transfer);
          run.commit(transferCaseOpened(run.state, run.ctx(), link));
        } catch (err) {
          log.warn('linked case of a transfer not opened', { error: String(err) });
          run.commit(
            noteEvent(run.state, run.ctx(), 'transfer_case_not_opened', null, {
              toOrgId: transfer.toOrgId,
              error: String(err).slice(0, 500),
            }),
          );
        }
      }
      await run.flush();
      const survivor = tellSurvivor ? run.state.mergedInto : undefined;
      if (survivor) {
        try {
          await getExternalWorkflowHandle(survivor.number).signal(caseMergedSignal, run.mergedSignal(t, actor));
        } catch (err) {
          // The survivor ended meanwhile (the API checked it was open): this case's timeline and the link keep the merge.
          log.warn('the surviving case was not told of the merge', { into: survivor.number, error: String(err) });
        }
      }
      return run.updates.remember(id, run.view());
    },
    {
      validator: run.updates.validator(({ action, actor, body, expectedVersion }: ActionInput) => {
        if (expectedVersion !== undefined && expectedVersion !== run.state.version) {
          throw new DomainError('VERSION_MISMATCH', `the case is at version ${run.state.version}, not ${expectedVersion}`, {
            version: run.state.version,
          });
        }
        checked = null;
        const t = applyAction(run.state, action, actor, body ?? {}, run.ctx());
        const id = currentUpdateInfo()?.id;
        if (id) checked = { id, state: run.state, now: Date.now(), t };
      }),
    },
  );

  setHandler(calendarLoadedSignal, ({ year }) => {
    run.loadCalendar(year);
    const t = recomputeDeadlines(run.state, run.ctx(), year.year);
    run.commit(t);
    notices.announce(t);
  });

  setHandler(sensitiveReadSignal, ({ actor, what }) => {
    run.commit(noteEvent(run.state, run.ctx(), 'sensitive_read', actor, { what }));
  });

  // A generated document (issue 23) is an event of the timeline, projected (with its file row) before the Update
  // answers. A new message type, so no history from before it has one: running cases take it without a patch. Once the
  // case no longer needs its workflow the run is ending and would not project it: refused, and the API records it.
  setHandler(
    recordDocumentUpdate,
    async ({ actor, document }) => {
      const t = noteEvent(run.state, run.ctx(), DOCUMENT_EVENT, actor, { ...document });
      run.commit(t);
      await run.flush();
      return { seq: t.events[0]!.seq };
    },
    {
      validator: ({ document }) => {
        if (!run.isOpen()) {
          throw ApplicationFailure.create({ type: 'CASE_WORKFLOW_ENDED', message: 'the case workflow is ending', nonRetryable: true });
        }
        refusing(() => checkDocumentRecord(document));
      },
    },
  );

  // Another case was merged into this one (issue 23): its timeline records it; phase, version and deadlines stand.
  setHandler(caseMergedSignal, (signal) => {
    const t = noteMergedFrom(run.state, run.ctx(), signal);
    if (t.events.length) run.commit(t);
  });

  // Where the paper's result stands (submitted, returned, approved): what the case allows changes, and an approval at
  // national level lets a closed case end. A case that keeps no paper (all cases from before) ignores it.
  setHandler(paperResultSignal, (signal) => {
    const t = notePaperResult(run.state, run.ctx(), signal);
    if (t.events.length) run.commit(t);
  });

  await run.flush();
  const sentReminders = await keepDeadlines(run, notices, carry?.sentReminders);
  // Also waits for procedural mails still going out (always none in histories from before them).
  await notices.settle();
  // Issue 21: continue as new only once quiet: an Update accepted during the last flush answers in this run (its id is
  // then carried), and what it committed is projected here. Runs from before bounded runs did not wait (no such Update).
  while (run.behaviour.boundedRuns && run.isOpen() && (!allHandlersFinished() || run.unflushed())) await notices.settle();
  if (run.isOpen()) await continueAsNew<typeof caseWorkflow>(input, run.carry(sentReminders));
  return run.view();
}
