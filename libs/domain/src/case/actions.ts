/**
 * The officer actions of the case procedure (RULES.md §3) as data: in which phases each is allowed, which roles may
 * take it, and which policy-profile capability it needs. The workflow validator and the API's 409 answer both read this.
 */
import type { PolicyProfile, ProcedureArticles } from '../policy';
import { DomainError } from '../shared';

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
export const PHASES: readonly Phase[] = [
  'intake',
  'rejected',
  'transferred',
  'investigation',
  'suspended',
  'terminated',
  'handling',
  'appeal_window',
  'review',
  're_review',
  'closed',
  'merged',
];

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
  /** The step of the profile's regulation the action carries out: its events cite that article (issue 17 point 11). */
  article?: keyof ProcedureArticles;
  /**
   * Roles that also took the action in cases started before the procedure-edge rules (`Ctx.edges` false), so their
   * histories replay; the API offers `roles` only (e.g. officers suspended alone before 003 art.23's approval was kept).
   */
  formerRoles?: Role[];
  /** Part of the procedure-edge rules only: not offered to cases started before them. */
  edgesOnly?: true;
  /** Taken by the organisation hearing the appeal (上级主管部门, 003 art.42; 001 art.45), not the handling organisation. */
  appealAuthority?: true;
}

/** [decision] Phases in which the subject or the reporter may ask for a member's recusal (003 art.45; 001 art.49):
 *  while the case is investigated, handled, reviewed or appealed. */
const RECUSAL_PHASES: Phase[] = ['investigation', 'suspended', 'handling', 'review', 're_review'];

export const ACTIONS = {
  // intake (003 art.13–14; 001 art.13–14)
  accept: { phases: ['intake'], roles: OFFICERS, article: 'acceptance' },
  reject: { phases: ['intake'], roles: OFFICERS, article: 'rejection' },
  transfer: { phases: ['intake'], roles: OFFICERS, article: 'transfer' },
  // The reporter notice (001 art.14) keeps running until given, so it can be recorded in any later non-terminal phase.
  notify_reporter: {
    phases: ['intake', 'rejected', 'investigation', 'suspended', 'handling', 'appeal_window', 'review', 're_review'],
    roles: OFFICERS,
    requires: (p) => p.deadlines.reporter_notice !== undefined,
    article: 'reporterNotice',
  },
  uphold_objection: { phases: ['rejected'], roles: OFFICERS, requires: (p) => p.allowsReporterObjection, article: 'reporterObjection' },
  /** [decision] 001 art.14 sets no period for the reporter's objection: an officer ends it explicitly. */
  close_objection_period: {
    phases: ['rejected'],
    roles: OFFICERS,
    requires: (p) => p.allowsReporterObjection,
    article: 'reporterObjection',
  },
  // investigation (003 art.16–25; 001 art.16–25)
  approve_plan: { phases: ['investigation'], roles: HEADS, article: 'plan' },
  add_member: { phases: ['investigation'], roles: OFFICERS, article: 'team' },
  record_interview: { phases: ['investigation'], roles: INVESTIGATORS, article: 'interviews' },
  request_extension: { phases: ['investigation'], roles: OFFICERS, article: 'extension' },
  decide_extension: { phases: ['investigation'], roles: HEADS, article: 'extension' },
  // 003 art.23 "可经单位相关负责人批准中止调查"; 001 art.23 "可经单位负责人批准中止或终止调查": an officer asks, the unit
  // head decides, or the head suspends or terminates directly.
  request_suspension: { phases: ['investigation'], roles: OFFICERS, article: 'suspension', edgesOnly: true },
  decide_suspension: { phases: ['investigation'], roles: HEADS, article: 'suspension', edgesOnly: true },
  suspend: { phases: ['investigation'], roles: HEADS, formerRoles: OFFICERS, article: 'suspension' },
  resume: { phases: ['suspended'], roles: OFFICERS, article: 'suspension' },
  request_termination: {
    phases: ['investigation', 'suspended'],
    roles: OFFICERS,
    requires: (p) => p.allowsTermination,
    article: 'termination',
    edgesOnly: true,
  },
  decide_termination: {
    phases: ['investigation', 'suspended'],
    roles: HEADS,
    requires: (p) => p.allowsTermination,
    article: 'termination',
    edgesOnly: true,
  },
  terminate: {
    phases: ['investigation', 'suspended'],
    roles: HEADS,
    formerRoles: OFFICERS,
    requires: (p) => p.allowsTermination,
    article: 'termination',
  },
  submit_report: { phases: ['investigation'], roles: INVESTIGATORS, article: 'report' },
  // recusal (003 art.45 "被调查人、举报人有权要求其回避"; 001 art.49): recorded by an officer, decided by the unit head.
  request_recusal: { phases: RECUSAL_PHASES, roles: OFFICERS, article: 'recusal', edgesOnly: true },
  decide_recusal: { phases: RECUSAL_PHASES, roles: HEADS, article: 'recusal', edgesOnly: true },
  // handling (003 art.24, 27–30, 36, 39; 001 art.31, 40)
  // The 15-working-day notice (003 art.24) keeps running after the decision is delivered, so it can be recorded then too.
  notify_participating_units: {
    phases: ['handling', 'appeal_window', 'review', 're_review'],
    roles: OFFICERS,
    requires: (p) => p.deadlines.participating_units_notice !== undefined,
    article: 'participatingUnits',
  },
  send_proposed_decision: { phases: ['handling'], roles: OFFICERS, article: 'defence' },
  record_defence: { phases: ['handling'], roles: OFFICERS, article: 'defence' },
  waive_defence: { phases: ['handling'], roles: OFFICERS, article: 'defence' },
  decide: { phases: ['handling'], roles: ['unit_head', 'integrity_admin'], article: 'decision' },
  deliver_decision: { phases: ['handling'], roles: OFFICERS, article: 'delivery' },
  report_registry: { phases: ['handling', 'appeal_window', 'review', 're_review', 'closed'], roles: OFFICERS, article: 'registry' },
  // A result returned in the review chain of a problem paper is revised here (002: 退回修改 → 修改后重新提交): a corrected
  // decision in force replaces the previous version, which is kept. Only while the result is with the institution.
  revise_decision: {
    phases: ['handling', 'appeal_window', 'review', 're_review', 'closed'],
    roles: ['unit_head', 'integrity_admin'],
    article: 'decision',
  },
  // review and appeal (003 art.41–43; 001 art.44–46). The appeal is heard by the superior authority (003 art.42
  // "可向调查处理单位的上级主管部门书面提出申诉"; 001 art.45): its officers accept or refuse it and complete it.
  apply_review: { phases: ['appeal_window'], roles: OFFICERS, article: 'review' },
  accept_review: { phases: ['review'], roles: OFFICERS, article: 'review' },
  refuse_review: { phases: ['review'], roles: OFFICERS, article: 'review' },
  complete_review: { phases: ['review'], roles: ['unit_head', 'integrity_admin'], article: 'review' },
  apply_appeal: { phases: ['appeal_window'], roles: OFFICERS, article: 'appeal' },
  accept_appeal: { phases: ['re_review'], roles: OFFICERS, article: 'appeal', appealAuthority: true },
  refuse_appeal: { phases: ['re_review'], roles: OFFICERS, article: 'appeal', appealAuthority: true },
  complete_appeal: { phases: ['re_review'], roles: ['unit_head', 'integrity_admin'], article: 'appeal', appealAuthority: true },
  // linked and merged reports (issue 23): a duplicate closes as `merged` into the case that goes on; [decision] only
  // before the handling decision (a decided case has its own decision and review route).
  // [decision] No article speaks of merging: a merge decides which registered case takes the matter on, so it cites
  // the profile's acceptance article (受理, 003 art.13; 001 art.13).
  merge_into: { phases: ['intake', 'investigation', 'suspended'], roles: OFFICERS, article: 'acceptance' },
} satisfies Record<string, ActionSpec>;

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

