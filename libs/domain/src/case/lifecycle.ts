/**
 * The case procedure as a pure reducer: (state, action) -> (state, events). The Temporal workflow holds the state,
 * runs the timers and calls these functions; validators call `checkAction` (a dry run), so a refused action never
 * enters history. Everything here is deterministic: time comes in as `ctx.now`, the calendar as a snapshot.
 *
 * Rules cite the seeds: 003 = 003_4e9e56e49ac7f018.txt (national-2022), 001 = 001_bc0ff0bc5a500df1.txt (henan-2021).
 */
import {
  computeDeadline,
  extendDeadline,
  isoDateOf,
  isValidIsoDate,
  overdueWorkingDays,
  remainingWorkingDays,
  shiftForSuspension,
  type Deadline,
  type IsoDate,
  type Period,
  type WorkingCalendar,
} from '../calendar';
import { cite, citeDeadline, type DeadlineKind, type PolicyProfile, type ProcedureArticles } from '../policy';
import { DomainError } from '../shared';
import {
  ACTION_NAMES,
  DECISION_OUTCOMES,
  NOTICE_CHANNELS,
  RECUSAL_REQUESTERS,
  REJECTION_REASONS,
  TERMINAL_PHASES,
  actingRole,
  actionSpec,
  isActionName,
  roleRefusal,
  type ActionName,
  type Phase,
  type RecusalRequester,
} from './actions';

export type DeadlineStatus = 'open' | 'met' | 'overdue' | 'closed';
/** What a deadline shows: while the case is suspended its running deadlines show `suspended` (issue 17 point 14). */
export type DeadlineViewStatus = DeadlineStatus | 'suspended';

/** How a deadline was counted, so a calendar reload can count it again. */
export type Adjustment = { type: 'extend'; period: Period } | { type: 'shift'; days: number };

export interface DeadlineState {
  kind: DeadlineKind;
  dueDate: IsoDate;
  dueAt: string;
  dueAtMs: number;
  provisional: boolean;
  provisionalYears: number[];
  status: DeadlineStatus;
  /** A party's window (defence, review or appeal application): it closes on expiry instead of going overdue. */
  window: boolean;
  from: IsoDate;
  period: Period;
  adjustments: Adjustment[];
}

export interface Member {
  name: string;
  kind: 'team' | 'expert';
  declarationSigned: true;
  /** The member's account, where they have one (a denied-access entry follows an upheld recusal). */
  userId?: string;
}

/** A suspension or termination an officer asked the unit head for (003 art.23; 001 art.23). */
export interface StopRequest {
  kind: 'suspend' | 'terminate';
  reason: string;
  on: IsoDate;
  requestedBy: ActorRef;
}

/** A recusal the subject or the reporter asked for (003 art.45; 001 art.49), recorded by an officer. */
export interface RecusalRequest {
  requestedBy: RecusalRequester;
  /** The member asked to step aside (by name), and/or the account asked to be kept out of the case. */
  member: string | null;
  userId: string | null;
  reason: string;
  on: IsoDate;
  recordedBy: ActorRef;
}

/** Whom a case reports to besides its parties (003 art.25, 28): the authority that transferred it, a lead unit. */
export interface ReportTo {
  transferringAuthority: boolean;
  leadUnit: boolean;
}

/** The other end of a transfer (issue 17 point 4). */
export interface CaseLink {
  caseId: string;
  number: string;
  orgId: string;
}

export interface CaseState {
  caseId: string;
  number: string;
  profile: string;
  source: string;
  phase: Phase;
  version: number;
  seq: number;
  receivedAt: IsoDate;
  deadlines: Partial<Record<DeadlineKind, DeadlineState>>;
  investigation: {
    planApproved: boolean;
    members: Member[];
    interviews: number;
    extendedMonths: number;
    pendingExtensionMonths: number | null;
    suspendedOn: IsoDate | null;
  };
  handling: {
    reportSubmitted: boolean;
    proposedDecisionSent: boolean;
    defence: 'pending' | 'recorded' | 'waived' | 'expired' | null;
    /** The decision in force: its form's id and version (1, then one more per revision) where the API recorded them. */
    decision: { outcome: string; effectiveDate: IsoDate; summary?: string; decisionId?: string; revision?: number } | null;
    delivered: boolean;
  };
  reviewDone: boolean;
  closedReason: string | null;
  /** The latest business date of an action taken (its `on`); absent in states from before it was kept. */
  lastActionOn?: IsoDate;
  /**
   * The problem paper this case was opened for (RULES.md §2, §5; 002) and where its result stands in the review chain, as
   * the paper's workflow tells it (`paperResultSignal`). Absent for other cases and for paper cases opened before it was
   * kept. While the result is not approved at national level the case stays open (its decision may still have to be
   * revised after a return), and `revise_decision` is possible only while the result is with the institution.
   */
  paper?: { paperId: string; review: PaperResultReview; returnSeq: number | null };
  // Issue 17 (procedure-edge rules). Absent in states from before them.
  /** Whether a reporter notice is owed: a real-name reporter with a way to reach them (absent: as before, always). */
  reporterNotice?: boolean;
  reportTo?: ReportTo;
  /** The case this one was transferred from, and the one it was transferred to. */
  transferredFrom?: CaseLink;
  transferredTo?: CaseLink;
  /** A suspension or termination waiting for the unit head. */
  stopRequest?: StopRequest | null;
  recusal?: { pending: RecusalRequest | null; recused: Array<{ member: string | null; userId: string | null }> };
  /** The organisation hearing the appeal (复核), fixed when the appeal was applied for. */
  appeal?: { orgId: string };
  // Issue 23 (linked and merged reports).
  /** The case this one was merged into (issue 23): it closed as `merged`. */
  mergedInto?: { caseId: string; number: string };
  /** Cases merged into this one, as their workflows told it (`caseMerged` signal), so a repeated signal records nothing. */
  mergedFrom?: string[];
}

/** Where a paper case's result stands in the review chain (the paper workflow's `resultReviewOf`). */
export type PaperResultReview = 'with_institution' | 'under_review' | 'approved';

export interface ActorRef {
  userId: string;
  role: string;
  orgId: string;
  name?: string;
}

export interface CaseEvent {
  seq: number;
  type: string;
  at: string;
  actor: ActorRef | null;
  data: Record<string, unknown>;
}

export interface Ctx {
  profile: PolicyProfile;
  calendar: WorkingCalendar;
  /** Current time, epoch ms (workflow time inside the workflow). */
  now: number;
  /**
   * The rules that refuse what older cases took (the workflow turns them on with `patched('strict-action-rules')`, so
   * histories from before replay unchanged): a second plan approval, a participating-units notice naming nobody, an
   * action dated before the latest action already taken, an effective date before it.
   */
  strict?: boolean;
  /**
   * The procedure-edge rules of issue 17 (the workflow turns them on with `patched('procedure-edges')`; cases that
   * started before keep the rules they started with): the appeal heard by the superior, suspension and termination by
   * the unit head, reports to a transferring authority, a linked case at the transfer's target, recusal requests, the
   * reporter notice only where a real-name reporter can be reached, interviewers from the team, preliminary-check staff
   * as accounts, articles on every event, the defence period fixed at opening, suspended deadlines shown as such.
   */
  edges?: boolean;
  /** Periods fixed when the case opened, overriding the profile's (edges only): the defence period (issue 17 point 12). */
  periods?: Partial<Record<DeadlineKind, Period>>;
}

/** Which rule sets apply, as the workflow decided them (see Ctx). */
export interface RuleSet {
  strict?: boolean;
  edges?: boolean;
}

export interface Transition {
  state: CaseState;
  events: CaseEvent[];
}

type Body = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------------
// opening, queries

export interface OpenCaseInput {
  caseId: string;
  number: string;
  profile: string;
  source: string;
  receivedAt: IsoDate;
  openedBy: ActorRef | null;
  /** The problem paper the case was opened for (002). */
  paperId?: string;
  /** Edges: a real-name reporter who can be reached (issue 17 point 7); absent = unknown (a reporter notice is owed). */
  reporterNotice?: boolean;
  /** Edges: whom the case reports to (issue 17 point 3). */
  reportTo?: ReportTo;
  /** Edges: the case this one was transferred from (issue 17 point 4). */
  transferredFrom?: CaseLink;
}

