/**
 * One workflow per problem paper (RULES.md §2, §5; 002, 004), id = `RP-<batch>-<number>`. It owns the paper's position
 * in the organisation tree (dispatch down, return to the superior) and its result's position in the review chain (up to
 * national). The rules live in the pure reducer `libs/domain/src/paper`; integrity administrators' actions arrive as
 * the `paperAction` Update, whose validator dry-runs the reducer so a refused action never enters history.
 *
 * When the paper reaches an institution, an activity registers the case it becomes there and starts that case's own
 * workflow (the case lifecycle); when a misrouted paper is returned, the case ends as transferred through its own
 * `transfer` action. Every change is projected to PostgreSQL by an idempotent local activity.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PaperActivities } from '../activities/paper-activities.interface';
import { isoDateOf } from '../libs/domain/src/calendar';
import {
  applyPaperAction,
  checkPaperAction,
  currentOrg,
  linkCase,
  noteEvent,
  openPaper,
  paperNotice,
  paperNotices,
  paperProjectionOf,
  paperViewOf,
  resultReviewOf,
  type PaperActor,
  type PaperEvent,
  type PaperNoticeSpec,
  type PaperOrg,
  type PaperState,
} from '../libs/domain/src/paper';
import { DomainError } from '../libs/domain/src/shared';
import { getPaperQuery, paperActionUpdate, paperResultSignal, type PaperView, type PaperWorkflowInput } from './definitions';

const { projectPaper } = proxyLocalActivities<PaperActivities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { openPaperCase, transferPaperCase } = proxyActivities<PaperActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { notifyPaper } = proxyActivities<PaperActivities>({
  startToCloseTimeout: '1 minute',
  // As for case notices: the activity records failures in the outbox and gives up on its last attempt.
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 4 },
});

/** Paper workflows from before `paper-every-wait-told`: the actions after which the organisation that must act next was
 *  told by e-mail (not returns to the superior, withdrawals or review starts). */
const ANNOUNCED = ['dispatch', 'submit_result', 'approve', 'return_result', 'consent'];

export interface PaperWorkflowCarry {
  state: PaperState;
  pending: PaperEvent[];
  recentUpdates: Array<[string, PaperView]>;
}

const RECENT_UPDATES_KEPT = 200;

