import { patched } from '@temporalio/workflow';

/**
 * What a case run does differently from the histories recorded before each change: one flag per behaviour, read once
 * (`patched()`), in the order their markers stand in history. A case that started before a change keeps the behaviour
 * it started with, so every saved history in test/histories replays; a new case records every marker. The story of
 * each, and of the SDK's timing behind `decideFirst`, is in docs/ARCHITECTURE.md ("Case workflow: behaviour flags").
 */
export interface CaseBehaviour {
  /** The procedure at its edges (issue 17, libs/domain `Ctx.edges`), decided before the case opens. */
  edges: boolean;
  /** A change committed while reminders went out is projected right after them, not at the next wake-up. */
  flushAfterReminders: boolean;
  /** A case opened for a problem paper keeps the paper and where its result stands (issue 18). */
  paperLink: boolean;
  /** The projection runs as a local activity (a marker) instead of a remote one. */
  localProjection: boolean;
  /** Actions refused in new cases that older ones took (libs/domain `Ctx.strict`). */
  strict: boolean;
  /** The flags below are read before the first projection, not after its result (see ARCHITECTURE.md). */
  decideFirst: boolean;
  /** Reminders and escalations are timers of this workflow; without them the loop only expires deadlines. */
  reminders: boolean;
  /** One timer per wake-up instant instead of a new timer after every change. */
  steadyTimer: boolean;
  /** The deadline loop sleeps through changes that move no due instant (most actions) instead of waking after each. */
  timerSleepsThroughActions: boolean;
  /**
   * The run continues as new at a quiet point once its history reaches the input's `runMaxEvents` (issue 21: replay
   * cost grows with the run's length). Runs from before it go on until the server suggests continue-as-new.
   */
  boundedRuns: boolean;
}

/** Read in the first activation, before any handler runs and before the first projection. */
export function readCaseBehaviour(opening: { continued: boolean; withPaper: boolean }): CaseBehaviour {
  const edges = patched('procedure-edges');
  const flushAfterReminders = patched('flush-after-reminders');
  // Only cases started with a paper ask (the input never changes, so replay agrees).
  const paperLink = !opening.continued && opening.withPaper && patched('paper-result-review');
  const localProjection = patched('local-projection');
  const strict = patched('strict-action-rules');
  const decideFirst = patched('decide-before-projection');
  const reminders = decideFirst && patched('deadline-reminders');
  const steadyTimer = reminders && patched('steady-deadline-timer');
  // Issue 21 point 5: one call into the workflow sandbox and the loop's reminder computation less per action.
  const timerSleepsThroughActions = steadyTimer && patched('timer-sleeps-through-actions');
  const boundedRuns = timerSleepsThroughActions && patched('bounded-case-runs');
  return {
    edges,
    flushAfterReminders,
    paperLink,
    localProjection,
    strict,
    decideFirst,
    reminders,
    steadyTimer,
    timerSleepsThroughActions,
    boundedRuns,
  };
}

/** Histories from before `decideFirst` asked for the timer flags after the first projection's result. */
export function readTimerBehaviourLate(b: CaseBehaviour): void {
  if (b.decideFirst) return;
  b.reminders = patched('deadline-reminders');
  b.steadyTimer = b.reminders && patched('steady-deadline-timer');
}

/** Asked at the event, never before: histories from before these changes did not record the marker then. */
export const recordsUndeliveredNotices = (): boolean => patched('undelivered-notice-event');
export const sendsProceduralNotices = (): boolean => patched('procedural-notifications');
/** No history from before has a merge (issue 23), so the marker only names the behaviour. */
export const tellsSurvivorOfMerge = (): boolean => patched('case-merge');