export function openCase(input: OpenCaseInput, ctx: Ctx): Transition {
  const state: CaseState = {
    caseId: input.caseId,
    number: input.number,
    profile: input.profile,
    source: input.source,
    phase: 'intake',
    version: 1,
    seq: 0,
    receivedAt: input.receivedAt,
    deadlines: {},
    investigation: { planApproved: false, members: [], interviews: 0, extendedMonths: 0, pendingExtensionMonths: null, suspendedOn: null },
    handling: { reportSubmitted: false, proposedDecisionSent: false, defence: null, decision: null, delivered: false },
    reviewDone: false,
    closedReason: null,
    ...(input.paperId ? { paper: { paperId: input.paperId, review: 'with_institution' as const, returnSeq: null } } : {}),
  };
  if (ctx.edges) {
    if (input.reporterNotice !== undefined) state.reporterNotice = input.reporterNotice;
    state.reportTo = input.reportTo ?? { transferringAuthority: false, leadUnit: false };
    if (input.transferredFrom) state.transferredFrom = input.transferredFrom;
    state.stopRequest = null;
    state.recusal = { pending: null, recused: [] };
  }
  const events: CaseEvent[] = [];
  emit(state, events, ctx, 'case_opened', input.openedBy, {
    source: input.source,
    receivedAt: input.receivedAt,
    profile: input.profile,
    ...(input.paperId ? { paperId: input.paperId } : {}),
    // Both timelines point to each other (issue 17 point 4): the new case names the one it was transferred from.
    ...(ctx.edges && input.transferredFrom ? { transferredFrom: input.transferredFrom } : {}),
    ...(ctx.edges ? { article: cite(ctx.profile, 'acceptance') } : {}),
  });
  // 003 art.14 / 001 art.14: acceptance decision (preliminary check) within 15 working days of receipt.
  openDeadline(state, ctx, 'acceptance', input.receivedAt);
  return { state, events };
}

/** The actions the case allows now (for `role`, or any role). `rules`: the flag of Ctx.strict, or the rule sets. */
export function allowedActions(state: CaseState, profile: PolicyProfile, role?: string, rules: boolean | RuleSet = false): ActionName[] {
  const set: RuleSet = typeof rules === 'boolean' ? { strict: rules } : rules;
  return ACTION_NAMES.filter((name) => {
    const spec = actionSpec(name);
    if (!spec.phases.includes(state.phase)) return false;
    if (spec.requires && !spec.requires(profile)) return false;
    if (spec.edgesOnly && !set.edges) return false;
    if (role !== undefined && actingRole(name, [role], set.edges === true) === null) return false;
    return precondition(state, name, { ...set, profile }) === null;
  });
}

/**
 * Why each action of the current phase that the case does not allow now is refused (a precondition: "the subject must
 * first be heard …"), so the API can answer 409 with the reason without asking the workflow. Actions of other phases
 * are not listed: their reason is the phase.
 */
export function blockedActions(
  state: CaseState,
  profile: PolicyProfile,
  rules: boolean | RuleSet = false,
): Partial<Record<ActionName, string>> {
  const set: RuleSet = typeof rules === 'boolean' ? { strict: rules } : rules;
  const out: Partial<Record<ActionName, string>> = {};
  for (const name of ACTION_NAMES) {
    const spec = actionSpec(name);
    if (!spec.phases.includes(state.phase) || (spec.requires && !spec.requires(profile)) || (spec.edgesOnly && !set.edges)) continue;
    const why = precondition(state, name, { ...set, profile });
    if (why) out[name] = why;
  }
  return out;
}

/** The 409's message for an action the case does not allow now: its precondition, else its phase or profile. */
export function refusalReason(
  phase: string,
  action: ActionName,
  profile: PolicyProfile,
  blocked?: Partial<Record<string, string>> | null,
): string {
  const spec = actionSpec(action);
  if (spec.requires && !spec.requires(profile)) return `action "${action}" is not part of the ${profile.code} procedure`;
  if (!spec.phases.includes(phase as Phase)) return `action "${action}" is not allowed in phase "${phase}"`;
  return blocked?.[action] ?? `action "${action}" is not possible now (phase "${phase}")`;
}

/**
 * Whether the case still needs its workflow: not in a terminal phase, or still owing work (an open deadline such as the
 * registry report after closing). A rejected case stays open where the profile lets the reporter object (001 art.14).
 */
export function isOpen(state: CaseState, profile: PolicyProfile): boolean {
  if (hasOpenWork(state)) return true;
  // 002: a paper case's result is not final until national approves it; a return may still require a revision.
  if (awaitsPaperApproval(state)) return true;
  if (state.phase === 'rejected') return profile.allowsReporterObjection && state.closedReason === null;
  return !TERMINAL_PHASES.includes(state.phase);
}

/** The earliest instant at which some open deadline expires, or null. */
export function nextExpiry(state: CaseState): number | null {
  // 003 art.23 / 001 art.23: suspended time is not counted; nothing expires until the case resumes.
  if (state.phase === 'suspended') return null;
  let next: number | null = null;
  for (const d of Object.values(state.deadlines)) {
    if (d && d.status === 'open' && (next === null || d.dueAtMs < next)) next = d.dueAtMs;
  }
  return next;
}

export function deadlineViews(state: CaseState, ctx: Ctx) {
  // RULES.md §3 "Suspension: when the case resumes, every running deadline moves later by the calendar days suspended";
  // 003 art.23 / 001 art.23 "中止的时间不计入调查时限": while suspended (edges), running deadlines show `suspended` and
  // their working days stay as they were on the day the suspension began (issue 17 point 14).
  const frozenOn = ctx.edges && state.phase === 'suspended' ? state.investigation.suspendedOn : null;
  const today = frozenOn ?? isoDateOf(ctx.now);
  return Object.values(state.deadlines)
    .filter((d): d is DeadlineState => d !== undefined)
    .map((d) => ({
      kind: d.kind,
      dueDate: d.dueDate,
      dueAt: d.dueAt,
      provisional: d.provisional,
      status: (frozenOn && (d.status === 'open' || d.status === 'overdue') ? 'suspended' : d.status) as DeadlineViewStatus,
      remainingWorkingDays: d.status === 'open' ? remainingWorkingDays(ctx.calendar, today, d.dueDate) : 0,
      overdueWorkingDays: d.status === 'overdue' ? overdueWorkingDays(ctx.calendar, today, d.dueDate) : 0,
    }));
}

// ---------------------------------------------------------------------------------------------------------------------
// actions

/** Dry run: throws the DomainError `applyAction` would throw, changes nothing. */
export function checkAction(state: CaseState, action: string, actor: ActorRef, body: Body, ctx: Ctx): void {
  applyAction(state, action, actor, body, ctx);
}

export function applyAction(state: CaseState, action: string, actor: ActorRef, body: Body, ctx: Ctx): Transition {
  if (!isActionName(action)) {
    throw new DomainError('NOT_FOUND', `unknown action "${action}"`, { action });
  }
  const spec = actionSpec(action);
  // The order every action is checked in (the API's too): role 403, then phase and preconditions 409, then the body 400.
  const forbidden = roleRefusal(
    action,
    [actor.role],
    ctx.edges === true,
    spec.article && ctx.edges ? cite(ctx.profile, spec.article) : undefined,
  );
  if (forbidden) throw forbidden;
  // 003 art.42 "可向调查处理单位的上级主管部门书面提出申诉" / 001 art.45: the appeal is accepted, refused and completed by
  // the organisation it went to, never by the organisation whose review is appealed against.
  if (ctx.edges && spec.appealAuthority && state.appeal && actor.orgId !== state.appeal.orgId) {
    throw new DomainError(
      'FORBIDDEN',
      `action "${action}" is taken by the organisation hearing the appeal (the superior authority, ${cite(ctx.profile, 'appeal')}), not by this one`,
      { action, appealOrgId: state.appeal.orgId },
    );
  }
  if (spec.requires && !spec.requires(ctx.profile)) {
    throw notAllowed(state, ctx, `action "${action}" is not part of the ${ctx.profile.code} procedure`);
  }
  if (!spec.phases.includes(state.phase)) {
    throw notAllowed(state, ctx, `action "${action}" is not allowed in phase "${state.phase}"`);
  }
  if (spec.edgesOnly && !ctx.edges) {
    throw notAllowed(state, ctx, `action "${action}" is not part of this case's procedure (the case started before it existed)`);
  }
  const why = precondition(state, action, ctx);
  if (why) throw notAllowed(state, ctx, why);

  const next = clone(state);
  const events: CaseEvent[] = [];
  const on = actionDate(body, next, ctx);
  HANDLERS[action](next, body, { ctx, on, events, actor });
  // Every event of an action cites the article of the case's own profile (issue 17 point 11).
  if (ctx.edges && spec.article) {
    const article = cite(ctx.profile, spec.article);
    for (const e of events) if (e.data.article === undefined) e.data.article = article;
  }
  next.version += 1;
  if (!next.lastActionOn || on > next.lastActionOn) next.lastActionOn = on;
  return { state: next, events };
}

