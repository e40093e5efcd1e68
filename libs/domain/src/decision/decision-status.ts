/**
 * A handling decision's status over its life (RULES.md §4, §6; issue 17 point 8), pure.
 *
 *   draft → pending           the form is submitted with `decide` (the API, before the workflow Update)
 *   pending → effective       the workflow recorded `decided` / `decided_clarification` (the projection)
 *   effective|changed → superseded, pending → effective
 *                             a corrected version replaced it (`decision_revised`, issue 18: a problem paper's result
 *                             returned in the review chain, 002 退回修改)
 *   effective|changed|revoked → effective|changed|revoked
 *                             a review (复查, `complete_review`) or an appeal to the superior (复核, `complete_appeal`)
 *                             completed with `result: upheld | changed | revoked` (003 art.41–43; 001 art.44–46)
 *
 * [decision] The result names what becomes of the decision as it stands when the review or appeal is completed:
 * `upheld` leaves its status as it is (the result under review stands), `changed` makes it `changed` (the finding
 * stands with other measures or periods; only the issuing organisation's integrity administrators know the new
 * ones and record them on the registry entries, PATCH /registry/entries/:id), `revoked` makes it `revoked`. A later
 * result may change a revoked decision again: the superior's 复核 is final (003 art.42) and may reinstate it as changed.
 *
 * What reads the status: the quarterly ranking counts misconduct decisions that are `effective` or `changed`
 * (000 §4 counts 查实的 conduct: a changed decision still finds misconduct; a revoked one no longer does); the
 * registry's bar check ignores every entry of a `revoked` decision (its entries are revoked with it).
 */

export const DECISION_STATUSES = ['draft', 'pending', 'effective', 'changed', 'revoked', 'superseded'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** What a completed review or appeal says of the decision (the `result` of complete_review / complete_appeal). */
export const REVIEW_RESULTS = ['upheld', 'changed', 'revoked'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];

/** Statuses of a decision in force: it counts as confirmed misconduct (000 §4) and its entries may bar (RULES.md §6). */
export const DECISION_STATUSES_IN_FORCE: readonly DecisionStatus[] = Object.freeze(['effective', 'changed'] as DecisionStatus[]);

export function isDecisionInForce(status: string): boolean {
  return (DECISION_STATUSES_IN_FORCE as readonly string[]).includes(status);
}

/**
 * The status a review or appeal result leaves the decision in; null when the result does not apply (no decision has
 * taken effect: a draft or pending form, which no review can be about).
 */
export function statusAfterReview(current: string, result: string): DecisionStatus | null {
  if (current !== 'effective' && current !== 'changed' && current !== 'revoked') return null;
  switch (result) {
    case 'upheld':
      return current;
    case 'changed':
      return 'changed';
    case 'revoked':
      return 'revoked';
    default:
      return null;
  }
}

/** Case events that move a decision's status, and the stage they are (for the history). */
export const DECISION_EVENT_STAGES: Readonly<Record<string, 'decision' | 'revision' | 'review' | 'appeal'>> = Object.freeze({
  decided: 'decision',
  decided_clarification: 'decision',
  decision_revised: 'revision',
  review_completed: 'review',
  appeal_completed: 'appeal',
});