export async function paperWorkflow(input: PaperWorkflowInput, carry?: PaperWorkflowCarry): Promise<PaperView> {
  const now = () => new Date(Date.now()).toISOString();
  let state: PaperState;
  let pending: PaperEvent[];
  if (carry) {
    state = carry.state;
    pending = carry.pending;
  } else {
    const opened = openPaper({ paperId: input.paperId, number: input.number, batch: input.batch, holder: input.holder }, now(), input.importedBy);
    state = opened.state;
    pending = opened.events;
  }
  const recentUpdates = new Map<string, PaperView>(carry?.recentUpdates ?? []);

  // Decided once, in the first activation (issue 18), so histories from before replay as they were recorded:
  // - every change of whom the paper waits for is mailed (returns to the superior, withdrawals), naming who acted and
  //   whose opinion is quoted (libs/domain `paperNotices`);
  // - the case opened for the paper is told where its result stands (`paperResult` signal), so it offers the revision
  //   of its decision while the result is back with the institution and stays open until national approves.
  const everyWaitTold = patched('paper-every-wait-told');
  const caseLink = patched('paper-case-result-link');

  const view = (): PaperView => paperViewOf(state);

  let flushing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    flushing = flushing.then(async () => {
      if (pending.length === 0) return;
      const batch = pending.slice();
      await projectPaper(paperProjectionOf(state, batch));
      pending = pending.filter((e) => !batch.includes(e));
    });
    return flushing;
  };

  // Mails go out behind the answer, one after another; the run waits for them before it ends or continues as new.
  // Behind `patched` at the event: histories from before paper notices replay unchanged.
  let notices: Promise<void> = Promise.resolve();
  /** The notice an action's events call for, decided now (`patched` included); `send` queues it. */
  const noticeFor = (events: PaperEvent[]): { send(): void } | null => {
    const n = paperNotice(state);
    if (!n || !patched('paper-notices')) return null;
    const opinion = events.map((e) => e.data.opinion).find((o): o is string => typeof o === 'string');
    const input = { paperId: state.paperId, orgId: n.orgId, task: n.task, stage: n.stage, ...(opinion ? { opinion } : {}) };
    return {
      send: () => {
        notices = notices.then(() =>
          notifyPaper(input).then(
            () => undefined,
            (err: unknown) => log.warn('paper notice not sent', { task: n.task, stage: n.stage, error: String(err) }),
          ),
        );
      },
    };
  };

  /** Queues the mails of `paperNotices` (the current path). */
  const sendNotices = (specs: PaperNoticeSpec[]): void => {
    for (const n of specs) {
      const input = {
        paperId: state.paperId,
        orgId: n.orgId,
        task: n.task,
        stage: n.stage,
        actingOrgId: n.actingOrgId,
        ...(n.opinion ? { opinion: n.opinion, ...(n.opinionByOrgId ? { opinionByOrgId: n.opinionByOrgId } : {}) } : {}),
      };
      notices = notices.then(() =>
        notifyPaper(input).then(
          () => undefined,
          (err: unknown) => log.warn('paper notice not sent', { task: n.task, stage: n.stage, error: String(err) }),
        ),
      );
    }
  };

  // Signals to the case go out behind the answer, in order; the run waits for them before it ends or continues as new.
  let caseSignals: Promise<void> = Promise.resolve();
  const tellCase = (before: ReturnType<typeof resultReviewOf>, actor: PaperActor): void => {
    const review = resultReviewOf(state);
    if (!caseLink || before === null || review === null || review === before || state.caseNumber === null) return;
    const signal = {
      paperId: state.paperId,
      review,
      eventSeq: state.seq,
      byOrgId: actor.onBehalfOf ?? actor.orgId,
      ...(state.status === 'returned' ? { returnSeq: state.lastReturnSeq ?? null } : {}),
    };
    const caseNumber = state.caseNumber;
    caseSignals = caseSignals.then(() =>
      getExternalWorkflowHandle(caseNumber)
        .signal(paperResultSignal, signal)
        .catch((err: unknown) => log.warn('case not told where its paper result stands', { caseNumber, review, error: String(err) })),
    );
  };

  // One action at a time: an action that opens or transfers a case awaits an activity, and the next one must see
  // its result (e.g. a return to the superior needs the case just opened).
  let busy = false;

  setHandler(getPaperQuery, view);

  setHandler(
    paperActionUpdate,
    async (action) => {
      const updateId = currentUpdateInfo()?.id;
      const earlier = updateId ? recentUpdates.get(updateId) : undefined;
      if (earlier) return earlier;
      await condition(() => !busy);
      busy = true;
      try {
        let t;
        const waitedFor: PaperOrg | null = currentOrg(state);
        const reviewBefore = resultReviewOf(state);
        try {
          t = applyPaperAction(state, action, now());
        } catch (err) {
          throw toFailure(err);
        }
        pending.push(...t.events);
        for (const effect of t.effects) {
          if (effect.kind === 'open_case') {
            const opened = await openPaperCase({
              paperId: state.paperId,
              dispatchSeq: effect.dispatchSeq,
              institutionOrgId: effect.institution.orgId,
              receivedAt: isoDateOf(Date.now()),
              actor: action.actor,
              ...(caseLink ? { linkResult: true } : {}),
            });
            pending.push(...linkCase(state, opened, now()));
          } else {
            const r = await transferPaperCase({
              caseNumber: effect.caseNumber,
              toOrgId: effect.toOrgId,
              reason: effect.reason,
              actor: action.actor,
              updateId: `${workflowInfo().workflowId}:return:${effect.returnSeq}`,
            });
            pending.push(...noteEvent(state, now(), r.ok ? 'case_transferred' : 'case_transfer_failed', { caseNumber: effect.caseNumber, toOrgId: effect.toOrgId, ...(r.error ? { error: r.error } : {}) }));
          }
        }
        // `patched` is asked before the projection's local activity, not after its result: replaying, a result handed
        // over in the next workflow task comes in this one, where a patch recorded in the next is not known yet (see
        // the case workflow). Histories from before decide after it, as they were recorded.
        if (everyWaitTold) {
          const specs = paperNotices(waitedFor, state, t.events, action.actor);
          await flush();
          sendNotices(specs);
          tellCase(reviewBefore, action.actor);
        } else {
          const announced = ANNOUNCED.includes(action.action);
          const decideFirst = patched('decide-before-projection');
          const notice = decideFirst && announced ? noticeFor(t.events) : null;
          await flush();
          if (decideFirst) notice?.send();
          else if (announced) noticeFor(t.events)?.send();
          tellCase(reviewBefore, action.actor);
        }
        const result = view();
        if (updateId) {
          recentUpdates.set(updateId, result);
          if (recentUpdates.size > RECENT_UPDATES_KEPT) recentUpdates.delete(recentUpdates.keys().next().value!);
        }
        return result;
      } finally {
        busy = false;
      }
    },
    {
      validator: (action) => {
        const updateId = currentUpdateInfo()?.id;
        if (updateId && recentUpdates.has(updateId)) return;
        try {
          checkPaperAction(state, action);
        } catch (err) {
          throw toFailure(err);
        }
      },
    },
  );

  await flush();
  await condition(() => state.status === 'approved' || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await notices;
  await caseSignals;
  await flush();
  if (state.status !== 'approved') {
    await continueAsNew<typeof paperWorkflow>(input, { state, pending, recentUpdates: [...recentUpdates.entries()] });
  }
  return view();
}

function toFailure(err: unknown): unknown {
  if (err instanceof DomainError) {
    return ApplicationFailure.create({ type: err.code, message: err.message, details: [err.details], nonRetryable: true });
  }
  return err;
}