interface HandlerCtx {
  ctx: Ctx;
  on: IsoDate;
  events: CaseEvent[];
  actor: ActorRef;
}

const HANDLERS: Record<ActionName, (s: CaseState, b: Body, h: HandlerCtx) => void> = {
  accept(s, b, h) {
    const min = h.ctx.profile.preliminaryCheckStaffMin;
    let checkedByNames: string[] | undefined;
    if (min) {
      const article = cite(h.ctx.profile, 'preliminaryCheck');
      // RULES.md §3 "preliminary check (初核) by 2 staff within 15 working days"; 001 art.14 "初核应由2名工作人员进行":
      // the preliminary check is done by at least 2 staff. With the edge rules
      // (issue 17 point 10) they are accounts of the handling organisation, named by user id (the API checks the
      // accounts); the reducer checks what it can: ids, distinct, enough of them.
      const listed = stringList(b, 'checkedBy').map((n) => n.trim());
      if (h.ctx.edges) {
        if (listed.some((x) => !UUID.test(x)))
          throw invalid('checkedBy', 'must list the user ids of the staff who did the preliminary check', 'checked_by.user_ids', article);
        if (new Set(listed.map((x) => x.toLowerCase())).size !== listed.length)
          throw invalid('checkedBy', 'lists the same person twice', 'checked_by.distinct', article);
        checkedByNames = optionalList(b, 'checkedByNames', (x) => x.length > 0 && x.length <= 100, 'names');
      }
      if (new Set(listed).size < min) {
        throw invalid('checkedBy', `the preliminary check needs at least ${min} staff (${article})`, 'checked_by.min', article);
      }
    }
    meet(s, 'acceptance');
    s.phase = 'investigation';
    // 003 art.25 / 001 art.25: investigation completed within 6 months of acceptance.
    openDeadline(s, h.ctx, 'investigation', h.on);
    openReporterNotice(s, h.ctx, h.on);
    emit(s, h.events, h.ctx, 'accepted', h.actor, {
      on: h.on,
      checkedBy: b.checkedBy ?? null,
      ...(checkedByNames ? { checkedByNames } : {}),
    });
  },
  reject(s, b, h) {
    const reason = oneOf(b, 'reason', REJECTION_REASONS, cite(h.ctx.profile, 'rejection'));
    meet(s, 'acceptance');
    s.phase = 'rejected';
    openReporterNotice(s, h.ctx, h.on);
    emit(s, h.events, h.ctx, 'rejected', h.actor, { on: h.on, reason, note: optionalText(b, 'note') });
  },
  transfer(s, b, h) {
    const toOrgId = requiredText(b, 'toOrgId');
    meet(s, 'acceptance');
    s.phase = 'transferred';
    s.closedReason = 'transferred';
    closeAll(s);
    // Edges (issue 17 point 4): the transfer opens a linked case at the receiving organisation (the workflow does it
    // after this event), unless the caller says it opens none (a misrouted problem paper returned to its superior: the
    // paper workflow dispatches it again and that opens the case).
    const opensCase = h.ctx.edges ? b.opensCase !== false : undefined;
    emit(s, h.events, h.ctx, 'transferred', h.actor, {
      on: h.on,
      toOrgId,
      reason: optionalText(b, 'reason'),
      ...(opensCase !== undefined ? { opensCase } : {}),
    });
  },
  notify_reporter(s, b, h) {
    // Issue 17 point 7: a notice given another way than the system's e-mail (phone, post, in person), recorded.
    const channel =
      h.ctx.edges && b.channel !== undefined ? oneOf(b, 'channel', NOTICE_CHANNELS, cite(h.ctx.profile, 'reporterNotice')) : undefined;
    meet(s, 'reporter_notice');
    emit(s, h.events, h.ctx, 'reporter_notified', h.actor, {
      on: h.on,
      ...(channel ? { channel } : {}),
      ...(h.ctx.edges && b.note !== undefined ? { note: optionalText(b, 'note') } : {}),
    });
  },
  uphold_objection(s, b, h) {
    // 001 art.14 "举报人可以对不予受理提出异议并说明理由,符合受理条件的,应当受理": if the objection holds, it is accepted.
    s.phase = 'investigation';
    openDeadline(s, h.ctx, 'investigation', h.on);
    emit(s, h.events, h.ctx, 'objection_upheld', h.actor, { on: h.on, note: optionalText(b, 'note') });
  },
  close_objection_period(s, b, h) {
    s.closedReason = 'rejected';
    emit(s, h.events, h.ctx, 'objection_period_closed', h.actor, { on: h.on, note: optionalText(b, 'note') });
  },
  approve_plan(s, b, h) {
    // 003 art.16: the investigation plan is approved by the unit head.
    s.investigation.planApproved = true;
    emit(s, h.events, h.ctx, 'plan_approved', h.actor, { on: h.on, note: optionalText(b, 'note') });
  },
  add_member(s, b, h) {
    const recusal = cite(h.ctx.profile, 'recusal');
    const name = requiredText(b, 'name');
    const kind = oneOf(b, 'kind', ['team', 'expert'] as const, `${cite(h.ctx.profile, 'team')}; ${cite(h.ctx.profile, 'expertPanel')}`);
    // 003 art.45 / 001 art.49 "参与调查处理人员应签署回避声明": every member signs a recusal declaration; a declared
    // conflict (relative, witness, collaborator, supervisor-student relation with the subject or reporter) bars them.
    if (b.declarationSigned !== true)
      throw invalid('declarationSigned', `each member must sign a recusal declaration (${recusal})`, 'recusal.declaration', recusal);
    const conflicts = stringList(b, 'conflicts');
    if (conflicts.length > 0) {
      throw invalid(
        'conflicts',
        `member "${name}" declared a conflict (${conflicts.join(', ')}) and may not serve (${recusal})`,
        'recusal.conflict',
        recusal,
      );
    }
    if (s.investigation.members.some((m) => m.name === name && m.kind === kind)) {
      throw invalid('name', `"${name}" is already a ${kind} member`);
    }
    const userId = h.ctx.edges && b.userId !== undefined ? uuid(b, 'userId') : undefined;
    // Edges: a member whose recusal was upheld does not come back (issue 17 point 5).
    if (h.ctx.edges && s.recusal?.recused.some((r) => r.member === name || (userId !== undefined && r.userId === userId))) {
      throw invalid('name', `"${name}" was recused on this case and may not serve (${recusal})`, 'recusal.recused', recusal);
    }
    s.investigation.members.push({ name, kind, declarationSigned: true, ...(userId ? { userId } : {}) });
    emit(s, h.events, h.ctx, 'member_added', h.actor, { name, kind, ...(userId ? { userId } : {}) });
  },
  record_interview(s, b, h) {
    const article = cite(h.ctx.profile, 'interviews');
    const investigators = stringList(b, 'investigators');
    const min = h.ctx.profile.investigation.interviewersMin;
    // RULES.md §3 "interviews ≥ 2 investigators (art.18)"; 003 art.18 / 001 art.18 "参与谈话的调查人员不得少于2人".
    if (new Set(investigators).size < min)
      throw invalid('investigators', `an interview needs at least ${min} investigators (${article})`, 'interviewers.min', article);
    // Edges (issue 17 point 10): the investigators (调查人员) are members of the investigation team.
    if (h.ctx.edges) {
      const team = new Set(s.investigation.members.filter((m) => m.kind === 'team').map((m) => m.name));
      const outside = investigators.filter((n) => !team.has(n.trim()));
      if (outside.length) {
        throw invalid(
          'investigators',
          `interviewers must be members of the investigation team; not members: ${outside.join(', ')} (${article})`,
          'interviewers.team',
          article,
        );
      }
    }
    s.investigation.interviews += 1;
    emit(s, h.events, h.ctx, 'interview_recorded', h.actor, { on: h.on, investigators, subject: optionalText(b, 'subject') });
  },
  request_extension(s, b, h) {
    const months = positiveInt(b, 'months');
    const cap = h.ctx.profile.deadlines.extension_cap?.period.amount ?? 0;
    const article = cite(h.ctx.profile, 'extension');
    // 003 art.25: at most 6 months in total; 001 art.25: at most 1 year in total.
    if (s.investigation.extendedMonths + months > cap) {
      throw invalid(
        'months',
        `extension of ${months} month(s) exceeds the cap: ${s.investigation.extendedMonths} of ${cap} month(s) already used (${article})`,
        'extension.cap',
        article,
      );
    }
    s.investigation.pendingExtensionMonths = months;
    emit(s, h.events, h.ctx, 'extension_requested', h.actor, { months, reason: requiredText(b, 'reason') });
  },
  decide_extension(s, b, h) {
    if (typeof b.approve !== 'boolean') throw invalid('approve', 'must be true or false');
    const months = s.investigation.pendingExtensionMonths!;
    s.investigation.pendingExtensionMonths = null;
    if (b.approve) {
      s.investigation.extendedMonths += months;
      adjust(s, h.ctx, 'investigation', { type: 'extend', period: { amount: months, unit: 'months' } });
    }
    emit(s, h.events, h.ctx, b.approve ? 'extension_approved' : 'extension_denied', h.actor, {
      months,
      investigationDue: s.deadlines.investigation?.dueDate,
    });
    // RULES.md §3 "extension, with unit head's approval | at most 6 months in total; reported to the transferring
    // authority (art.25)".
    // 003 art.25 "对上级机关和有关部门移送的,调查延期情况应向移送机关或部门报告" (001 art.25: 报备): an approved extension
    // of a transferred case is reported to the authority that transferred it (the workflow mails the report).
    if (b.approve && h.ctx.edges && s.reportTo?.transferringAuthority) {
      emit(s, h.events, h.ctx, 'extension_reported', h.actor, {
        on: h.on,
        to: ['transferring_authority'],
        months,
        investigationDue: s.deadlines.investigation?.dueDate,
        article: cite(h.ctx.profile, 'extensionReport'),
      });
    }
  },
  request_suspension(s, b, h) {
    // RULES.md §1: `unit_head` "approves plans, extensions, decisions"; 003 art.23 "可经单位相关负责人批准中止调查": an
    // officer asks, the unit head decides.
    s.stopRequest = { kind: 'suspend', reason: requiredText(b, 'reason'), on: h.on, requestedBy: h.actor };
    emit(s, h.events, h.ctx, 'suspension_requested', h.actor, { on: h.on, reason: s.stopRequest.reason });
  },
  decide_suspension(s, b, h) {
    const request = decideStop(s, b, h, 'suspend');
    if (request.approved) suspendNow(s, h, request.reason, { approved: true, requestedBy: request.requestedBy });
  },
  suspend(s, b, h) {
    // 003 art.23 / 001 art.23: with the unit head's approval (edges: the head suspends directly); time suspended is
    // not counted. A pending request for it is settled by this.
    const reason = requiredText(b, 'reason');
    const pending = s.stopRequest?.kind === 'suspend' ? s.stopRequest : null;
    if (pending) s.stopRequest = null;
    suspendNow(s, h, reason, pending ? { requestedBy: pending.requestedBy.userId } : {});
  },
  resume(s, _b, h) {
    const from = s.investigation.suspendedOn!;
    if (h.on < from) throw invalid('on', `cannot be before the suspension began (${from})`);
    const days = dayDiff(from, h.on);
    s.investigation.suspendedOn = null;
    s.phase = 'investigation';
    // RULES.md §3: every running deadline moves later by the calendar days suspended, then the non-working-day rule.
    const moved: Record<string, string> = {};
    for (const d of runningDeadlines(s)) {
      adjust(s, h.ctx, d.kind, { type: 'shift', days });
      moved[d.kind] = s.deadlines[d.kind]!.dueDate;
    }
    emit(s, h.events, h.ctx, 'resumed', h.actor, { on: h.on, suspendedDays: days, moved });
  },
  request_termination(s, b, h) {
    // 001 art.23 "可经单位负责人批准中止或终止调查": an officer asks, the unit head decides.
    s.stopRequest = { kind: 'terminate', reason: requiredText(b, 'reason'), on: h.on, requestedBy: h.actor };
    emit(s, h.events, h.ctx, 'termination_requested', h.actor, { on: h.on, reason: s.stopRequest.reason });
  },
  decide_termination(s, b, h) {
    const request = decideStop(s, b, h, 'terminate');
    if (request.approved) terminateNow(s, h, request.reason, { approved: true, requestedBy: request.requestedBy });
  },
  terminate(s, b, h) {
    // 001 art.23: termination with the unit head's approval, e.g. the subject died (edges: the head terminates directly).
    const reason = requiredText(b, 'reason');
    const pending = s.stopRequest?.kind === 'terminate' ? s.stopRequest : null;
    terminateNow(s, h, reason, pending ? { requestedBy: pending.requestedBy.userId } : {});
  },
  request_recusal(s, b, h) {
    // 003 art.45 "被调查人、举报人有权要求其回避" (001 art.49): an officer records who asked, whom and why; the unit head
    // decides. Whom: a member of the team or panel (by name) and/or an account to keep out of the case.
    const article = cite(h.ctx.profile, 'recusal');
    const requestedBy = oneOf(b, 'requestedBy', RECUSAL_REQUESTERS, article);
    const member = b.member === undefined ? null : requiredText(b, 'member');
    let userId = b.userId === undefined ? null : uuid(b, 'userId');
    if (member === null && userId === null)
      throw invalid('member', 'name the member (member) or the account (userId) asked to step aside', 'recusal.whom', article);
    if (member !== null) {
      const found = s.investigation.members.find((m) => m.name === member);
      if (!found)
        throw invalid('member', `"${member}" is not a member of the investigation team or expert panel`, 'recusal.not_member', article);
      userId ??= found.userId ?? null;
    }
    if (s.recusal?.recused.some((r) => (member !== null && r.member === member) || (userId !== null && r.userId === userId))) {
      throw invalid(member !== null ? 'member' : 'userId', 'is already recused on this case', 'recusal.recused', article);
    }
    const reason = requiredText(b, 'reason');
    s.recusal = { pending: { requestedBy, member, userId, reason, on: h.on, recordedBy: h.actor }, recused: s.recusal?.recused ?? [] };
    emit(s, h.events, h.ctx, 'recusal_requested', h.actor, { on: h.on, requestedBy, member, userId, reason });
  },
  decide_recusal(s, b, h) {
    if (typeof b.upheld !== 'boolean') throw invalid('upheld', 'must be true or false');
    const r = s.recusal!.pending!;
    s.recusal!.pending = null;
    const data = {
      on: h.on,
      requestedBy: r.requestedBy,
      member: r.member,
      userId: r.userId,
      reason: r.reason,
      note: optionalText(b, 'note'),
    };
    if (!b.upheld) {
      emit(s, h.events, h.ctx, 'recusal_refused', h.actor, data);
      return;
    }
    // Upheld: the member leaves the team or panel, and their account goes on the case's denied-access list (the
    // projection writes it: RULES.md §7 "subject and reporter may request recusal").
    if (r.member !== null) s.investigation.members = s.investigation.members.filter((m) => m.name !== r.member);
    s.recusal!.recused.push({ member: r.member, userId: r.userId });
    emit(s, h.events, h.ctx, 'recusal_upheld', h.actor, data);
  },
  submit_report(s, b, h) {
    const team = s.investigation.members.filter((m) => m.kind === 'team').map((m) => m.name);
    const rules = h.ctx.profile.investigation;
    // 001 art.16: the investigation team has at least 3 members (national-2022: 2, a product decision).
    if (team.length < rules.teamMin) {
      const article = cite(h.ctx.profile, 'team');
      throw invalid(
        'members',
        `the investigation team needs at least ${rules.teamMin} members, it has ${team.length} (${article})`,
        'team.min',
        article,
      );
    }
    // 003 art.17 / 001 art.17: an expert panel, where one is formed, has at least 5 members.
    const experts = s.investigation.members.filter((m) => m.kind === 'expert').length;
    if (experts > 0 && experts < rules.expertPanelMin) {
      const article = cite(h.ctx.profile, 'expertPanel');
      throw invalid(
        'members',
        `the expert panel needs at least ${rules.expertPanelMin} members, it has ${experts} (${article})`,
        'expert_panel.min',
        article,
      );
    }
    const signed = new Set(stringList(b, 'signedBy').map((n) => n.trim()));
    const missing = team.filter((n) => !signed.has(n));
    if (missing.length) {
      const article = cite(h.ctx.profile, 'report');
      throw invalid(
        'signedBy',
        `the report must be signed by every team member; missing: ${missing.join(', ')} (${article})`,
        'report.signatures',
        article,
      );
    }
    meet(s, 'investigation');
    s.handling.reportSubmitted = true;
    s.phase = 'handling';
    // 003 art.24: participating units are notified within 15 working days after the report.
    openDeadline(s, h.ctx, 'participating_units_notice', h.on);
    emit(s, h.events, h.ctx, 'report_submitted', h.actor, { on: h.on, signedBy: [...signed], summary: optionalText(b, 'summary') });
  },
  notify_participating_units(s, b, h) {
    // 003 art.24: the units that took part are told in writing. Optionally the officer names them (organisations
    // and/or addresses), and the workflow mails them the notice (issue 7).
    const orgIds = optionalList(b, 'orgIds', (x) => UUID.test(x), 'organisation ids (UUID)');
    const emails = optionalList(
      b,
      'emails',
      (x) => /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/.test(x) && x.length <= 254,
      'e-mail addresses',
    );
    if (h.ctx.strict && !orgIds?.length && !emails?.length) {
      const article = cite(h.ctx.profile, 'participatingUnits');
      throw invalid(
        'orgIds',
        `name at least one participating organisation or e-mail address to notify (${article})`,
        'participating_units.none',
        article,
      );
    }
    meet(s, 'participating_units_notice');
    emit(s, h.events, h.ctx, 'participating_units_notified', h.actor, {
      on: h.on,
      ...(orgIds ? { orgIds } : {}),
      ...(emails ? { emails } : {}),
    });
  },
  send_proposed_decision(s, _b, h) {
    // 003 art.27 / 001 art.31: the subject states and defends before the decision; the period is a product decision.
    s.handling.proposedDecisionSent = true;
    s.handling.defence = 'pending';
    openDeadline(s, h.ctx, 'defence', h.on, true);
    emit(s, h.events, h.ctx, 'proposed_decision_sent', h.actor, { on: h.on });
  },
  record_defence(s, b, h) {
    s.handling.defence = 'recorded';
    meet(s, 'defence');
    emit(s, h.events, h.ctx, 'defence_recorded', h.actor, { on: h.on, summary: optionalText(b, 'summary') });
  },
  waive_defence(s, _b, h) {
    s.handling.defence = 'waived';
    meet(s, 'defence');
    emit(s, h.events, h.ctx, 'defence_waived', h.actor, { on: h.on });
  },
  decide(s, b, h) {
    const outcome = oneOf(b, 'outcome', DECISION_OUTCOMES, cite(h.ctx.profile, 'decision'));
    const effectiveDate = b.effectiveDate === undefined ? h.on : isoDate(b, 'effectiveDate');
    if (effectiveDate < s.receivedAt) throw invalid('effectiveDate', `cannot be before the case was received (${s.receivedAt})`);
    if (h.ctx.strict && s.lastActionOn && effectiveDate < s.lastActionOn) {
      throw invalid(
        'effectiveDate',
        `cannot be before the latest action already taken on this case (${s.lastActionOn})`,
        'on.out_of_order',
      );
    }
    if (outcome === 'other') requiredText(b, 'summary');
    // The submitted result form lives in PostgreSQL (personal data stays out of history); the event names it.
    const decisionId = b.decisionId === undefined ? null : requiredText(b, 'decisionId');
    if (b.registryRequired !== undefined && typeof b.registryRequired !== 'boolean')
      throw invalid('registryRequired', 'must be true or false');
    s.handling.decision = {
      outcome,
      effectiveDate,
      summary: optionalText(b, 'summary') ?? undefined,
      ...(decisionId ? { decisionId, revision: 1 } : {}),
    };
    // 003 art.36: decisions recorded in the serious-misconduct database are reported within 10 working days of taking
    // effect (001 art.40: 1 month). With a result form, only when its registry measure is imposed; without one (older
    // histories), on every misconduct finding.
    const registry = b.registryRequired === undefined ? outcome === 'misconduct' : b.registryRequired === true;
    if (registry) openDeadline(s, h.ctx, 'registry_report', effectiveDate);
    emit(s, h.events, h.ctx, outcome === 'no_misconduct' ? 'decided_clarification' : 'decided', h.actor, {
      outcome,
      effectiveDate,
      summary: optionalText(b, 'summary'),
      ...(decisionId ? { decisionId, registryRequired: registry, penalisedAuthors: b.penalisedAuthors ?? 0 } : {}),
    });
  },
  revise_decision(s, b, h) {
    // 002 退回修改: the institution revises its result as the reviewer's opinion asks, then submits it again. The decision
    // form gets a new version (the API stores it; the previous one is kept as superseded) and the corrected decision is
    // in force from its effective date: the registry follows it (003 art.36) and so does the ranking (000 §4).
    const prev = s.handling.decision!;
    const reason = requiredText(b, 'reason');
    const decisionId = requiredText(b, 'decisionId');
    const outcome = oneOf(b, 'outcome', DECISION_OUTCOMES, cite(h.ctx.profile, 'decision'));
    const effectiveDate = b.effectiveDate === undefined ? h.on : isoDate(b, 'effectiveDate');
    if (effectiveDate < prev.effectiveDate) {
      throw invalid(
        'effectiveDate',
        `a corrected decision cannot take effect before the decision it corrects (${prev.effectiveDate})`,
        'revision.effective_before_original',
      );
    }
    if (h.ctx.strict && s.lastActionOn && effectiveDate < s.lastActionOn) {
      throw invalid(
        'effectiveDate',
        `cannot be before the latest action already taken on this case (${s.lastActionOn})`,
        'on.out_of_order',
      );
    }
    if (outcome === 'other') requiredText(b, 'summary');
    if (typeof b.registryRequired !== 'boolean') throw invalid('registryRequired', 'must be true or false');
    const revision = (prev.revision ?? 1) + 1;
    s.handling.decision = { outcome, effectiveDate, summary: optionalText(b, 'summary') ?? undefined, decisionId, revision };
    // 003 art.36 / 001 art.40: a corrected decision that records a person in the database is reported again (a report
    // still due covers it); one that no longer does ends a report still due.
    const report = s.deadlines.registry_report;
    const reportDue = report !== undefined && (report.status === 'open' || report.status === 'overdue');
    if (b.registryRequired && !reportDue) openDeadline(s, h.ctx, 'registry_report', effectiveDate);
    if (!b.registryRequired && reportDue) report.status = 'closed';
    emit(s, h.events, h.ctx, 'decision_revised', h.actor, {
      outcome,
      effectiveDate,
      summary: optionalText(b, 'summary'),
      decisionId,
      supersedes: prev.decisionId ?? null,
      revision,
      reason,
      registryRequired: b.registryRequired,
      penalisedAuthors: b.penalisedAuthors ?? 0,
      ...(s.paper ? { paperId: s.paper.paperId, answersReturnSeq: s.paper.returnSeq } : {}),
    });
  },
  deliver_decision(s, _b, h) {
    s.handling.delivered = true;
    s.phase = 'appeal_window';
    // 003 art.41: review application within 15 working days of receiving the decision (001 art.44: 15 days).
    openDeadline(s, h.ctx, 'review_application', h.on, true);
    emit(s, h.events, h.ctx, 'decision_delivered', h.actor, { on: h.on });
    // 003 art.28 "对于上级机关和有关部门移送的,应将处理决定书和调查报告报送移送单位 … 有牵头调查单位的,应同时将处理决定书
    // 送牵头调查单位": the letter and the report go to the transferring authority, the letter to a lead unit (the
    // workflow mails them).
    if (h.ctx.edges && (s.reportTo?.transferringAuthority || s.reportTo?.leadUnit)) {
      const to = [...(s.reportTo.transferringAuthority ? ['transferring_authority'] : []), ...(s.reportTo.leadUnit ? ['lead_unit'] : [])];
      const articles = [
        ...(s.reportTo.transferringAuthority ? [cite(h.ctx.profile, 'decisionReport')] : []),
        ...(s.reportTo.leadUnit ? [cite(h.ctx.profile, 'leadUnitReport')] : []),
      ];
      emit(s, h.events, h.ctx, 'decision_reported', h.actor, { on: h.on, to, article: [...new Set(articles)].join('; ') });
    }
  },
  report_registry(s, _b, h) {
    meet(s, 'registry_report');
    emit(s, h.events, h.ctx, 'registry_reported', h.actor, { on: h.on });
  },
  apply_review(s, _b, h) {
    meet(s, 'review_application');
    s.phase = 'review';
    openDeadline(s, h.ctx, 'review_acceptance', h.on);
    emit(s, h.events, h.ctx, 'review_applied', h.actor, { on: h.on });
  },
  accept_review(s, _b, h) {
    meet(s, 'review_acceptance');
    // 003 art.43 / 001 art.46: review completed within 90 working days; the decision stays in force meanwhile.
    openDeadline(s, h.ctx, 'review', h.on);
    emit(s, h.events, h.ctx, 'review_accepted', h.actor, { on: h.on });
  },
  refuse_review(s, b, h) {
    meet(s, 'review_acceptance');
    s.reviewDone = true;
    s.phase = 'appeal_window';
    openDeadline(s, h.ctx, 'appeal_application', h.on, true);
    emit(s, h.events, h.ctx, 'review_refused', h.actor, { on: h.on, reason: requiredText(b, 'reason') });
  },
  complete_review(s, b, h) {
    const result = oneOf(b, 'result', ['upheld', 'changed', 'revoked'] as const, cite(h.ctx.profile, 'review'));
    meet(s, 'review');
    s.reviewDone = true;
    s.phase = 'appeal_window';
    // [decision] RULES.md §3: 15 working days to appeal to the superior after the review result.
    openDeadline(s, h.ctx, 'appeal_application', h.on, true);
    emit(s, h.events, h.ctx, 'review_completed', h.actor, { on: h.on, result, summary: optionalText(b, 'summary') });
  },
  apply_appeal(s, b, h) {
    // RULES.md §3 "appeal to the superior (复核/申诉) | 15 working days to decide acceptance; 90 working days to complete;
    // result final (art.42–43)".
    // 003 art.42 "可向调查处理单位的上级主管部门书面提出申诉" / 001 art.45: with the edge rules the organisation hearing the
    // appeal is fixed now (the API resolves it from the organisation tree and the profile) and takes its next steps.
    const appealOrgId = h.ctx.edges ? uuid(b, 'appealOrgId') : undefined;
    meet(s, 'appeal_application');
    s.phase = 're_review';
    if (appealOrgId) s.appeal = { orgId: appealOrgId };
    openDeadline(s, h.ctx, 'appeal_acceptance', h.on);
    emit(s, h.events, h.ctx, 'appeal_applied', h.actor, { on: h.on, ...(appealOrgId ? { appealOrgId } : {}) });
  },
  accept_appeal(s, _b, h) {
    meet(s, 'appeal_acceptance');
    openDeadline(s, h.ctx, 'appeal', h.on);
    emit(s, h.events, h.ctx, 'appeal_accepted', h.actor, { on: h.on });
  },
  refuse_appeal(s, b, h) {
    meet(s, 'appeal_acceptance');
    close(s, 'appeal_refused');
    emit(s, h.events, h.ctx, 'appeal_refused', h.actor, { on: h.on, reason: requiredText(b, 'reason') });
  },
  merge_into(s, b, h) {
    // Issue 23: a duplicate report (the same paper or person) closes as `merged` into the case that goes on. The API
    // checks the surviving case (visible to the officer, handled by the same office, open) and names it here; its
    // workflow records the merge in its own timeline and keeps its deadlines. This case's report, reporter and evidence
    // move there in the projection of this event (libs/persistence/src/case-links.ts).
    const intoCaseId = requiredText(b, 'intoCaseId');
    const intoNumber = requiredText(b, 'intoNumber');
    if (intoCaseId === s.caseId || intoNumber === s.number)
      throw invalid('intoCaseId', 'a case cannot be merged into itself', 'merge.self');
    s.phase = 'merged';
    s.closedReason = 'merged';
    s.mergedInto = { caseId: intoCaseId, number: intoNumber };
    closeAll(s);
    emit(s, h.events, h.ctx, 'merged_into', h.actor, { on: h.on, caseId: intoCaseId, number: intoNumber, note: optionalText(b, 'note') });
  },
  complete_appeal(s, b, h) {
    // 003 art.42–43 "复核结果为最终结果" (001 art.45: 复查结果为最终结果): the superior's result is final.
    const result = oneOf(b, 'result', ['upheld', 'changed', 'revoked'] as const, cite(h.ctx.profile, 'appeal'));
    meet(s, 'appeal');
    close(s, 'appeal_completed');
    emit(s, h.events, h.ctx, 'appeal_completed', h.actor, { on: h.on, result, summary: optionalText(b, 'summary') });
  },
};