export function isActionName(name: string): name is ActionName {
  return Object.prototype.hasOwnProperty.call(ACTIONS, name);
}

/** The spec of an action, typed as the interface (the table's literal types are narrower). */
export function actionSpec(name: ActionName): ActionSpec {
  return ACTIONS[name] as ActionSpec;
}

/**
 * The roles that may take `action` (RULES.md §1, §3): the one statement of the role rule, read by the API's 403, the
 * caller's allowedActions and the reducer (issue 19 point 4). `edges` false: a case started before the procedure-edge
 * rules, which also accepts the action's former roles so its history replays; the API always asks for the current rules.
 */
export function rolesTaking(action: ActionName, edges: boolean): Role[] {
  const spec = actionSpec(action);
  return edges ? spec.roles : [...spec.roles, ...(spec.formerRoles ?? [])];
}

/** The first of the caller's roles that may take `action`, or null when none may. */
export function actingRole(action: ActionName, callerRoles: readonly string[], edges: boolean): Role | null {
  const roles = rolesTaking(action, edges);
  return (callerRoles.find((r) => (roles as string[]).includes(r)) as Role | undefined) ?? null;
}

/**
 * The 403 for a caller none of whose roles may take `action` (null when one may). `article`: the step's article,
 * cited in the message (the reducer cites the case's own profile; the API's answer names the roles only).
 */
export function roleRefusal(action: ActionName, callerRoles: readonly string[], edges: boolean, article?: string): DomainError | null {
  if (actingRole(action, callerRoles, edges) !== null) return null;
  const roles = rolesTaking(action, edges);
  return new DomainError('FORBIDDEN', `action "${action}" needs one of the roles ${roles.join(', ')}${article ? ` (${article})` : ''}`, {
    action,
    roles,
  });
}

/** Who may ask for a recusal (003 art.45 "被调查人、举报人有权要求其回避"). */
export const RECUSAL_REQUESTERS = ['subject', 'reporter'] as const;
export type RecusalRequester = (typeof RECUSAL_REQUESTERS)[number];

/** How a reporter notice was given other than by the system's e-mail (issue 17 point 7). */
export const NOTICE_CHANNELS = ['phone', 'post', 'in_person', 'email', 'other'] as const;

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
