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
  allHandlersFinished,
  condition,
  continueAsNew,
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
  type PaperActionInput,
  type PaperActor,
  type PaperEvent,
  type PaperNoticeSpec,
  type PaperOrg,
  type PaperState,
  type PaperTransition,
} from '../libs/domain/src/paper';
import { getPaperQuery, paperActionUpdate, paperResultSignal, type PaperView, type PaperWorkflowInput } from './definitions';
import { CASE_OPENING, LOCAL_PROJECTION, NOTIFICATION } from './support/activity-options';
import { refusing } from './support/failures';
import { ProjectionQueue } from './support/projection';
import { RecentUpdates } from './support/recent-updates';

const { projectPaper } = proxyLocalActivities<PaperActivities>(LOCAL_PROJECTION);
const { openPaperCase, transferPaperCase } = proxyActivities<PaperActivities>(CASE_OPENING);
const { notifyPaper } = proxyActivities<PaperActivities>(NOTIFICATION);

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
  const opened = carry
    ? { state: carry.state, events: carry.pending }
    : openPaper({ paperId: input.paperId, number: input.number, batch: input.batch, holder: input.holder }, now(), input.importedBy);
  let state: PaperState = opened.state;
  const projection = new ProjectionQueue<PaperEvent>(opened.events, (batch) => projectPaper(paperProjectionOf(state, batch)));
  const flush = (): Promise<void> => projection.flush();
  const commit = (t: PaperTransition): void => {
    state = t.state;
    projection.add(t.events);
  };
  const updates = new RecentUpdates<PaperView>(RECENT_UPDATES_KEPT, carry?.recentUpdates);

  // Decided once, in the first activation (issue 18), so histories from before replay as they were recorded:
  // - every change of whom the paper waits for is mailed (returns to the superior, withdrawals), naming who acted and
  //   whose opinion is quoted (libs/domain `paperNotices`);
  // - the case opened for the paper is told where its result stands (`paperResult` signal), so it offers the revision
  //   of its decision while the result is back with the institution and stays open until national approves.
  const everyWaitTold = patched('paper-every-wait-told');
  const caseLink = patched('paper-case-result-link');

  const view = (): PaperView => paperViewOf(state);

  // Mails go out behind the answer, one after another; the run waits for them before it ends or continues as new.
  // Behind `patched` at the event: histories from before paper notices replay unchanged.
  let notices: Promise<void> = Promise.resolve();
  const queueNotice = (n: Parameters<typeof notifyPaper>[0]): void => {
    notices = notices.then(() =>
      notifyPaper(n).then(
        () => undefined,
        (err: unknown) => log.warn('paper notice not sent', { task: n.task, stage: n.stage, error: String(err) }),
      ),
    );
  };
  /** The notice an action's events call for, decided now (`patched` included); `send` queues it. */
  const noticeFor = (events: PaperEvent[]): { send(): void } | null => {
    const n = paperNotice(state);
    if (!n || !patched('paper-notices')) return null;
    const opinion = events.map((e) => e.data.opinion).find((o): o is string => typeof o === 'string');
    const input = { paperId: state.paperId, orgId: n.orgId, task: n.task, stage: n.stage, ...(opinion ? { opinion } : {}) };
    return { send: () => queueNotice(input) };
  };

  /** Queues the mails of `paperNotices` (the current path). */
  const sendNotices = (specs: PaperNoticeSpec[]): void => {
    for (const n of specs) {
      queueNotice({
        paperId: state.paperId,
        orgId: n.orgId,
        task: n.task,
        stage: n.stage,
        actingOrgId: n.actingOrgId,
        ...(n.opinion ? { opinion: n.opinion, ...(n.opinionByOrgId ? { opinionByOrgId: n.opinionByOrgId } : {}) } : {}),
      });
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
      const { id, earlier } = updates.begin();
      if (earlier) return earlier;
      await condition(() => !busy);
      busy = true;
      try {
        const waitedFor: PaperOrg | null = currentOrg(state);
        const reviewBefore = resultReviewOf(state);
        const t = refusing(() => applyPaperAction(state, action, now()));
        commit(t);
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
            commit(linkCase(state, opened, now()));
          } else {
            const r = await transferPaperCase({
              caseNumber: effect.caseNumber,
              toOrgId: effect.toOrgId,
              reason: effect.reason,
              actor: action.actor,
              updateId: `${workflowInfo().workflowId}:return:${effect.returnSeq}`,
            });
            const data = { caseNumber: effect.caseNumber, toOrgId: effect.toOrgId, ...(r.error ? { error: r.error } : {}) };
            commit(noteEvent(state, now(), r.ok ? 'case_transferred' : 'case_transfer_failed', null, data));
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
        return updates.remember(id, view());
      } finally {
        busy = false;
      }
    },
    {
      validator: updates.validator((action: PaperActionInput) => checkPaperAction(state, action)),
    },
  );

  await flush();
  await condition(() => state.status === 'approved' || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await notices;
  await caseSignals;
  await flush();
  if (state.status !== 'approved') {
    await continueAsNew<typeof paperWorkflow>(input, { state, pending: projection.pending, recentUpdates: updates.carry() });
  }
  return view();
}