/** State-dependent preconditions beyond the phase; null when the action may be taken. */
function precondition(s: CaseState, action: ActionName, ctx: RuleSet & { profile: PolicyProfile }): string | null {
  const inv = s.investigation;
  const stop = s.stopRequest ?? null;
  switch (action) {
    case 'approve_plan':
      // 003 art.16: the plan is approved once; a second approval would record nothing new.
      return ctx.strict && inv.planApproved ? `the investigation plan has already been approved (${cite(ctx.profile, 'plan')})` : null;
    case 'request_suspension':
    case 'request_termination':
      return stop
        ? `a ${stop.kind === 'suspend' ? 'suspension' : 'termination'} request is already waiting for the unit head (${cite(ctx.profile, 'suspension')})`
        : null;
    case 'decide_suspension':
      return stop?.kind === 'suspend' ? null : 'no suspension request is pending';
    case 'decide_termination':
      return stop?.kind === 'terminate' ? null : 'no termination request is pending';
    case 'request_recusal':
      return s.recusal?.pending ? `a recusal request is already waiting for the unit head (${cite(ctx.profile, 'recusal')})` : null;
    case 'decide_recusal':
      return s.recusal?.pending ? null : 'no recusal request is pending';
    case 'notify_reporter':
      return s.deadlines.reporter_notice?.status === 'open' || s.deadlines.reporter_notice?.status === 'overdue'
        ? null
        : 'no reporter notice is due';
    case 'uphold_objection':
    case 'close_objection_period':
      return s.closedReason === null ? null : 'the objection period is closed';
    case 'decide_extension':
      return inv.pendingExtensionMonths === null ? 'no extension request is pending' : null;
    case 'request_extension':
      return inv.pendingExtensionMonths !== null ? 'an extension request is already pending' : null;
    case 'submit_report':
      if (!inv.planApproved) return `the investigation plan has not been approved by the unit head (${cite(ctx.profile, 'plan')})`;
      return null;
    case 'notify_participating_units':
      return s.deadlines.participating_units_notice && s.deadlines.participating_units_notice.status !== 'met'
        ? null
        : 'participating units have already been notified';
    case 'send_proposed_decision':
      return s.handling.proposedDecisionSent ? 'the proposed decision has already been sent' : null;
    case 'record_defence':
    case 'waive_defence':
      return s.handling.defence === 'pending' ? null : 'no defence period is running';
    case 'decide':
      if (s.handling.decision) return 'the case has already been decided';
      if (s.handling.defence === null || s.handling.defence === 'pending') {
        return `the subject must first be heard: send the proposed decision and wait for the defence, its waiver or its expiry (${cite(ctx.profile, 'defence')})`;
      }
      return null;
    case 'deliver_decision':
      return s.handling.decision ? null : 'there is no decision to deliver';
    case 'revise_decision':
      if (!s.handling.decision) return 'there is no decision to revise';
      if (!s.paper) {
        return `only a result returned in a problem paper's review chain is revised this way (002); a decision in force changes through review (${cite(ctx.profile, 'review')})`;
      }
      if (s.paper.review === 'under_review')
        return 'the result is under review: withdraw it first (002 可撤回修改), or wait for the reviewer to return it';
      if (s.paper.review === 'approved') return 'the result has been approved at national level and is final';
      return null;
    case 'report_registry':
      return s.deadlines.registry_report && s.deadlines.registry_report.status !== 'met' ? null : 'no registry report is due';
    case 'apply_review':
      return s.deadlines.review_application?.status === 'open' ? null : 'the review application window is not open';
    case 'apply_appeal':
      return s.deadlines.appeal_application?.status === 'open' ? null : 'the appeal window is not open';
    case 'accept_review':
    case 'refuse_review':
      return s.deadlines.review_acceptance?.status === 'met' ? 'the review application has already been decided' : null;
    case 'complete_review':
      return s.deadlines.review && s.deadlines.review.status !== 'met' ? null : 'the review has not been accepted';
    case 'accept_appeal':
    case 'refuse_appeal':
      return s.deadlines.appeal_acceptance?.status === 'met' ? 'the appeal has already been decided' : null;
    case 'complete_appeal':
      return s.deadlines.appeal && s.deadlines.appeal.status !== 'met' ? null : 'the appeal has not been accepted';
    case 'merge_into':
      // A problem paper's case answers to the paper's review chain (002): it is not closed under another case.
      return s.paper ? "a case opened for a problem paper follows the paper's review chain (002) and is not merged; link it instead" : null;
    default:
      return null;
  }
}

