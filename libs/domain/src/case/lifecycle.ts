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
import { type DeadlineKind, type PolicyProfile } from '../policy';
import { DomainError } from '../shared';
import {
  ACTIONS,
  ACTION_NAMES,
  DECISION_OUTCOMES,
  REJECTION_REASONS,
  TERMINAL_PHASES,
  isActionName,
  type ActionName,
  type Phase,
  type Role,
} from './actions';

export type DeadlineStatus = 'open' | 'met' | 'overdue' | 'closed';

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
}

export interface Transition {
  state: CaseState;
  events: CaseEvent[];
}

type Body = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------------
// opening, queries

export function openCase(
  input: { caseId: string; number: string; profile: string; source: string; receivedAt: IsoDate; openedBy: ActorRef | null; paperId?: string },
  ctx: Ctx,
): Transition {
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
  const events: CaseEvent[] = [];
  emit(state, events, ctx, 'case_opened', input.openedBy, {
    source: input.source,
    receivedAt: input.receivedAt,
    profile: input.profile,
    ...(input.paperId ? { paperId: input.paperId } : {}),
  });
  // 003 art.14 / 001 art.14: acceptance decision (preliminary check) within 15 working days of receipt.
  openDeadline(state, ctx, 'acceptance', input.receivedAt);
  return { state, events };
}

export function allowedActions(state: CaseState, profile: PolicyProfile, role?: string, strict = false): ActionName[] {
  return ACTION_NAMES.filter((name) => {
    const spec = ACTIONS[name] as { phases: Phase[]; roles: Role[]; requires?: (p: PolicyProfile) => boolean };
    if (!spec.phases.includes(state.phase)) return false;
    if (spec.requires && !spec.requires(profile)) return false;
    if (role !== undefined && !(spec.roles as string[]).includes(role)) return false;
    return precondition(state, name, { strict }) === null;
  });
}

/**
 * Why each action of the current phase that the case does not allow now is refused (a precondition: "the subject must
 * first be heard …"), so the API can answer 409 with the reason without asking the workflow. Actions of other phases
 * are not listed: their reason is the phase.
 */
export function blockedActions(state: CaseState, profile: PolicyProfile, strict = false): Partial<Record<ActionName, string>> {
  const out: Partial<Record<ActionName, string>> = {};
  for (const name of ACTION_NAMES) {
    const spec = ACTIONS[name] as { phases: Phase[]; requires?: (p: PolicyProfile) => boolean };
    if (!spec.phases.includes(state.phase) || (spec.requires && !spec.requires(profile))) continue;
    const why = precondition(state, name, { strict });
    if (why) out[name] = why;
  }
  return out;
}

