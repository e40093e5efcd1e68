/**
 * Leads (线索) before cases (issue 22; 004 二(一); 000 §1): a retracted paper, a public-opinion report or a monitoring hit
 * waits at an organisation of the tree until one of its integrity administrators triages it — opens a case (the case's
 * own registration and workflow), dispatches it to a child organisation (which then triages it in turn), or closes it
 * with a reason. Each stay at an organisation has a triage deadline (`lead_triage` of the holder's policy profile,
 * [decision] 15 working days) that turns overdue when missed, like every deadline (it never advances the lead).
 *
 * A lead made from a paper of the national import follows its paper instead: the paper's own flow dispatches it (and
 * opens its case at the institution), and each move of the paper moves the lead (`paperMoved`); triage actions on such a
 * lead are refused, so the two never disagree.
 *
 * Pure reducer: no I/O, no clock (`ctx.now`), safe inside Temporal workflow code.
 */
import { computeDeadline, isoDateOf, type IsoDate, type Period, type WorkingCalendar } from '../calendar';
import { getPolicyProfile } from '../policy';
import { DomainError } from '../shared/domain-error';

export type LeadStatus = 'open' | 'case_opened' | 'closed';
export const LEAD_STATUSES: readonly LeadStatus[] = ['open', 'case_opened', 'closed'];

/** How the lead came in. */
export const LEAD_ORIGINS = ['manual', 'paper_import', 'retraction_watch', 'spot_check', 'report'] as const;
export type LeadOrigin = (typeof LEAD_ORIGINS)[number];

/** What the lead is about; also the source of the case it becomes (RULES.md §2: `retraction`, `media`, `routine` for a spot-check finding, 000 §10, or `report` for a report of the reporter channel, issue 23). */
export const LEAD_CATEGORIES = ['retraction', 'media', 'routine', 'report'] as const;
export type LeadCategory = (typeof LEAD_CATEGORIES)[number];

/** [decision] Reasons for closing a lead without a case (the four of 001 art.13 that apply before a case, and two more). */
export const LEAD_CLOSE_REASONS = [
  'not_misconduct',
  'no_evidence',
  'duplicate',
  'decided_without_new_evidence',
  'outside_jurisdiction',
  'other',
] as const;
export type LeadCloseReason = (typeof LEAD_CLOSE_REASONS)[number];

export const LEAD_ACTIONS = ['dispatch', 'open_case', 'close'] as const;
export type LeadActionName = (typeof LEAD_ACTIONS)[number];

export const LEAD_ROLE = 'integrity_admin';

/** [decision] When a profile has no `lead_triage` rule: 15 working days. */
export const DEFAULT_LEAD_TRIAGE: Period = { amount: 15, unit: 'working_days' };

export interface LeadOrg {
  orgId: string;
  /** Materialised path (ids joined by '/'), root first. */
  path: string;
  level: string;
  name: string;
  /** The organisation's policy profile: its `lead_triage` period applies while the lead is there. */
  profile: string;
}

export interface LeadActor {
  userId: string;
  role: string;
  orgId: string;
  name?: string;
}

export interface LeadEvent {
  seq: number;
  type: string;
  at: string;
  actor: LeadActor | null;
  data: Record<string, unknown>;
}

export type LeadDeadlineStatus = 'open' | 'overdue' | 'met' | 'closed';

/** The triage deadline of one stay at one organisation; `round` counts the stays (0 at creation, +1 per move). */
export interface LeadDeadline {
  round: number;
  kind: 'lead_triage';
  from: IsoDate;
  period: Period;
  dueDate: IsoDate;
  dueAt: string;
  dueAtMs: number;
  provisional: boolean;
  provisionalYears: number[];
  status: LeadDeadlineStatus;
  /** The holder while this deadline runs (supervision counts it in that subtree). */
  orgId: string;
  orgPath: string;
}