/**
 * The acceptance or refusal notice was e-mailed to the reporter (the notify activity's result says so): that meets the
 * reporter notice (issue 17 point 7; 001 art.14 "举报受理情况应在完成初核后5个工作日内通知实名举报人"), so the officer is not
 * reminded of a notice already given. Nothing when no notice is running.
 */
export function reporterNoticeMailed(state: CaseState, ctx: Ctx, template: string): Transition {
  const d = state.deadlines.reporter_notice;
  if (!d || (d.status !== 'open' && d.status !== 'overdue')) return { state, events: [] };
  const s = clone(state);
  const events: CaseEvent[] = [];
  meet(s, 'reporter_notice');
  emit(s, events, ctx, 'reporter_notified', null, {
    on: isoDateOf(ctx.now),
    channel: 'email',
    template,
    article: cite(ctx.profile, 'reporterNotice'),
  });
  s.version += 1;
  return { state: s, events };
}

/** The transfer opened its linked case at the receiving organisation (issue 17 point 4): this timeline points to it. */
export function transferCaseOpened(state: CaseState, ctx: Ctx, link: CaseLink): Transition {
  const s = clone(state);
  const events: CaseEvent[] = [];
  s.transferredTo = link;
  emit(s, events, ctx, 'transfer_case_opened', null, {
    caseId: link.caseId,
    number: link.number,
    toOrgId: link.orgId,
    article: cite(ctx.profile, 'transfer'),
  });
  return { state: s, events };
}