/** The 409's message for an action the case does not allow now: its precondition, else its phase or profile. */
export function refusalReason(phase: string, action: ActionName, profile: PolicyProfile, blocked?: Partial<Record<string, string>> | null): string {
  const spec = ACTIONS[action] as { phases: Phase[]; requires?: (p: PolicyProfile) => boolean };
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
  const today = isoDateOf(ctx.now);
  return Object.values(state.deadlines)
    .filter((d): d is DeadlineState => d !== undefined)
    .map((d) => ({
      kind: d.kind,
      dueDate: d.dueDate,
      dueAt: d.dueAt,
      provisional: d.provisional,
      status: d.status,
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
  const spec = ACTIONS[action] as { phases: Phase[]; roles: Role[]; requires?: (p: PolicyProfile) => boolean };
  // The order every action is checked in (the API's too): role 403, then phase and preconditions 409, then the body 400.
  if (!(spec.roles as string[]).includes(actor.role)) {
    throw new DomainError('FORBIDDEN', `action "${action}" needs one of the roles ${spec.roles.join(', ')}`, { action, roles: spec.roles });
  }
  if (spec.requires && !spec.requires(ctx.profile)) {
    throw notAllowed(state, ctx, `action "${action}" is not part of the ${ctx.profile.code} procedure`);
  }
  if (!spec.phases.includes(state.phase)) {
    throw notAllowed(state, ctx, `action "${action}" is not allowed in phase "${state.phase}"`);
  }
  const why = precondition(state, action, ctx);
  if (why) throw notAllowed(state, ctx, why);

  const next = clone(state);
  const events: CaseEvent[] = [];
  const on = actionDate(body, next, ctx);
  HANDLERS[action](next, body, { ctx, on, events, actor });
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
    if (h.ctx.profile.preliminaryCheckStaffMin) {
      // 001 art.14: the preliminary check is done by at least 2 staff.
      const checkers = new Set(stringList(b, 'checkedBy').map((n) => n.trim()));
      if (checkers.size < h.ctx.profile.preliminaryCheckStaffMin) {
        throw invalid('checkedBy', `the preliminary check needs at least ${h.ctx.profile.preliminaryCheckStaffMin} staff (001 art.14)`);
      }
    }
    meet(s, 'acceptance');
    s.phase = 'investigation';
    // 003 art.25 / 001 art.25: investigation completed within 6 months of acceptance.
    openDeadline(s, h.ctx, 'investigation', h.on);
    openDeadline(s, h.ctx, 'reporter_notice', h.on);
    emit(s, h.events, h.ctx, 'accepted', h.actor, { on: h.on, checkedBy: b.checkedBy ?? null });
  },
  reject(s, b, h) {
    const reason = oneOf(b, 'reason', REJECTION_REASONS, '001 art.13');
    meet(s, 'acceptance');
    s.phase = 'rejected';
    openDeadline(s, h.ctx, 'reporter_notice', h.on);
    emit(s, h.events, h.ctx, 'rejected', h.actor, { on: h.on, reason, note: optionalText(b, 'note') });
  },
  transfer(s, b, h) {
    const toOrgId = requiredText(b, 'toOrgId');
    meet(s, 'acceptance');
    s.phase = 'transferred';
    s.closedReason = 'transferred';
    closeAll(s);
    emit(s, h.events, h.ctx, 'transferred', h.actor, { on: h.on, toOrgId, reason: optionalText(b, 'reason') });
  },
  notify_reporter(s, _b, h) {
    meet(s, 'reporter_notice');
    emit(s, h.events, h.ctx, 'reporter_notified', h.actor, { on: h.on });
  },
  uphold_objection(s, b, h) {
    // 001 art.14: the reporter may object to non-acceptance; if the objection holds, the case is accepted.
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
    const name = requiredText(b, 'name');
    const kind = oneOf(b, 'kind', ['team', 'expert'] as const, '003 art.16–17');
    // 003 art.45: every member signs a recusal declaration; a declared conflict (relative, witness, collaborator,
    // supervisor-student relation with the subject or reporter) bars the member.
    if (b.declarationSigned !== true) throw invalid('declarationSigned', 'each member must sign a recusal declaration (003 art.45)');
    const conflicts = stringList(b, 'conflicts');
    if (conflicts.length > 0) {
      throw invalid('conflicts', `member "${name}" declared a conflict (${conflicts.join(', ')}) and may not serve (003 art.45)`);
    }
    if (s.investigation.members.some((m) => m.name === name && m.kind === kind)) {
      throw invalid('name', `"${name}" is already a ${kind} member`);
    }
    s.investigation.members.push({ name, kind, declarationSigned: true });
    emit(s, h.events, h.ctx, 'member_added', h.actor, { name, kind });
  },
  record_interview(s, b, h) {
    const investigators = stringList(b, 'investigators');
    const min = h.ctx.profile.investigation.interviewersMin;
    // 003 art.18 / 001 art.18: interviews are conducted by at least 2 investigators.
    if (new Set(investigators).size < min) throw invalid('investigators', `an interview needs at least ${min} investigators (003 art.18; 001 art.18)`);
    s.investigation.interviews += 1;
    emit(s, h.events, h.ctx, 'interview_recorded', h.actor, { on: h.on, investigators, subject: optionalText(b, 'subject') });
  },
  request_extension(s, b, h) {
    const months = positiveInt(b, 'months');
    const cap = h.ctx.profile.deadlines.extension_cap?.period.amount ?? 0;
    // 003 art.25: at most 6 months in total; 001 art.25: at most 1 year in total.
    if (s.investigation.extendedMonths + months > cap) {
      throw invalid(
        'months',
        `extension of ${months} month(s) exceeds the cap: ${s.investigation.extendedMonths} of ${cap} month(s) already used (${h.ctx.profile.deadlines.extension_cap?.article ?? 'art.25'})`,
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
  },
  suspend(s, b, h) {
    // 003 art.23: time suspended is not counted.
    s.phase = 'suspended';
    s.investigation.suspendedOn = h.on;
    emit(s, h.events, h.ctx, 'suspended', h.actor, { on: h.on, reason: requiredText(b, 'reason') });
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
  terminate(s, b, h) {
    // 001 art.23: termination, e.g. the subject died.
    s.phase = 'terminated';
    s.closedReason = 'terminated';
    closeAll(s);
    emit(s, h.events, h.ctx, 'terminated', h.actor, { on: h.on, reason: requiredText(b, 'reason') });
  },
  submit_report(s, b, h) {
    const team = s.investigation.members.filter((m) => m.kind === 'team').map((m) => m.name);
    const rules = h.ctx.profile.investigation;
    // 001 art.16: the investigation team has at least 3 members (national-2022: 2, a product decision).
    if (team.length < rules.teamMin) {
      throw invalid('members', `the investigation team needs at least ${rules.teamMin} members, it has ${team.length} (art.16)`);
    }
    // 003 art.17 / 001 art.17: an expert panel, where one is formed, has at least 5 members.
    const experts = s.investigation.members.filter((m) => m.kind === 'expert').length;
    if (experts > 0 && experts < rules.expertPanelMin) {
      throw invalid('members', `the expert panel needs at least ${rules.expertPanelMin} members, it has ${experts} (art.17)`);
    }
    const signed = new Set(stringList(b, 'signedBy').map((n) => n.trim()));
    const missing = team.filter((n) => !signed.has(n));
    if (missing.length) throw invalid('signedBy', `the report must be signed by every team member; missing: ${missing.join(', ')}`);
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
    const orgIds = optionalList(b, 'orgIds', (x) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(x), 'organisation ids (UUID)');
    const emails = optionalList(b, 'emails', (x) => /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/.test(x) && x.length <= 254, 'e-mail addresses');
    if (h.ctx.strict && !orgIds?.length && !emails?.length) {
      throw invalid('orgIds', 'name at least one participating organisation or e-mail address to notify (003 art.24)', 'participating_units.none');
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
    const outcome = oneOf(b, 'outcome', DECISION_OUTCOMES, '003 art.29–30, 39');
    const effectiveDate = b.effectiveDate === undefined ? h.on : isoDate(b, 'effectiveDate');
    if (effectiveDate < s.receivedAt) throw invalid('effectiveDate', `cannot be before the case was received (${s.receivedAt})`);
    if (h.ctx.strict && s.lastActionOn && effectiveDate < s.lastActionOn) {
      throw invalid('effectiveDate', `cannot be before the latest action already taken on this case (${s.lastActionOn})`, 'on.out_of_order');
    }
    if (outcome === 'other') requiredText(b, 'summary');
    // The submitted result form lives in PostgreSQL (personal data stays out of history); the event names it.
    const decisionId = b.decisionId === undefined ? null : requiredText(b, 'decisionId');
    if (b.registryRequired !== undefined && typeof b.registryRequired !== 'boolean') throw invalid('registryRequired', 'must be true or false');
    s.handling.decision = { outcome, effectiveDate, summary: optionalText(b, 'summary') ?? undefined, ...(decisionId ? { decisionId, revision: 1 } : {}) };
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
    const outcome = oneOf(b, 'outcome', DECISION_OUTCOMES, '003 art.29–30, 39');
    const effectiveDate = b.effectiveDate === undefined ? h.on : isoDate(b, 'effectiveDate');
    if (effectiveDate < prev.effectiveDate) {
      throw invalid('effectiveDate', `a corrected decision cannot take effect before the decision it corrects (${prev.effectiveDate})`, 'revision.effective_before_original');
    }
    if (h.ctx.strict && s.lastActionOn && effectiveDate < s.lastActionOn) {
      throw invalid('effectiveDate', `cannot be before the latest action already taken on this case (${s.lastActionOn})`, 'on.out_of_order');
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
    const result = oneOf(b, 'result', ['upheld', 'changed', 'revoked'] as const, '003 art.43');
    meet(s, 'review');
    s.reviewDone = true;
    s.phase = 'appeal_window';
    // [decision] RULES.md §3: 15 working days to appeal to the superior after the review result.
    openDeadline(s, h.ctx, 'appeal_application', h.on, true);
    emit(s, h.events, h.ctx, 'review_completed', h.actor, { on: h.on, result, summary: optionalText(b, 'summary') });
  },
  apply_appeal(s, _b, h) {
    meet(s, 'appeal_application');
    s.phase = 're_review';
    openDeadline(s, h.ctx, 'appeal_acceptance', h.on);
    emit(s, h.events, h.ctx, 'appeal_applied', h.actor, { on: h.on });
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
    if (intoCaseId === s.caseId || intoNumber === s.number) throw invalid('intoCaseId', 'a case cannot be merged into itself', 'merge.self');
    s.phase = 'merged';
    s.closedReason = 'merged';
    s.mergedInto = { caseId: intoCaseId, number: intoNumber };
    closeAll(s);
    emit(s, h.events, h.ctx, 'merged_into', h.actor, { on: h.on, caseId: intoCaseId, number: intoNumber, note: optionalText(b, 'note') });
  },
  complete_appeal(s, b, h) {
    // 003 art.42–43: the superior's result is final.
    const result = oneOf(b, 'result', ['upheld', 'changed', 'revoked'] as const, '003 art.43');
    meet(s, 'appeal');
    close(s, 'appeal_completed');
    emit(s, h.events, h.ctx, 'appeal_completed', h.actor, { on: h.on, result, summary: optionalText(b, 'summary') });
  },
};

/** State-dependent preconditions beyond the phase; null when the action may be taken. */
function precondition(s: CaseState, action: ActionName, ctx: Pick<Ctx, 'strict'>): string | null {
  const inv = s.investigation;
  switch (action) {
    case 'approve_plan':
      // 003 art.16: the plan is approved once; a second approval would record nothing new.
      return ctx.strict && inv.planApproved ? 'the investigation plan has already been approved (003 art.16)' : null;
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
      if (!inv.planApproved) return 'the investigation plan has not been approved by the unit head (003 art.16)';
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
        return 'the subject must first be heard: send the proposed decision and wait for the defence, its waiver or its expiry (003 art.27)';
      }
      return null;
    case 'deliver_decision':
      return s.handling.decision ? null : 'there is no decision to deliver';
    case 'revise_decision':
      if (!s.handling.decision) return 'there is no decision to revise';
      if (!s.paper) {
        return "only a result returned in a problem paper's review chain is revised this way (002); a decision in force changes through review (003 art.41–43)";
      }
      if (s.paper.review === 'under_review') return 'the result is under review: withdraw it first (002 可撤回修改), or wait for the reviewer to return it';
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
  emit(s, events, ctx, 'merged_from', signal.actor, { on: signal.on, caseId: signal.caseId, number: signal.number, note: signal.note ?? null });
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
    if (!d.window) {
      d.status = 'overdue';
      emit(s, events, ctx, 'deadline_overdue', null, { kind: d.kind, dueDate: d.dueDate });
      continue;
    }
    d.status = 'closed';
    emit(s, events, ctx, 'window_closed', null, { kind: d.kind, dueDate: d.dueDate });
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
  const d = count(ctx, from, rule.period, []);
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
    period: rule.period,
    adjustments: [],
  };
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
  return new DomainError('ACTION_NOT_ALLOWED', message, { phase: s.phase, allowedActions: allowedActions(s, ctx.profile, undefined, ctx.strict) });
}

function invalid(field: string, message: string, rule?: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { field, ...(rule ? { rule } : {}) });
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