export interface LeadState {
  leadId: string;
  number: string;
  status: LeadStatus;
  category: LeadCategory;
  holder: LeadOrg;
  /** Organisations that dispatched it, top first. */
  dispatchedBy: LeadOrg[];
  paperId: string | null;
  /** The paper event sequence last followed (paperMoved is idempotent by it). */
  paperSeq: number;
  caseId: string | null;
  caseNumber: string | null;
  closeReason: LeadCloseReason | null;
  closeNote: string | null;
  /** The current stay's triage deadline; earlier rounds were met (projected as they were). */
  deadline: LeadDeadline;
  version: number;
  seq: number;
}

export interface LeadCtx {
  calendar: WorkingCalendar;
  now: number;
}

export type LeadActionInput =
  | { action: 'dispatch'; actor: LeadActor; expectedVersion?: number; body: { target: LeadOrg; note?: string } }
  | { action: 'open_case'; actor: LeadActor; expectedVersion?: number; body: { source?: LeadCategory; note?: string } }
  | { action: 'close'; actor: LeadActor; expectedVersion?: number; body: { reason: LeadCloseReason; note?: string } };

/** A side effect the workflow carries out after the reducer: registering the case the lead becomes. */
export interface OpenCaseEffect {
  kind: 'open_case';
  source: LeadCategory;
  orgId: string;
  /** The day the organisation decided (Asia/Shanghai): the case counts its deadlines from it. */
  receivedAt: IsoDate;
}

export interface LeadTransition {
  state: LeadState;
  events: LeadEvent[];
  effects: OpenCaseEffect[];
}

function triagePeriod(profile: string): Period {
  try {
    return getPolicyProfile(profile).deadlines.lead_triage?.period ?? DEFAULT_LEAD_TRIAGE;
  } catch {
    return DEFAULT_LEAD_TRIAGE;
  }
}

/** The triage deadline for a stay at `holder` that began on `from`. */
export function triageDeadline(cal: WorkingCalendar, holder: LeadOrg, from: IsoDate, round: number): LeadDeadline {
  const period = triagePeriod(holder.profile);
  const d = computeDeadline(cal, from, period);
  return { round, kind: 'lead_triage', from, period, ...d, status: 'open', orgId: holder.orgId, orgPath: holder.path };
}

function event(s: LeadState, at: number, type: string, actor: LeadActor | null, data: Record<string, unknown>): LeadEvent {
  s.seq += 1;
  return { seq: s.seq, type, at: new Date(at).toISOString(), actor, data };
}

function clone(s: LeadState): LeadState {
  return {
    ...s,
    holder: { ...s.holder },
    dispatchedBy: s.dispatchedBy.map((o) => ({ ...o })),
    deadline: { ...s.deadline, provisionalYears: [...s.deadline.provisionalYears], period: { ...s.deadline.period } },
  };
}

export function openLead(
  input: {
    leadId: string;
    number: string;
    holder: LeadOrg;
    category: LeadCategory;
    paperId?: string | null;
    on: IsoDate;
    openedBy: LeadActor | null;
  },
  ctx: LeadCtx,
): { state: LeadState; events: LeadEvent[] } {
  const state: LeadState = {
    leadId: input.leadId,
    number: input.number,
    status: 'open',
    category: input.category,
    holder: { ...input.holder },
    dispatchedBy: [],
    paperId: input.paperId ?? null,
    paperSeq: 0,
    caseId: null,
    caseNumber: null,
    closeReason: null,
    closeNote: null,
    deadline: triageDeadline(ctx.calendar, input.holder, input.on, 0),
    version: 0,
    seq: 0,
  };
  const events = [
    event(state, ctx.now, 'lead_opened', input.openedBy, {
      holderOrgId: input.holder.orgId,
      category: input.category,
      ...(input.paperId ? { paperId: input.paperId } : {}),
      triageDue: state.deadline.dueDate,
    }),
  ];
  return { state, events };
}

function isChild(parent: LeadOrg, child: LeadOrg): boolean {
  return child.path === `${parent.path}/${child.orgId}`;
}