/** Records an event that changes no state (e.g. a read of full ID numbers, issue: decisions). */
export function noteEvent(state: CaseState, ctx: Ctx, type: string, actor: ActorRef | null, data: Record<string, unknown>): Transition {
  const s = clone(state);
  const events: CaseEvent[] = [];
  emit(s, events, ctx, type, actor, data);
  return { state: s, events };
}

/**
 * Another case was merged into this one (issue 23): recorded in this case's timeline, nothing else changes (its phase,
 * version and deadlines stand). A repeated signal for the same case records nothing.
 */
export function noteMergedFrom(
  state: CaseState,
  ctx: Ctx,
  signal: { caseId: string; number: string; actor: ActorRef | null; on: IsoDate; note?: string | null },
): Transition {
  if (signal.caseId === state.caseId || state.mergedFrom?.includes(signal.caseId)) return { state, events: [] };
  const s = clone(state);
  const events: CaseEvent[] = [];
  s.mergedFrom = [...(s.mergedFrom ?? []), signal.caseId];
  emit(s, events, ctx, 'merged_from', signal.actor, {
    on: signal.on,
    caseId: signal.caseId,
    number: signal.number,
    note: signal.note ?? null,
  });
  return { state: s, events };
}

/**
 * The paper's workflow says where the case's result stands in the review chain (submitted, returned, withdrawn,
 * consented to in pre-review, approved). Recorded as an event of the case (its timeline shows the chain's answers) and
 * a new version, since what the case allows changes (`revise_decision`). A signal for another paper or for a case that
 * keeps no paper, or one that changes nothing, changes nothing.
 */
