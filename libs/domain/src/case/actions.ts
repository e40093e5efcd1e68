/**
 * The officer actions of the case procedure (RULES.md §3) as data: in which phases each is allowed, which roles may
 * take it, and which policy-profile capability it needs. The workflow validator and the API's 409 answer both read this.
 */
import type { PolicyProfile } from '../policy';

export type Phase =
  | 'intake'
  | 'rejected'
  | 'transferred'
  | 'investigation'
  | 'suspended'
  | 'terminated'
  | 'handling'
  | 'appeal_window'
  | 'review'
  | 're_review'
  | 'closed'
  /** Merged into another case (issue 23): its report, reporter and evidence moved to the surviving case. */
  | 'merged';

/** Every phase, in procedure order (list filters name one of these). */
export const PHASES: readonly Phase[] = ['intake', 'rejected', 'transferred', 'investigation', 'suspended', 'terminated', 'handling', 'appeal_window', 'review', 're_review', 'closed', 'merged'];

export const TERMINAL_PHASES: readonly Phase[] = ['transferred', 'terminated', 'closed', 'merged'];

export type Role = 'integrity_admin' | 'case_officer' | 'investigator' | 'unit_head' | 'supervisor' | 'system_admin';

const OFFICERS: Role[] = ['integrity_admin', 'case_officer'];
const INVESTIGATORS: Role[] = ['integrity_admin', 'case_officer', 'investigator'];
const HEADS: Role[] = ['unit_head'];

export interface ActionSpec {
  phases: Phase[];
  roles: Role[];
  /** A capability the policy profile must grant (data, never a province name). */
  requires?: (p: PolicyProfile) => boolean;
}

export const ACTIONS = {
  // intake (003 art.13–14; 001 art.13–14)
  accept: { phases: ['intake'], roles: OFFICERS },
  reject: { phases: ['intake'], roles: OFFICERS },
  transfer: { phases: ['intake'], roles: OFFICERS },
  // The reporter notice (001 art.14) keeps running until given, so it can be recorded in any later non-terminal phase.
  notify_reporter: { phases: ['intake', 'rejected', 'investigation', 'suspended', 'handling', 'appeal_window', 'review', 're_review'], roles: OFFICERS, requires: (p) => p.deadlines.reporter_notice !== undefined },
  uphold_objection: { phases: ['rejected'], roles: OFFICERS, requires: (p) => p.allowsReporterObjection },
  /** [decision] 001 art.14 sets no period for the reporter's objection: an officer ends it explicitly. */
  close_objection_period: { phases: ['rejected'], roles: OFFICERS, requires: (p) => p.allowsReporterObjection },
  // investigation (003 art.16–25; 001 art.16–25)
  approve_plan: { phases: ['investigation'], roles: HEADS },
  add_member: { phases: ['investigation'], roles: OFFICERS },
  record_interview: { phases: ['investigation'], roles: INVESTIGATORS },
  request_extension: { phases: ['investigation'], roles: OFFICERS },
  decide_extension: { phases: ['investigation'], roles: HEADS },
  suspend: { phases: ['investigation'], roles: OFFICERS },
  resume: { phases: ['suspended'], roles: OFFICERS },
  terminate: { phases: ['investigation', 'suspended'], roles: OFFICERS, requires: (p) => p.allowsTermination },
  submit_report: { phases: ['investigation'], roles: INVESTIGATORS },
  // handling (003 art.24, 27–30, 36, 39; 001 art.31, 40)
  // The 15-working-day notice (003 art.24) keeps running after the decision is delivered, so it can be recorded then too.
  notify_participating_units: { phases: ['handling', 'appeal_window', 'review', 're_review'], roles: OFFICERS, requires: (p) => p.deadlines.participating_units_notice !== undefined },
  send_proposed_decision: { phases: ['handling'], roles: OFFICERS },
  record_defence: { phases: ['handling'], roles: OFFICERS },
  waive_defence: { phases: ['handling'], roles: OFFICERS },
  decide: { phases: ['handling'], roles: ['unit_head', 'integrity_admin'] },
  deliver_decision: { phases: ['handling'], roles: OFFICERS },
  report_registry: { phases: ['handling', 'appeal_window', 'review', 're_review', 'closed'], roles: OFFICERS },
  // A result returned in the review chain of a problem paper is revised here (002: 退回修改 → 修改后重新提交): a corrected
  // decision in force replaces the previous version, which is kept. Only while the result is with the institution.
  revise_decision: { phases: ['handling', 'appeal_window', 'review', 're_review', 'closed'], roles: ['unit_head', 'integrity_admin'] },
  // review and appeal (003 art.41–43; 001 art.44–46)
  apply_review: { phases: ['appeal_window'], roles: OFFICERS },
  accept_review: { phases: ['review'], roles: OFFICERS },
  refuse_review: { phases: ['review'], roles: OFFICERS },
  complete_review: { phases: ['review'], roles: ['unit_head', 'integrity_admin'] },
  apply_appeal: { phases: ['appeal_window'], roles: OFFICERS },
  accept_appeal: { phases: ['re_review'], roles: OFFICERS },
  refuse_appeal: { phases: ['re_review'], roles: OFFICERS },
  complete_appeal: { phases: ['re_review'], roles: ['unit_head', 'integrity_admin'] },
  // linked and merged reports (issue 23): a duplicate closes as `merged` into the case that goes on; [decision] only
  // before the handling decision (a decided case has its own decision and review route).
  merge_into: { phases: ['intake', 'investigation', 'suspended'], roles: OFFICERS },
} satisfies Record<string, ActionSpec>;

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

export function isActionName(name: string): name is ActionName {
  return Object.prototype.hasOwnProperty.call(ACTIONS, name);
}

/** Rejection reasons of 001 art.13 (003 art.13 is elided in the seed and takes the same list). */
export const REJECTION_REASONS = [
  'not_misconduct', // (一) 举报内容不属于科研失信行为的
  'no_evidence', // (二) 没有明确的证据和可查线索的
  'repeat_without_new_evidence', // (三) 对同一对象重复举报且无新的证据、线索的
  'decided_without_new_evidence', // (四) 已经做出生效处理决定且无新的证据、线索的
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const CASE_SOURCES = ['report', 'transfer', 'retraction', 'media', 'routine'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

export const DECISION_OUTCOMES = ['misconduct', 'no_misconduct', 'other'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