/** Why `action` is not possible now (the 409's message), or null when it is. Body rules are checked separately. */
export function leadRefusal(s: LeadState, action: string, actorOrgId?: string): string | null {
  if (!(LEAD_ACTIONS as readonly string[]).includes(action)) return `unknown action "${action}"`;
  if (s.status !== 'open')
    return `the lead has been triaged already (${s.status === 'case_opened' ? `case ${s.caseNumber ?? ''} opened` : 'closed'})`;
  if (s.paperId)
    return 'this lead follows its paper of the national import: dispatch the paper (POST /papers/{id}/actions/dispatch); its case opens at the institution';
  if (actorOrgId !== undefined && actorOrgId !== s.holder.orgId)
    return `the lead waits for triage at ${s.holder.name}; only its integrity administrators triage it`;
  if (action === 'dispatch' && s.holder.level === 'institution')
    return 'an institution has no child organisation to dispatch to: open a case or close the lead';
  return null;
}

/** The actions the lead offers an integrity administrator of `orgId` now. */
export function allowedLeadActions(s: LeadState, orgId: string): LeadActionName[] {
  return LEAD_ACTIONS.filter((a) => leadRefusal(s, a, orgId) === null);
}

/** Throws the refusal (409 for the state, 400 for the body) without changing anything: the workflow's validator. */
export function checkLeadAction(s: LeadState, a: LeadActionInput): void {
  if (a.expectedVersion !== undefined && a.expectedVersion !== s.version) {
    throw new DomainError('VERSION_MISMATCH', `the lead is at version ${s.version}, not ${a.expectedVersion}`, { version: s.version });
  }
  const refusal = leadRefusal(s, a.action, a.actor.orgId);
  if (refusal)
    throw new DomainError('ACTION_NOT_ALLOWED', refusal, { status: s.status, allowedActions: allowedLeadActions(s, a.actor.orgId) });
  if (a.action === 'dispatch') {
    const t = a.body?.target;
    if (!t || !isChild(s.holder, t)) {
      throw new DomainError('VALIDATION_FAILED', `targetOrgId: must be a child organisation of ${s.holder.name} (one level down)`, {
        issues: [
          { path: 'targetOrgId', rule: 'child_organisation', message: `must be a child organisation of ${s.holder.name} (one level down)` },
        ],
      });
    }
  }
  if (a.action === 'close') {
    const reason = a.body?.reason;
    if (!(LEAD_CLOSE_REASONS as readonly string[]).includes(reason)) {
      throw new DomainError('VALIDATION_FAILED', `reason: must be one of ${LEAD_CLOSE_REASONS.join(', ')}`, {
        issues: [{ path: 'reason', rule: 'enum', message: `must be one of ${LEAD_CLOSE_REASONS.join(', ')}` }],
      });
    }
    if (reason === 'other' && !(typeof a.body.note === 'string' && a.body.note.trim())) {
      throw new DomainError('VALIDATION_FAILED', 'note: say why the lead is closed when the reason is "other"', {
        issues: [{ path: 'note', rule: 'required_with_other', message: 'say why the lead is closed when the reason is "other"' }],
      });
    }
  }
  if (a.action === 'open_case' && a.body?.source !== undefined && !(LEAD_CATEGORIES as readonly string[]).includes(a.body.source)) {
    throw new DomainError('VALIDATION_FAILED', `source: must be one of ${LEAD_CATEGORIES.join(', ')}`, {
      issues: [{ path: 'source', rule: 'enum', message: `must be one of ${LEAD_CATEGORIES.join(', ')}` }],
    });
  }
}

/** Ends the current stay's deadline: met when triaged in time or late (an overdue deadline met late stays counted). */
function meet(s: LeadState): void {
  if (s.deadline.status === 'open' || s.deadline.status === 'overdue') s.deadline.status = 'met';
}