export function notePaperResult(
  state: CaseState,
  ctx: Ctx,
  signal: { paperId: string; review: PaperResultReview; eventSeq: number; byOrgId?: string; returnSeq?: number | null },
): Transition {
  if (!state.paper || state.paper.paperId !== signal.paperId) return { state, events: [] };
  const returnSeq = signal.returnSeq ?? state.paper.returnSeq;
  if (state.paper.review === signal.review && state.paper.returnSeq === returnSeq) return { state, events: [] };
  const s = clone(state);
  const events: CaseEvent[] = [];
  s.paper = { paperId: signal.paperId, review: signal.review, returnSeq };
  emit(s, events, ctx, `paper_result_${signal.review}`, null, {
    paperId: signal.paperId,
    paperEventSeq: signal.eventSeq,
    ...(signal.byOrgId ? { byOrgId: signal.byOrgId } : {}),
    ...(signal.returnSeq !== undefined && signal.returnSeq !== null ? { returnSeq: signal.returnSeq } : {}),
  });
  s.version += 1;
  return { state: s, events };
}

/** A paper case with a decision whose result national has not approved yet (002): it may still be revised. */
export function awaitsPaperApproval(state: CaseState): boolean {
  return state.paper !== undefined && state.handling.decision !== null && state.paper.review !== 'approved';
}

// ---------------------------------------------------------------------------------------------------------------------
// timers and calendar

/**
 * Called when time passes a due instant. A missed deadline never advances the case: it turns overdue and waits for an
 * officer. A party's window (defence, review or appeal application) closes: RULES.md §3 / issue text.
 */
export function expireDeadlines(state: CaseState, ctx: Ctx): Transition {
  const s = clone(state);
  const events: CaseEvent[] = [];
  // 003 art.23 / 001 art.23: suspended time is not counted; `resume` moves every running deadline instead.
  if (s.phase === 'suspended') return { state: s, events };
  for (const d of Object.values(s.deadlines)) {
    if (!d || d.status !== 'open' || d.dueAtMs >= ctx.now) continue;
    const article = ctx.edges ? { article: citeDeadline(ctx.profile, d.kind) } : {};
    if (!d.window) {
      d.status = 'overdue';
      emit(s, events, ctx, 'deadline_overdue', null, { kind: d.kind, dueDate: d.dueDate, ...article });
      continue;
    }
    d.status = 'closed';
    emit(s, events, ctx, 'window_closed', null, { kind: d.kind, dueDate: d.dueDate, ...article });
    if (d.kind === 'defence') s.handling.defence = 'expired';
    if (d.kind === 'review_application' || d.kind === 'appeal_application') close(s, `${d.kind}_expired`);
  }
  if (events.length) s.version += 1;
  return { state: s, events };
}

/** A calendar year was loaded: recount every open deadline whose counting touched that year. */
export function recomputeDeadlines(state: CaseState, ctx: Ctx, year: number): Transition {
  const s = clone(state);
  const events: CaseEvent[] = [];
  for (const d of Object.values(s.deadlines)) {
    if (!d || (d.status !== 'open' && d.status !== 'overdue')) continue;
    // The counting touched the year if the year lies anywhere between the trigger day and the due day.
    const touches = d.provisionalYears.includes(year) || (Number(d.from.slice(0, 4)) <= year && year <= Number(d.dueDate.slice(0, 4)));
    if (!touches) continue;
    const before = { dueDate: d.dueDate, provisional: d.provisional };
    Object.assign(d, count(ctx, d.from, d.period, d.adjustments));
    if (d.status === 'overdue' && d.dueAtMs >= ctx.now) d.status = 'open';
    if (d.dueDate !== before.dueDate || d.provisional !== before.provisional) {
      emit(s, events, ctx, 'deadline_recomputed', null, {
        kind: d.kind,
        year,
        from: before.dueDate,
        to: d.dueDate,
        provisional: d.provisional,
      });
    }
  }
  if (events.length) s.version += 1;
  return { state: s, events };
}

