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
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PaperActivities } from '@activities/paper-activities.interface';
import { isoDateOf } from '@libs/domain/src/calendar';
import {
  applyPaperAction,
  checkPaperAction,
  currentOrg,
  linkCase,
  noteEvent,
  openPaper,
  paperNotices,
  paperProjectionOf,
  paperViewOf,
  resultReviewOf,
  type PaperActionInput,
  type PaperEvent,
  type PaperOrg,
  type PaperState,
  type PaperTransition,
} from '@libs/domain/src/paper';
import { getPaperQuery, paperActionUpdate, type PaperView, type PaperWorkflowInput } from './definitions';
import { PaperNotices } from './paper/notices';
import { CASE_OPENING, LOCAL_PROJECTION } from './support/activity-options';
import { refusing } from './support/failures';
import { ProjectionQueue } from './support/projection';
import { SerialUpdates } from './support/serial-updates';

const { projectPaper } = proxyLocalActivities<PaperActivities>(LOCAL_PROJECTION);
const { openPaperCase, transferPaperCase } = proxyActivities<PaperActivities>(CASE_OPENING);

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
  // Actions queued in the order they came (decided in the first activation: histories from before keep the busy flag).
  const updates = new SerialUpdates<PaperView>(RECENT_UPDATES_KEPT, carry?.recentUpdates, patched('serial-updates-queue'));

  // Decided once, in the first activation (issue 18), so histories from before replay as they were recorded:
  // - every change of whom the paper waits for is mailed (returns to the superior, withdrawals), naming who acted and
  //   whose opinion is quoted (libs/domain `paperNotices`);
  // - the case opened for the paper is told where its result stands (`paperResult` signal), so it offers the revision
  //   of its decision while the result is back with the institution and stays open until national approves.
  const everyWaitTold = patched('paper-every-wait-told');
  const caseLink = patched('paper-case-result-link');

  const view = (): PaperView => paperViewOf(state);

  // Mails and the case's signals go out behind the answer; the run waits for them before it ends or continues as new.
  const notices = new PaperNotices(() => state, caseLink);

  setHandler(getPaperQuery, view);

  // One action at a time (SerialUpdates): an action that opens or transfers a case awaits an activity, and the next one
  // must see its result (e.g. a return to the superior needs the case just opened).
  setHandler(
    paperActionUpdate,
    (action) =>
      updates.handle(async () => {
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
          notices.send(specs);
          notices.tellCase(reviewBefore, action.actor);
        } else {
          const announced = ANNOUNCED.includes(action.action);
          const decideFirst = patched('decide-before-projection');
          const notice = decideFirst && announced ? notices.noticeFor(t.events) : null;
          await flush();
          if (decideFirst) notice?.send();
          else if (announced) notices.noticeFor(t.events)?.send();
          notices.tellCase(reviewBefore, action.actor);
        }
        return view();
      }),
    {
      validator: updates.validator((action: PaperActionInput) => checkPaperAction(state, action)),
    },
  );

  await flush();
  await condition(() => state.status === 'approved' || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await notices.mailed;
  await notices.signalled;
  await flush();
  if (state.status !== 'approved') {
    await continueAsNew<typeof paperWorkflow>(input, { state, pending: projection.pending, recentUpdates: updates.carry() });
  }
  return view();
}