export function applyLeadAction(prev: LeadState, a: LeadActionInput, ctx: LeadCtx): LeadTransition {
  checkLeadAction(prev, a);
  const s = clone(prev);
  const today = isoDateOf(ctx.now);
  const events: LeadEvent[] = [];
  const effects: OpenCaseEffect[] = [];
  const note = typeof a.body?.note === 'string' && a.body.note.trim() ? { note: a.body.note.trim() } : {};
  switch (a.action) {
    case 'dispatch': {
      const target = a.body.target;
      meet(s);
      const from = s.holder;
      s.dispatchedBy.push(from);
      s.holder = { ...target };
      s.deadline = triageDeadline(ctx.calendar, target, today, prev.deadline.round + 1);
      events.push(
        event(s, ctx.now, 'lead_dispatched', a.actor, {
          fromOrgId: from.orgId,
          toOrgId: target.orgId,
          toName: target.name,
          triageDue: s.deadline.dueDate,
          ...note,
        }),
      );
      break;
    }
    case 'open_case': {
      const source = a.body.source ?? s.category;
      effects.push({ kind: 'open_case', source, orgId: s.holder.orgId, receivedAt: today });
      events.push(event(s, ctx.now, 'case_requested', a.actor, { source, orgId: s.holder.orgId, ...note }));
      break;
    }
    case 'close': {
      meet(s);
      s.status = 'closed';
      s.closeReason = a.body.reason;
      s.closeNote = typeof a.body.note === 'string' && a.body.note.trim() ? a.body.note.trim() : null;
      events.push(event(s, ctx.now, 'lead_closed', a.actor, { reason: a.body.reason, ...note }));
      break;
    }
  }
  s.version += 1;
  return { state: s, events, effects };
}

/** The case registered for the lead (the `open_case` effect's result): the lead is triaged. */
export function linkLeadCase(
  prev: LeadState,
  opened: { caseId: string; caseNumber: string },
  ctx: LeadCtx,
  actor: LeadActor | null,
): LeadTransition {
  const s = clone(prev);
  meet(s);
  s.status = 'case_opened';
  s.caseId = opened.caseId;
  s.caseNumber = opened.caseNumber;
  s.version += 1;
  return {
    state: s,
    events: [event(s, ctx.now, 'case_opened', actor, { caseId: opened.caseId, caseNumber: opened.caseNumber })],
    effects: [],
  };
}

/**
 * The lead's paper moved (its workflow projected a change): a new holder starts a new triage stay there; a case opened
 * for the paper triages the lead. Idempotent by the paper's event sequence: an older or repeated move changes nothing.
 */
export function paperMoved(
  prev: LeadState,
  move: { seq: number; holder: LeadOrg; caseId: string | null; caseNumber: string | null },
  ctx: LeadCtx,
): LeadTransition {
  if (!prev.paperId || move.seq <= prev.paperSeq || prev.status !== 'open') return { state: prev, events: [], effects: [] };
  const s = clone(prev);
  s.paperSeq = move.seq;
  const events: LeadEvent[] = [];
  if (move.caseId && move.caseNumber) {
    meet(s);
    if (move.holder.orgId !== s.holder.orgId) {
      s.dispatchedBy.push(s.holder);
      s.holder = { ...move.holder };
    }
    s.status = 'case_opened';
    s.caseId = move.caseId;
    s.caseNumber = move.caseNumber;
    events.push(
      event(s, ctx.now, 'case_opened', null, { caseId: move.caseId, caseNumber: move.caseNumber, paperSeq: move.seq, viaPaper: true }),
    );
  } else if (move.holder.orgId !== s.holder.orgId) {
    meet(s);
    const from = s.holder;
    const down = move.holder.path.startsWith(`${from.path}/`);
    if (down) s.dispatchedBy.push(from);
    else s.dispatchedBy = s.dispatchedBy.filter((o) => move.holder.path.startsWith(`${o.path}/`));
    s.holder = { ...move.holder };
    s.deadline = triageDeadline(ctx.calendar, move.holder, isoDateOf(ctx.now), prev.deadline.round + 1);
    events.push(
      event(s, ctx.now, down ? 'lead_dispatched' : 'lead_returned', null, {
        fromOrgId: from.orgId,
        toOrgId: move.holder.orgId,
        toName: move.holder.name,
        triageDue: s.deadline.dueDate,
        paperSeq: move.seq,
        viaPaper: true,
      }),
    );
  } else {
    return { state: prev, events: [], effects: [] };
  }
  s.version += 1;
  return { state: s, events, effects: [] };
}