// ---------------------------------------------------------------------------------------------------------------------
// helpers

function count(ctx: Ctx, from: IsoDate, period: Period, adjustments: Adjustment[]): Deadline {
  let d = computeDeadline(ctx.calendar, from, period);
  const years = new Set(d.provisionalYears);
  for (const a of adjustments) {
    d = a.type === 'extend' ? extendDeadline(ctx.calendar, d.dueDate, a.period) : shiftForSuspension(ctx.calendar, d.dueDate, a.days);
    d.provisionalYears.forEach((y) => years.add(y));
  }
  const provisionalYears = [...years].sort((a, b) => a - b);
  return { ...d, provisional: provisionalYears.length > 0, provisionalYears };
}

function openDeadline(s: CaseState, ctx: Ctx, kind: DeadlineKind, from: IsoDate, window = false): void {
  const rule = ctx.profile.deadlines[kind];
  if (!rule) return; // this step is not in the profile (e.g. henan has no participating-units notice)
  // Edges (issue 17 point 12): a period fixed when the case opened (the organisation's or the profile's setting).
  const period = (ctx.edges ? ctx.periods?.[kind] : undefined) ?? rule.period;
  const d = count(ctx, from, period, []);
  s.deadlines[kind] = {
    kind,
    dueDate: d.dueDate,
    dueAt: d.dueAt,
    dueAtMs: d.dueAtMs,
    provisional: d.provisional,
    provisionalYears: d.provisionalYears,
    status: 'open',
    window,
    from,
    period,
    adjustments: [],
  };
}

/**
 * The reporter notice (001 art.14) opens only for a real-name reporter who can be reached (issue 17 point 7): not for
 * an anonymous report, nor a retraction, media or routine case. Cases opened before the rule owe it as before.
 */
function openReporterNotice(s: CaseState, ctx: Ctx, on: IsoDate): void {
  if (ctx.edges && s.reporterNotice === false) return;
  openDeadline(s, ctx, 'reporter_notice', on);
}

function suspendNow(s: CaseState, h: HandlerCtx, reason: string, extra: Record<string, unknown>): void {
  // 003 art.23 "中止的时间不计入调查时限": nothing runs while suspended; `resume` moves every running deadline.
  s.phase = 'suspended';
  s.investigation.suspendedOn = h.on;
  emit(s, h.events, h.ctx, 'suspended', h.actor, { on: h.on, reason, ...extra });
}

function terminateNow(s: CaseState, h: HandlerCtx, reason: string, extra: Record<string, unknown>): void {
  s.phase = 'terminated';
  s.closedReason = 'terminated';
  if (s.stopRequest) s.stopRequest = null;
  closeAll(s);
  emit(s, h.events, h.ctx, 'terminated', h.actor, { on: h.on, reason, ...extra });
}

/** The unit head's decision on a pending suspension or termination request; a refusal is its own event. */
function decideStop(
  s: CaseState,
  b: Body,
  h: HandlerCtx,
  kind: StopRequest['kind'],
): { approved: boolean; reason: string; requestedBy: string } {
  if (typeof b.approve !== 'boolean') throw invalid('approve', 'must be true or false');
  const request = s.stopRequest!;
  s.stopRequest = null;
  if (!b.approve) {
    emit(s, h.events, h.ctx, kind === 'suspend' ? 'suspension_denied' : 'termination_denied', h.actor, {
      on: h.on,
      reason: request.reason,
      requestedBy: request.requestedBy.userId,
      note: optionalText(b, 'note'),
    });
  }
  return { approved: b.approve, reason: request.reason, requestedBy: request.requestedBy.userId };
}

function adjust(s: CaseState, ctx: Ctx, kind: DeadlineKind, a: Adjustment): void {
  const d = s.deadlines[kind];
  if (!d) return;
  d.adjustments.push(a);
  Object.assign(d, count(ctx, d.from, d.period, d.adjustments));
  if (d.status === 'overdue' && d.dueAtMs >= ctx.now) d.status = 'open';
}

function meet(s: CaseState, kind: DeadlineKind): void {
  const d = s.deadlines[kind];
  if (d && (d.status === 'open' || d.status === 'overdue')) d.status = 'met';
}

function runningDeadlines(s: CaseState): DeadlineState[] {
  return Object.values(s.deadlines).filter((d): d is DeadlineState => !!d && (d.status === 'open' || d.status === 'overdue'));
}

function closeAll(s: CaseState): void {
  for (const d of runningDeadlines(s)) d.status = 'closed';
}

function close(s: CaseState, reason: string): void {
  s.phase = 'closed';
  s.closedReason = reason;
  for (const d of runningDeadlines(s)) if (d.kind !== 'registry_report') d.status = 'closed';
}

function hasOpenWork(s: CaseState): boolean {
  return runningDeadlines(s).length > 0;
}

function emit(s: CaseState, events: CaseEvent[], ctx: Ctx, type: string, actor: ActorRef | null, data: Record<string, unknown>): void {
  s.seq += 1;
  events.push({ seq: s.seq, type, at: new Date(ctx.now).toISOString(), actor, data });
}

function notAllowed(s: CaseState, ctx: Ctx, message: string): DomainError {
  return new DomainError('ACTION_NOT_ALLOWED', message, {
    phase: s.phase,
    allowedActions: allowedActions(s, ctx.profile, undefined, ctx.strict),
  });
}

function invalid(field: string, message: string, rule?: string, article?: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field}: ${message}`, {
    field,
    ...(rule ? { rule } : {}),
    ...(article ? { article } : {}),
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuid(b: Body, field: string): string {
  const v = b[field];
  if (typeof v !== 'string' || !UUID.test(v)) throw invalid(field, 'must be an id (UUID)');
  return v.toLowerCase();
}

/**
 * The business date of an action: `on`, or today. Never in the future, never before the case was received, and (strict)
 * never before the latest action already taken, so the timeline reads in order: a suspension after the acceptance, a
 * resume after its suspension, a decision after the report.
 */
function actionDate(b: Body, s: CaseState, ctx: Ctx): IsoDate {
  const today = isoDateOf(ctx.now);
  if (b.on === undefined) return today;
  const on = isoDate(b, 'on');
  if (on > today) throw invalid('on', `cannot be in the future (today is ${today})`, 'on.future');
  if (on < s.receivedAt) throw invalid('on', `cannot be before the case was received (${s.receivedAt})`, 'on.before_received');
  if (ctx.strict && s.lastActionOn && on < s.lastActionOn) {
    throw invalid('on', `cannot be before the latest action already taken on this case (${s.lastActionOn})`, 'on.out_of_order');
  }
  return on;
}

function isoDate(b: Body, field: string): IsoDate {
  const v = b[field];
  if (typeof v !== 'string' || !isValidIsoDate(v)) throw invalid(field, 'must be a date YYYY-MM-DD');
  return v;
}

function requiredText(b: Body, field: string): string {
  const v = b[field];
  if (typeof v !== 'string' || v.trim() === '') throw invalid(field, 'is required');
  return v.trim();
}

function optionalText(b: Body, field: string): string | null {
  const v = b[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalid(field, 'must be text');
  return v;
}

function stringList(b: Body, field: string): string[] {
  const v = b[field] ?? [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.trim() === '')) throw invalid(field, 'must be a list of names');
  return v as string[];
}

/** An optional list of at most 20 distinct strings, each passing `ok`; undefined when absent. */
function optionalList(b: Body, field: string, ok: (x: string) => boolean, what: string): string[] | undefined {
  const v = b[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length > 20 || v.some((x) => typeof x !== 'string' || !ok(x.trim()))) {
    throw invalid(field, `must be a list of at most 20 ${what}`);
  }
  return [...new Set((v as string[]).map((x) => x.trim()))];
}

function positiveInt(b: Body, field: string): number {
  const v = b[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw invalid(field, 'must be a positive whole number');
  return v;
}

function oneOf<T extends string>(b: Body, field: string, allowed: readonly T[], article: string): T {
  const v = b[field];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw invalid(field, `must be one of ${allowed.join(', ')} (${article})`);
  }
  return v as T;
}

function dayDiff(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