/** A missed triage deadline turns overdue (an event; the lead waits for its administrator). */
export function expireLead(prev: LeadState, ctx: LeadCtx): LeadTransition {
  if (prev.status !== 'open' || prev.deadline.status !== 'open' || prev.deadline.dueAtMs >= ctx.now)
    return { state: prev, events: [], effects: [] };
  const s = clone(prev);
  s.deadline.status = 'overdue';
  s.version += 1;
  return {
    state: s,
    events: [event(s, ctx.now, 'triage_overdue', null, { dueDate: s.deadline.dueDate, orgId: s.holder.orgId })],
    effects: [],
  };
}

/** The instant the current deadline expires (epoch ms), or null when nothing runs. */
export function nextLeadExpiry(s: LeadState): number | null {
  return s.status === 'open' && s.deadline.status === 'open' ? s.deadline.dueAtMs : null;
}

/**
 * A holiday notice was loaded for `year`: a deadline counted over that year is counted again (RULES.md §3). A due date
 * moved later reopens an overdue deadline that is no longer past.
 */
export function recomputeLead(prev: LeadState, ctx: LeadCtx, year: number): LeadTransition {
  const d = prev.deadline;
  if (prev.status !== 'open' || (d.status !== 'open' && d.status !== 'overdue') || !d.provisionalYears.includes(year)) {
    return { state: prev, events: [], effects: [] };
  }
  const again = computeDeadline(ctx.calendar, d.from, d.period);
  const s = clone(prev);
  s.deadline = { ...s.deadline, ...again, status: d.status === 'overdue' && again.dueAtMs < ctx.now ? 'overdue' : 'open' };
  if (again.dueDate === d.dueDate && again.provisional === d.provisional) {
    return { state: s, events: [], effects: [] };
  }
  s.version += 1;
  return {
    state: s,
    events:
      again.dueDate === d.dueDate
        ? []
        : [
            event(s, ctx.now, 'deadline_recomputed', null, {
              kind: 'lead_triage',
              previousDueDate: d.dueDate,
              dueDate: again.dueDate,
              year,
            }),
          ],
    effects: [],
  };
}

export function isLeadOpen(s: LeadState): boolean {
  return s.status === 'open';
}

/** A note on the lead's timeline (e.g. a reminder that reached nobody). */
export function noteLeadEvent(prev: LeadState, ctx: LeadCtx, type: string, data: Record<string, unknown>): LeadTransition {
  const s = clone(prev);
  return { state: s, events: [event(s, ctx.now, type, null, data)], effects: [] };
}

/** Lead numbers `JC<YYYYMM>-<NNN>` (as Zhejiang's provincial system numbers them, 004): one counter per organisation and month. */
export function leadNumber(month: string, n: number): string {
  if (!/^\d{6}$/.test(month)) throw new DomainError('VALIDATION_FAILED', `lead month must be YYYYMM, got "${month}"`);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new DomainError('VALIDATION_FAILED', `lead counter must be a positive whole number, got ${n}`);
  return `JC${month}-${String(n).padStart(3, '0')}`;
}

/** The month (Asia/Shanghai) of an instant, as YYYYMM. */
export function leadMonthOf(ms: number): string {
  return isoDateOf(ms).slice(0, 7).replace('-', '');
}

export function leadWorkflowId(leadId: string): string {
  return `LD-${leadId}`;
}
