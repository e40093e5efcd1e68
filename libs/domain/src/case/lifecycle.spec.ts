/**
 * Unit tests of the case procedure reducer (lifecycle.ts + actions.ts) against RULES.md §3 and the seeds
 * (003 = 003_4e9e56e49ac7f018.txt, national-2022; 001 = 001_bc0ff0bc5a500df1.txt, henan-2021).
 *
 * Real calendar data: the State Council notice for 2026 via the `chinese-days` package (2027 is NOT in the data, so every
 * deadline that reaches 2027 is provisional):
 *   元旦 1/1–1/3 (Sun 1/4 works); 春节 2/15–2/23 (Sat 2/14, Sat 2/28 work); 清明 4/4–4/6; 劳动节 5/1–5/5 (Sat 5/9 works);
 *   端午 6/19–6/21; 中秋 9/25–9/27; 国庆 10/1–10/7 (Sun 9/20, Sat 10/10 work).
 * Every expected date below was counted by hand from that list (and cross-checked with an independent script), never
 * computed with the library under test.
 *
 * Main timeline used by the builders (all 2026, Asia/Shanghai, 10:00 unless stated):
 *   03-02 Mon received + accepted   -> acceptance due 03-23, investigation due 09-02, henan reporter notice due 03-09
 *   03-05 henan: reporter notified;  03-10 plan approved, team added, interview
 *   06-01 Mon report submitted      -> national participating-units notice due 06-23 (端午 6/19 skipped)
 *   06-02 proposed decision sent    -> defence window due 06-09;  06-03 defence waived
 *   06-10 Wed decided (effective)   -> registry report due national 06-25 (10 wd), henan 07-10 (1 month)
 *   06-11 Thu decision delivered    -> review application window due national 07-03 (15 wd), henan 06-26 (15 calendar days)
 *   06-15 review applied            -> review acceptance due 07-07
 *   06-16 review accepted           -> review due 10-27 (90 wd)
 *   07-01 review completed          -> appeal application window due 07-22
 *   07-02 appeal applied            -> appeal acceptance due 07-23
 *   07-03 appeal accepted           -> appeal due 11-12 (90 wd)
 *   07-06 appeal completed          -> closed
 */
import { WorkingCalendar, chineseDaysCalendarYears, type CalendarYear } from '../calendar';
import { getPolicyProfile, type DeadlineKind, type PolicyProfile } from '../policy';
import { DomainError } from '../shared';
import { ACTIONS, ACTION_NAMES, REJECTION_REASONS, TERMINAL_PHASES, type ActionName, type Phase } from './actions';
import {
  allowedActions,
  applyAction,
  checkAction,
  deadlineViews,
  expireDeadlines,
  isOpen,
  nextExpiry,
  openCase,
  recomputeDeadlines,
  noteEvent,
  notePaperResult,
  noteMergedFrom,
  type ActorRef,
  type CaseEvent,
  type CaseState,
  type Ctx,
  type DeadlineState,
  type Transition,
} from './lifecycle';

// ---------------------------------------------------------------------------------------------------------------------
// fixtures

const CAL = new WorkingCalendar(chineseDaysCalendarYears(require('chinese-days/dist/chinese-days.json')));
const NATIONAL = getPolicyProfile('national-2022');
const HENAN = getPolicyProfile('henan-2021');
const PROFILES: Array<[string, PolicyProfile]> = [
  ['national-2022', NATIONAL],
  ['henan-2021', HENAN],
];

/** Epoch ms of an Asia/Shanghai wall-clock time 'YYYY-MM-DD[THH:mm[:ss[.mmm]]]' (UTC+8, no DST). */
function at(local: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?)?$/.exec(local);
  if (!m) throw new Error(`bad local time ${local}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = m;
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms) - 8 * 3_600_000;
}

const actor = (role: string): ActorRef => ({ userId: `u-${role}`, role, orgId: 'org-1', name: role });
const OFFICER = actor('case_officer');
const ADMIN = actor('integrity_admin');
const HEAD = actor('unit_head');
const INVESTIGATOR = actor('investigator');
const ALL_ROLES = ['integrity_admin', 'case_officer', 'investigator', 'unit_head', 'supervisor', 'system_admin'];

const TEAM = ['Zhang Wei', 'Li Na', 'Wang Fang'];
const CHECKERS = ['Zhao Min', 'Qian Lei'];

type Body = Record<string, unknown>;

/** A valid body for each action (where the state allows the action at all). */
const BODY: Record<ActionName, Body> = {
  accept: { checkedBy: CHECKERS },
  reject: { reason: 'no_evidence' },
  transfer: { toOrgId: 'org-2' },
  notify_reporter: {},
  uphold_objection: { note: 'new evidence supplied' },
  close_objection_period: { note: 'no objection received' },
  approve_plan: {},
  add_member: { name: 'Sun Li', kind: 'team', declarationSigned: true },
  record_interview: { investigators: ['Zhang Wei', 'Li Na'], subject: 'subject' },
  request_extension: { months: 2, reason: 'especially complex' },
  decide_extension: { approve: true },
  request_suspension: { reason: 'key information missing' },
  decide_suspension: { approve: true },
  suspend: { reason: 'key information missing' },
  resume: {},
  request_termination: { reason: 'the subject died' },
  decide_termination: { approve: true },
  terminate: { reason: 'the subject died' },
  request_recusal: { requestedBy: 'subject', member: 'Zhang Wei', reason: 'co-author of the subject' },
  decide_recusal: { upheld: true },
  submit_report: { signedBy: TEAM },
  notify_participating_units: { emails: ['units@example.org'] },
  send_proposed_decision: {},
  record_defence: { summary: 'statement' },
  waive_defence: {},
  decide: { outcome: 'misconduct' },
  deliver_decision: {},
  report_registry: {},
  revise_decision: {
    reason: 'the province returned the penalty',
    decisionId: 'decision-2',
    outcome: 'misconduct',
    registryRequired: false,
  },
  apply_review: {},
  accept_review: {},
  refuse_review: { reason: 'no new evidence' },
  complete_review: { result: 'upheld' },
  apply_appeal: {},
  accept_appeal: {},
  refuse_appeal: { reason: 'same facts and reasons' },
  complete_appeal: { result: 'upheld' },
  merge_into: { intoCaseId: 'case-2', intoNumber: 'YJ-2026-0002', note: 'the same paper reported twice' },
};

/** A role allowed to take each action (the first one tried by the builders). */
function defaultActor(action: string): ActorRef {
  if (action === 'approve_plan' || action === 'decide_extension') return HEAD;
  if (action === 'decide_suspension' || action === 'decide_termination' || action === 'decide_recusal') return HEAD;
  if (action === 'decide' || action === 'revise_decision' || action === 'complete_review' || action === 'complete_appeal') return HEAD;
  return OFFICER;
}

/** The DomainError a call throws; fails the test if it succeeds or throws anything else. */
function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}

function snapshot<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** A case driven through the reducer, keeping every event (the Temporal workflow's job, in miniature). */
class Run {
  state!: CaseState;
  readonly events: CaseEvent[] = [];
  readonly transitions: Transition[] = [];
  now: number;
  last!: Transition;

  constructor(
    readonly profile: PolicyProfile,
    receivedAt = '2026-03-02',
    public calendar: WorkingCalendar = CAL,
    now = at(`${receivedAt}T10:00`),
    /** The rules of cases that start on the current workflow code (Ctx.strict); false = a case from before them. */
    readonly strict = true,
    /** A case opened for a problem paper (issue 18). */
    paperId?: string,
  ) {
    this.now = now;
    this.record(
      openCase(
        {
          caseId: 'case-1',
          number: 'YJ-2026-0001',
          profile: profile.code,
          source: paperId ? 'retraction' : 'report',
          receivedAt,
          openedBy: OFFICER,
          ...(paperId ? { paperId } : {}),
        },
        this.ctx(),
      ),
    );
  }

  ctx(): Ctx {
    return { profile: this.profile, calendar: this.calendar, now: this.now, strict: this.strict };
  }

  /** Set the clock: 'YYYY-MM-DD' (10:00) or a full local time. */
  at(local: string): this {
    this.now = at(local.includes('T') ? local : `${local}T10:00`);
    return this;
  }

  act(action: string, body?: Body, who?: ActorRef): this {
    this.record(applyAction(this.state, action, who ?? defaultActor(action), body ?? BODY[action as ActionName] ?? {}, this.ctx()));
    return this;
  }

  /** The refusal of an action; also checks the refused action left the state untouched. */
  refuse(action: string, body?: Body, who?: ActorRef): DomainError {
    const before = snapshot(this.state);
    const err = refusal(() =>
      applyAction(this.state, action, who ?? defaultActor(action), body ?? BODY[action as ActionName] ?? {}, this.ctx()),
    );
    expect(this.state).toEqual(before);
    return err;
  }

  expire(): this {
    this.record(expireDeadlines(this.state, this.ctx()));
    return this;
  }

  recompute(calendar: WorkingCalendar, year: number): this {
    this.calendar = calendar;
    this.record(recomputeDeadlines(this.state, this.ctx(), year));
    return this;
  }

  d(kind: DeadlineKind): DeadlineState {
    const d = this.state.deadlines[kind];
    if (!d) throw new Error(`no ${kind} deadline`);
    return d;
  }

  allowed(role?: string): ActionName[] {
    return allowedActions(this.state, this.profile, role, this.strict);
  }

  private record(t: Transition): void {
    this.last = t;
    this.transitions.push(t);
    this.state = t.state;
    this.events.push(...t.events);
  }
}

// Builders along the main timeline (see the header).
const opened = (p: PolicyProfile, receivedAt = '2026-03-02') => new Run(p, receivedAt);
const accepted = (p: PolicyProfile) => opened(p).act('accept');
const investigated = (p: PolicyProfile) => {
  const r = accepted(p);
  if (p.deadlines.reporter_notice) r.at('2026-03-05').act('notify_reporter');
  r.at('2026-03-10').act('approve_plan');
  for (const name of TEAM) r.act('add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
  return r.act('record_interview');
};
const reported = (p: PolicyProfile) => investigated(p).at('2026-06-01').act('submit_report');
const heard = (p: PolicyProfile) => reported(p).at('2026-06-02').act('send_proposed_decision').at('2026-06-03').act('waive_defence');
const decided = (p: PolicyProfile, outcome = 'misconduct') =>
  heard(p)
    .at('2026-06-10')
    .act('decide', { outcome, summary: outcome === 'other' ? 'the paper was corrected' : undefined });
const delivered = (p: PolicyProfile, outcome = 'misconduct') => decided(p, outcome).at('2026-06-11').act('deliver_decision');
const inReview = (p: PolicyProfile, outcome = 'misconduct') => delivered(p, outcome).at('2026-06-15').act('apply_review');
const reviewAccepted = (p: PolicyProfile, outcome = 'misconduct') => inReview(p, outcome).at('2026-06-16').act('accept_review');
const reviewed = (p: PolicyProfile, outcome = 'misconduct') => reviewAccepted(p, outcome).at('2026-07-01').act('complete_review');
const inReReview = (p: PolicyProfile, outcome = 'misconduct') => reviewed(p, outcome).at('2026-07-02').act('apply_appeal');
const appealAccepted = (p: PolicyProfile, outcome = 'misconduct') => inReReview(p, outcome).at('2026-07-03').act('accept_appeal');
const appealed = (p: PolicyProfile, outcome = 'misconduct') => appealAccepted(p, outcome).at('2026-07-06').act('complete_appeal');

const ALL_PHASES: Phase[] = [
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

/** A case in `phase`, reached by real actions (national 'terminated' cannot be reached: the phase is set by hand). */
function inPhase(p: PolicyProfile, phase: Phase): Run {
  switch (phase) {
    case 'intake':
      return opened(p);
    case 'rejected':
      return opened(p).act('reject');
    case 'transferred':
      return opened(p).act('transfer');
    case 'investigation':
      return accepted(p);
    case 'suspended':
      return accepted(p).at('2026-03-03').act('suspend');
    case 'terminated': {
      if (p.allowsTermination) return accepted(p).act('terminate');
      const r = accepted(p);
      r.state = { ...r.state, phase: 'terminated' };
      return r;
    }
    case 'handling':
      return reported(p);
    case 'appeal_window':
      return delivered(p);
    case 'review':
      return inReview(p);
    case 're_review':
      return inReReview(p);
    case 'closed':
      return appealed(p);
    case 'merged':
      return accepted(p).act('merge_into');
  }
}

const running = (s: CaseState) => Object.values(s.deadlines).filter((d) => d && (d.status === 'open' || d.status === 'overdue'));

// ---------------------------------------------------------------------------------------------------------------------

describe('test fixtures', () => {
  it('at() converts Asia/Shanghai wall-clock time to epoch ms (UTC+8)', () => {
    expect(new Date(at('2026-03-02T10:00')).toISOString()).toBe('2026-03-02T02:00:00.000Z');
    expect(new Date(at('2026-03-23T23:59:59')).toISOString()).toBe('2026-03-23T15:59:59.000Z');
  });

  it('the real calendar knows 2026 and not 2027', () => {
    expect(CAL.hasYear(2026)).toBe(true);
    expect(CAL.hasYear(2027)).toBe(false);
  });
});

describe('openCase', () => {
  it.each(PROFILES)('%s: phase intake, version 1, one case_opened event with seq 1', (_, p) => {
    const r = opened(p);
    expect(r.state.phase).toBe('intake');
    expect(r.state.version).toBe(1);
    expect(r.state.seq).toBe(1);
    expect(r.state.profile).toBe(p.code);
    expect(r.state.receivedAt).toBe('2026-03-02');
    expect(r.state.closedReason).toBeNull();
    expect(r.events).toEqual([
      {
        seq: 1,
        type: 'case_opened',
        at: '2026-03-02T02:00:00.000Z',
        actor: OFFICER,
        data: { source: 'report', receivedAt: '2026-03-02', profile: p.code },
      },
    ]);
    expect(Object.keys(r.state.deadlines)).toEqual(['acceptance']);
    expect(isOpen(r.state, p)).toBe(true);
  });

  it.each(PROFILES)(
    '%s: acceptance deadline = 15 working days after receipt (003/001 art.14), across 春节: received 02-09 -> due 03-06',
    (_, p) => {
      // 2/10–2/13 (4), Sat 2/14 make-up (5), 2/15–2/23 holiday, 2/24–2/27 (9), Sat 2/28 make-up (10), 3/2–3/6 (15).
      // Counting weekends only would give 03-02.
      const r = new Run(p, '2026-02-09');
      expect(r.d('acceptance')).toEqual({
        kind: 'acceptance',
        dueDate: '2026-03-06',
        dueAt: '2026-03-06T23:59:59+08:00',
        dueAtMs: at('2026-03-06T23:59:59'),
        provisional: false,
        provisionalYears: [],
        status: 'open',
        window: false,
        from: '2026-02-09',
        period: { amount: 15, unit: 'working_days' },
        adjustments: [],
      });
      expect(nextExpiry(r.state)).toBe(at('2026-03-06T23:59:59'));
    },
  );

  it('acceptance deadline: the trigger day is not counted (received Mon 03-02 -> due Mon 03-23)', () => {
    expect(opened(NATIONAL).d('acceptance').dueDate).toBe('2026-03-23');
  });

  it('deadlineViews: remaining working days while open, overdue working days once overdue', () => {
    const r = opened(NATIONAL);
    expect(deadlineViews(r.state, r.ctx())).toEqual([
      {
        kind: 'acceptance',
        dueDate: '2026-03-23',
        dueAt: '2026-03-23T23:59:59+08:00',
        provisional: false,
        status: 'open',
        remainingWorkingDays: 15,
        overdueWorkingDays: 0,
      },
    ]);
    r.at('2026-03-25').expire();
    expect(deadlineViews(r.state, r.ctx())[0]).toMatchObject({ status: 'overdue', remainingWorkingDays: 0, overdueWorkingDays: 2 });
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('intake: accept / reject / transfer (003 art.13–14; 001 art.13–14)', () => {
  it('national accept needs no checkedBy (003 art.14 sets no preliminary-check staff)', () => {
    const r = opened(NATIONAL).act('accept', {});
    expect(r.state.phase).toBe('investigation');
    expect(r.d('acceptance').status).toBe('met');
    expect(r.state.deadlines.reporter_notice).toBeUndefined();
    expect(r.last.events.map((e) => e.type)).toEqual(['accepted']);
    expect(r.last.events[0].data).toEqual({ on: '2026-03-02', checkedBy: null });
  });

  it.each([
    ['missing', undefined],
    ['empty', []],
    ['one name', ['Zhao Min']],
    ['the same name twice', ['Zhao Min', 'Zhao Min']],
    ['the same name twice, once padded', ['Zhao Min', ' Zhao Min ']],
  ])('henan accept refused when checkedBy is %s: the preliminary check needs 2 staff (001 art.14)', (_, checkedBy) => {
    const r = opened(HENAN);
    const err = r.refuse('accept', checkedBy === undefined ? {} : { checkedBy });
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details).toMatchObject({ field: 'checkedBy' });
    expect(err.message).toContain('001 art.14');
    expect(err.message).toContain('2');
  });

  it('henan accept refuses a checkedBy that is not a list of names', () => {
    expect(opened(HENAN).refuse('accept', { checkedBy: 'Zhao Min, Qian Lei' }).code).toBe('VALIDATION_FAILED');
    expect(opened(HENAN).refuse('accept', { checkedBy: ['Zhao Min', ''] }).code).toBe('VALIDATION_FAILED');
  });

  it('henan accept with 2 staff: investigation, acceptance met, reporter notice due 5 working days after the check (001 art.14)', () => {
    const r = opened(HENAN).act('accept', { checkedBy: CHECKERS });
    expect(r.state.phase).toBe('investigation');
    expect(r.d('acceptance').status).toBe('met');
    expect(r.d('reporter_notice')).toMatchObject({ dueDate: '2026-03-09', status: 'open', window: false, from: '2026-03-02' });
    expect(r.last.events[0]).toMatchObject({ type: 'accepted', data: { on: '2026-03-02', checkedBy: CHECKERS } });
  });

  it('henan reporter notice counts working days across 国庆: checked 09-28 -> due Sat 10-10 (make-up day)', () => {
    // 9/29, 9/30 (2), 10/1–10/7 holiday, 10/8, 10/9 (4), Sat 10/10 make-up (5)
    const r = new Run(HENAN, '2026-09-21').at('2026-09-28').act('accept');
    expect(r.d('reporter_notice').dueDate).toBe('2026-10-10');
  });

  it.each(REJECTION_REASONS.map((r) => [r]))('reject accepts the reason "%s" (001 art.13 (一)–(四))', (reason) => {
    const r = opened(NATIONAL).act('reject', { reason, note: 'see file' });
    expect(r.state.phase).toBe('rejected');
    expect(r.last.events[0]).toMatchObject({ type: 'rejected', data: { on: '2026-03-02', reason, note: 'see file' } });
  });

  it('the rejection reasons are exactly the four of 001 art.13', () => {
    expect([...REJECTION_REASONS]).toEqual([
      'not_misconduct',
      'no_evidence',
      'repeat_without_new_evidence',
      'decided_without_new_evidence',
    ]);
  });

  it.each([
    ['missing', {}],
    ['unknown', { reason: 'too_busy' }],
    ['not text', { reason: 1 }],
  ])('reject refused when the reason is %s (001 art.13)', (_, body) => {
    const err = opened(HENAN).refuse('reject', body);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details).toMatchObject({ field: 'reason' });
    expect(err.message).toContain('001 art.13');
  });

  it('national reject: acceptance met, no reporter notice, case ends (no objection procedure in 003)', () => {
    const r = opened(NATIONAL).act('reject');
    expect(r.d('acceptance').status).toBe('met');
    expect(r.state.deadlines.reporter_notice).toBeUndefined();
    expect(running(r.state)).toHaveLength(0);
    expect(isOpen(r.state, NATIONAL)).toBe(false);
    expect(r.allowed()).toEqual([]);
  });

  it('henan reject: reporter notice due in 5 working days; the case stays open for an objection (001 art.14)', () => {
    const r = opened(HENAN).act('reject');
    expect(r.d('reporter_notice')).toMatchObject({ dueDate: '2026-03-09', status: 'open' });
    expect(isOpen(r.state, HENAN)).toBe(true);
    expect(r.allowed()).toEqual(['notify_reporter', 'uphold_objection', 'close_objection_period']);
    r.act('notify_reporter');
    expect(r.d('reporter_notice').status).toBe('met');
    expect(r.last.events[0].type).toBe('reporter_notified');
    // notified, still open: the reporter may object
    expect(isOpen(r.state, HENAN)).toBe(true);
    expect(r.allowed()).toEqual(['uphold_objection', 'close_objection_period']);
  });

  it('henan close_objection_period: once closed, the rejected case is finished (isOpen false) and no objection can be upheld', () => {
    const r = opened(HENAN).act('reject').act('notify_reporter').act('close_objection_period');
    expect(r.state.phase).toBe('rejected');
    expect(isOpen(r.state, HENAN)).toBe(false);
    expect(r.allowed()).toEqual([]);
    expect(r.last.events[0].type).toBe('objection_period_closed');
    expect(r.refuse('uphold_objection').code).toBe('ACTION_NOT_ALLOWED');
  });

  it('henan uphold_objection: the case is accepted after all; the 6-month investigation runs from that day (001 art.14, art.25)', () => {
    const r = opened(HENAN).act('reject').at('2026-03-31').act('uphold_objection');
    expect(r.state.phase).toBe('investigation');
    expect(r.d('investigation')).toMatchObject({ from: '2026-03-31', dueDate: '2026-09-30', status: 'open' });
    expect(r.last.events[0]).toMatchObject({ type: 'objection_upheld', data: { on: '2026-03-31', note: 'new evidence supplied' } });
  });

  it.each(PROFILES)('%s transfer: needs toOrgId; ends the case with no running deadline (terminal, isOpen false)', (_, p) => {
    expect(opened(p).refuse('transfer', {}).details).toMatchObject({ field: 'toOrgId' });
    expect(opened(p).refuse('transfer', { toOrgId: '  ' }).code).toBe('VALIDATION_FAILED');
    // even an overdue acceptance deadline is settled by the transfer
    const r = opened(p).at('2026-03-24').expire();
    expect(r.d('acceptance').status).toBe('overdue');
    r.act('transfer', { toOrgId: 'org-2', reason: 'not our remit' });
    expect(r.state.phase).toBe('transferred');
    expect(r.state.closedReason).toBe('transferred');
    expect(running(r.state)).toHaveLength(0);
    expect(nextExpiry(r.state)).toBeNull();
    expect(isOpen(r.state, p)).toBe(false);
    expect(TERMINAL_PHASES).toContain('transferred');
    expect(r.allowed()).toEqual([]);
    expect(r.last.events[0]).toMatchObject({ type: 'transferred', data: { on: '2026-03-24', toOrgId: 'org-2', reason: 'not our remit' } });
  });

  it('henan notify_reporter: allowed while the notice is open or overdue, refused once given', () => {
    const r = accepted(HENAN).at('2026-03-10').expire();
    expect(r.d('reporter_notice').status).toBe('overdue');
    expect(r.allowed('case_officer')).toContain('notify_reporter');
    r.act('notify_reporter');
    expect(r.d('reporter_notice').status).toBe('met');
    const err = r.refuse('notify_reporter');
    expect(err.code).toBe('ACTION_NOT_ALLOWED');
    expect(err.message).toContain('no reporter notice is due');
  });

  it('henan: a reporter notice still owed after the investigation can be given later (it must not stay overdue for good)', () => {
    const r = accepted(HENAN).at('2026-03-10').act('approve_plan');
    for (const name of TEAM) r.act('add_member', { name, kind: 'team', declarationSigned: true });
    r.act('submit_report').expire();
    expect(r.state.phase).toBe('handling');
    expect(r.d('reporter_notice').status).toBe('overdue');
    expect(r.allowed('case_officer')).toContain('notify_reporter');
    r.act('notify_reporter');
    expect(r.d('reporter_notice').status).toBe('met');
  });

  it('the plan is approved once: a second approval is refused (strict rules), a case from before them takes it', () => {
    const r = accepted(NATIONAL).at('2026-03-10').act('approve_plan');
    expect(r.allowed('unit_head')).not.toContain('approve_plan');
    const err = r.refuse('approve_plan');
    expect(err.code).toBe('ACTION_NOT_ALLOWED');
    expect(err.message).toContain('already been approved (003 art.16)');
    const legacy = new Run(NATIONAL, '2026-03-02', CAL, at('2026-03-02T10:00'), false).act('accept').act('approve_plan');
    legacy.act('approve_plan');
    expect(legacy.events.filter((e) => e.type === 'plan_approved')).toHaveLength(2);
  });

  it('notifying participating units names at least one organisation or address (strict rules)', () => {
    const r = reported(NATIONAL);
    const err = r.refuse('notify_participating_units', {});
    expect(err.issues[0]).toMatchObject({ path: 'orgIds', rule: 'participating_units.none' });
    expect(r.d('participating_units_notice').status).toBe('open');
    r.act('notify_participating_units', { emails: ['units@example.org'] });
    expect(r.d('participating_units_notice').status).toBe('met');
  });

  describe('action date ("on")', () => {
    it('a back-dated action counts its deadlines from that date', () => {
      const r = opened(HENAN).at('2026-03-05').act('accept', { checkedBy: CHECKERS, on: '2026-03-03' });
      expect(r.d('investigation').from).toBe('2026-03-03');
      expect(r.d('investigation').dueDate).toBe('2026-09-03');
      expect(r.d('reporter_notice').dueDate).toBe('2026-03-10');
    });

    it.each([
      ['in the future', '2026-03-03', 'future'],
      ['before receipt', '2026-03-01', 'before the case was received'],
      ['not a date', '2026-02-30', 'YYYY-MM-DD'],
    ])('refused when %s', (_, on, text) => {
      const err = opened(NATIONAL).refuse('accept', { on });
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details.field).toBe('on');
      expect(err.message).toContain(text);
    });

    it('refuses an action dated before the latest action already taken (strict rules)', () => {
      const r = opened(NATIONAL).at('2026-03-10').act('accept', { on: '2026-03-06' });
      expect(r.state.lastActionOn).toBe('2026-03-06');
      const err = r.refuse('suspend', { reason: 'missing data', on: '2026-03-05' });
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.issues).toEqual([
        { path: 'on', rule: 'on.out_of_order', message: 'cannot be before the latest action already taken on this case (2026-03-06)' },
      ]);
      r.act('suspend', { reason: 'missing data', on: '2026-03-06' });
      expect(r.refuse('resume', { on: '2026-03-05' }).issues[0]).toMatchObject({ path: 'on', rule: 'on.out_of_order' });
      r.act('resume', { on: '2026-03-09' });
      expect(r.state.lastActionOn).toBe('2026-03-09');
    });

    it('a case from before the strict rules keeps taking actions dated out of order', () => {
      const r = new Run(NATIONAL, '2026-03-02', CAL, at('2026-03-10T10:00'), false).act('accept', { on: '2026-03-06' });
      r.act('suspend', { reason: 'missing data', on: '2026-03-05' });
      expect(r.state.phase).toBe('suspended');
    });

    it('refuses a decision effective before the latest action already taken', () => {
      const r = heard(NATIONAL).at('2026-06-10');
      const err = r.refuse('decide', { outcome: 'misconduct', effectiveDate: '2026-06-01' });
      expect(err.issues[0]).toMatchObject({ path: 'effectiveDate', rule: 'on.out_of_order' });
      r.act('decide', { outcome: 'misconduct', effectiveDate: '2026-06-03' });
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('investigation (003 art.16–25; 001 art.16–25)', () => {
  describe('6-month deadline from acceptance (art.25)', () => {
    it.each(PROFILES)('%s: accepted 03-02 -> due 09-02', (_, p) => {
      expect(accepted(p).d('investigation')).toMatchObject({
        from: '2026-03-02',
        dueDate: '2026-09-02',
        dueAt: '2026-09-02T23:59:59+08:00',
        period: { amount: 6, unit: 'months' },
        status: 'open',
        window: false,
        provisional: false,
      });
    });

    it.each(PROFILES)("%s: 03-31 + 6 months -> 09-30 (September has no 31st: the month's last day)", (_, p) => {
      expect(opened(p).at('2026-03-31').act('accept').d('investigation').dueDate).toBe('2026-09-30');
    });

    it.each(PROFILES)('%s: 04-03 + 6 months = Sat 10-03 (国庆) -> rolls to the next working day 10-08', (_, p) => {
      expect(opened(p).at('2026-04-03').act('accept').d('investigation').dueDate).toBe('2026-10-08');
    });
  });

  it('approve_plan: only the unit head approves the plan (003 art.16)', () => {
    const r = accepted(NATIONAL);
    expect(r.refuse('approve_plan', {}, OFFICER).code).toBe('FORBIDDEN');
    r.act('approve_plan', { note: 'ok' }, HEAD);
    expect(r.state.investigation.planApproved).toBe(true);
    expect(r.last.events[0]).toMatchObject({ type: 'plan_approved', actor: HEAD });
  });

  describe('add_member: recusal declarations (003 art.45)', () => {
    it.each([
      ['missing', { name: 'A', kind: 'team' }],
      ['false', { name: 'A', kind: 'team', declarationSigned: false }],
      ['"true" as text', { name: 'A', kind: 'team', declarationSigned: 'true' }],
    ])('refused when the declaration is %s', (_, body) => {
      const err = accepted(NATIONAL).refuse('add_member', body);
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details).toMatchObject({ field: 'declarationSigned' });
      expect(err.message).toContain('003 art.45');
    });

    it('refused when the member declares a conflict (relative, witness, collaborator, supervisor-student)', () => {
      const err = accepted(NATIONAL).refuse('add_member', {
        name: 'A',
        kind: 'expert',
        declarationSigned: true,
        conflicts: ['collaborator of the subject'],
      });
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details).toMatchObject({ field: 'conflicts' });
      expect(err.message).toContain('003 art.45');
      expect(err.message).toContain('collaborator of the subject');
    });

    it('refuses a missing name, an unknown kind and a duplicate member', () => {
      const r = accepted(NATIONAL);
      expect(r.refuse('add_member', { kind: 'team', declarationSigned: true }).details).toMatchObject({ field: 'name' });
      expect(r.refuse('add_member', { name: 'A', kind: 'observer', declarationSigned: true }).details).toMatchObject({ field: 'kind' });
      r.act('add_member', { name: 'A', kind: 'team', declarationSigned: true });
      expect(r.refuse('add_member', { name: ' A ', kind: 'team', declarationSigned: true }).details).toMatchObject({ field: 'name' });
      // the same person may sit on the team and the expert panel
      r.act('add_member', { name: 'A', kind: 'expert', declarationSigned: true });
      expect(r.state.investigation.members).toEqual([
        { name: 'A', kind: 'team', declarationSigned: true },
        { name: 'A', kind: 'expert', declarationSigned: true },
      ]);
    });

    it('a signed declaration without conflicts adds the member and records member_added', () => {
      const r = accepted(HENAN).act('add_member', { name: ' Sun Li ', kind: 'team', declarationSigned: true, conflicts: [] });
      expect(r.state.investigation.members).toEqual([{ name: 'Sun Li', kind: 'team', declarationSigned: true }]);
      expect(r.last.events[0]).toMatchObject({ type: 'member_added', data: { name: 'Sun Li', kind: 'team' } });
    });
  });

  describe('record_interview: at least 2 investigators (003/001 art.18)', () => {
    it.each([
      ['none', []],
      ['one', ['Zhang Wei']],
      ['the same one twice', ['Zhang Wei', 'Zhang Wei']],
    ])('refused with %s', (_, investigators) => {
      const err = accepted(NATIONAL).refuse('record_interview', { investigators });
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details).toMatchObject({ field: 'investigators' });
      expect(err.message).toContain('art.18');
    });

    it.each(PROFILES)('%s: two distinct investigators: the interview is recorded (an investigator may record it)', (_, p) => {
      const r = accepted(p).act('record_interview', { investigators: ['Zhang Wei', 'Li Na'], subject: 'witness' }, INVESTIGATOR);
      expect(r.state.investigation.interviews).toBe(1);
      expect(r.last.events[0]).toMatchObject({
        type: 'interview_recorded',
        actor: INVESTIGATOR,
        data: { investigators: ['Zhang Wei', 'Li Na'], subject: 'witness' },
      });
    });
  });

  describe('submit_report', () => {
    const withTeam = (p: PolicyProfile, names: string[], approve = true) => {
      const r = accepted(p);
      if (approve) r.act('approve_plan');
      for (const name of names) r.act('add_member', { name, kind: 'team', declarationSigned: true });
      return r;
    };

    it.each(PROFILES)('%s: refused until the unit head approved the plan (003/001 art.16)', (_, p) => {
      const r = withTeam(p, TEAM, false);
      expect(r.allowed('case_officer')).not.toContain('submit_report');
      const err = r.refuse('submit_report', { signedBy: TEAM });
      expect(err.code).toBe('ACTION_NOT_ALLOWED');
      // the article of the case's own profile (issue 17 point 11): 003 art.16 / 001 art.16
      expect(err.message).toContain(`${p.source.slice(0, 3)} art.16`);
      r.act('approve_plan').act('submit_report', { signedBy: TEAM });
      expect(r.state.phase).toBe('handling');
    });

    it.each(PROFILES)('%s: refused until every team member signed the report (003/001 art.24)', (_, p) => {
      const r = withTeam(p, TEAM);
      const err = r.refuse('submit_report', { signedBy: ['Zhang Wei', 'Li Na'] });
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details).toMatchObject({ field: 'signedBy' });
      expect(err.message).toContain('Wang Fang');
      expect(r.refuse('submit_report', {}).details).toMatchObject({ field: 'signedBy' });
      r.act('submit_report', { signedBy: [...TEAM].reverse(), summary: 'facts established' }, INVESTIGATOR);
      expect(r.state.phase).toBe('handling');
      expect(r.state.handling.reportSubmitted).toBe(true);
      expect(r.d('investigation').status).toBe('met');
      expect(r.last.events[0]).toMatchObject({ type: 'report_submitted', data: { summary: 'facts established' } });
    });

    it('henan: refused with a team of 2: the investigation team has at least 3 members (001 art.16)', () => {
      const r = withTeam(HENAN, ['Zhang Wei', 'Li Na']);
      const err = r.refuse('submit_report', { signedBy: ['Zhang Wei', 'Li Na'] });
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details).toMatchObject({ field: 'members' });
      expect(err.message).toContain('3');
      r.act('add_member', { name: 'Wang Fang', kind: 'team', declarationSigned: true }).act('submit_report', { signedBy: TEAM });
      expect(r.state.phase).toBe('handling');
    });

    it('national: a team of 2 suffices (profile decision: teamMin 2), a team of 1 does not', () => {
      expect(withTeam(NATIONAL, ['Zhang Wei']).refuse('submit_report', { signedBy: ['Zhang Wei'] }).details).toMatchObject({
        field: 'members',
      });
      const r = withTeam(NATIONAL, ['Zhang Wei', 'Li Na']).act('submit_report', { signedBy: ['Zhang Wei', 'Li Na'] });
      expect(r.state.phase).toBe('handling');
    });

    it.each(PROFILES)('%s: an expert panel, where formed, has at least 5 members (003/001 art.17); experts need not sign', (_, p) => {
      const r = withTeam(p, TEAM);
      for (const name of ['E1', 'E2', 'E3', 'E4']) r.act('add_member', { name, kind: 'expert', declarationSigned: true });
      const err = r.refuse('submit_report', { signedBy: TEAM });
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.message).toContain('5');
      r.act('add_member', { name: 'E5', kind: 'expert', declarationSigned: true }).act('submit_report', { signedBy: TEAM });
      expect(r.state.phase).toBe('handling');
    });

    it('an overdue investigation deadline does not block the report; the report settles it', () => {
      const r = investigated(NATIONAL).at('2026-09-03').expire();
      expect(r.d('investigation').status).toBe('overdue');
      expect(r.state.phase).toBe('investigation');
      r.act('submit_report');
      expect(r.d('investigation').status).toBe('met');
    });
  });

  describe('extension (003 art.25: at most 6 months in total; 001 art.25: at most 1 year)', () => {
    it.each(PROFILES)('%s: approved extension moves the deadline N months from the current due date', (_, p) => {
      const r = accepted(p).act('request_extension', { months: 2, reason: 'complex' });
      expect(r.state.investigation.pendingExtensionMonths).toBe(2);
      expect(r.d('investigation').dueDate).toBe('2026-09-02'); // a request alone changes nothing
      expect(r.last.events[0]).toMatchObject({ type: 'extension_requested', data: { months: 2, reason: 'complex' } });
      r.act('decide_extension', { approve: true }, HEAD);
      expect(r.d('investigation')).toMatchObject({
        dueDate: '2026-11-02',
        status: 'open',
        adjustments: [{ type: 'extend', period: { amount: 2, unit: 'months' } }],
      });
      expect(r.state.investigation).toMatchObject({ extendedMonths: 2, pendingExtensionMonths: null });
      expect(r.last.events[0]).toMatchObject({
        type: 'extension_approved',
        actor: HEAD,
        data: { months: 2, investigationDue: '2026-11-02' },
      });
    });

    it('counted from the current (already rolled) due date, then rolled again: 10-08 + 1 month = Sun 11-08 -> 11-09', () => {
      // accepted 04-03: due Sat 10-03 rolled to 10-08; counting from acceptance instead would give 11-03.
      const r = opened(NATIONAL)
        .at('2026-04-03')
        .act('accept')
        .act('request_extension', { months: 1, reason: 'x' })
        .act('decide_extension', { approve: true });
      expect(r.d('investigation').dueDate).toBe('2026-11-09');
    });

    it('a second extension counts from the extended due date', () => {
      const r = accepted(HENAN).act('request_extension', { months: 2, reason: 'x' }).act('decide_extension', { approve: true });
      r.act('request_extension', { months: 1, reason: 'y' }).act('decide_extension', { approve: true });
      expect(r.d('investigation').dueDate).toBe('2026-12-02');
      expect(r.state.investigation.extendedMonths).toBe(3);
    });

    it('national: extensions up to 6 months in total are allowed; one month more is refused naming the cap', () => {
      const r = accepted(NATIONAL).act('request_extension', { months: 2, reason: 'x' }).act('decide_extension', { approve: true });
      r.act('request_extension', { months: 4, reason: 'y' }).act('decide_extension', { approve: true });
      expect(r.state.investigation.extendedMonths).toBe(6);
      const err = r.refuse('request_extension', { months: 1, reason: 'z' });
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details).toMatchObject({ field: 'months' });
      expect(err.message).toContain('6 of 6 month(s)');
      expect(err.message).toContain('art.25');
    });

    it('national: a single request beyond 6 months is refused', () => {
      const err = accepted(NATIONAL).refuse('request_extension', { months: 7, reason: 'x' });
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.message).toContain('of 6 month(s)');
    });

    it('henan: 12 months in total are allowed (001 art.25 "最长不得超过一年"), 13 are refused naming the cap', () => {
      const err = accepted(HENAN).refuse('request_extension', { months: 13, reason: 'x' });
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.message).toContain('of 12 month(s)');
      const r = accepted(HENAN).act('request_extension', { months: 12, reason: 'x' }).act('decide_extension', { approve: true });
      expect(r.state.investigation.extendedMonths).toBe(12);
      expect(r.d('investigation').dueDate).toBe('2027-09-02');
      expect(r.refuse('request_extension', { months: 1, reason: 'x' }).message).toContain('12 of 12 month(s)');
    });

    it('a denied extension leaves the deadline and the months used unchanged', () => {
      const r = accepted(NATIONAL).act('request_extension', { months: 3, reason: 'x' }).act('decide_extension', { approve: false });
      expect(r.d('investigation')).toMatchObject({ dueDate: '2026-09-02', adjustments: [] });
      expect(r.state.investigation).toMatchObject({ extendedMonths: 0, pendingExtensionMonths: null });
      expect(r.last.events[0]).toMatchObject({ type: 'extension_denied', data: { months: 3, investigationDue: '2026-09-02' } });
      // the months denied are not used up: the whole cap is still available
      r.act('request_extension', { months: 6, reason: 'y' });
      expect(r.state.investigation.pendingExtensionMonths).toBe(6);
    });

    it('only one pending request at a time; deciding needs a pending request', () => {
      const r = accepted(NATIONAL);
      expect(r.refuse('decide_extension', { approve: true }).code).toBe('ACTION_NOT_ALLOWED');
      r.act('request_extension', { months: 1, reason: 'x' });
      const err = r.refuse('request_extension', { months: 1, reason: 'again' });
      expect(err.code).toBe('ACTION_NOT_ALLOWED');
      expect(err.message).toContain('already pending');
      expect(r.allowed('case_officer')).not.toContain('request_extension');
      expect(r.allowed('unit_head')).toContain('decide_extension');
    });

    it('validates the request and the decision', () => {
      const r = accepted(NATIONAL);
      for (const months of [0, -1, 1.5, '2', undefined])
        expect(r.refuse('request_extension', { months, reason: 'x' }).details).toMatchObject({ field: 'months' });
      expect(r.refuse('request_extension', { months: 1 }).details).toMatchObject({ field: 'reason' });
      r.act('request_extension', { months: 1, reason: 'x' });
      expect(r.refuse('decide_extension', {}).details).toMatchObject({ field: 'approve' });
      expect(r.refuse('decide_extension', { approve: 'yes' }).details).toMatchObject({ field: 'approve' });
      expect(r.refuse('decide_extension', { approve: true }, OFFICER).code).toBe('FORBIDDEN');
    });

    it('an approved extension reopens an overdue investigation deadline', () => {
      const r = accepted(NATIONAL).act('request_extension', { months: 1, reason: 'x' }).at('2026-09-03').expire();
      expect(r.d('investigation').status).toBe('overdue');
      r.act('decide_extension', { approve: true });
      expect(r.d('investigation')).toMatchObject({ dueDate: '2026-10-08', status: 'open' }); // 10-02 is 国庆
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('suspension and resumption (003 art.23 / 001 art.23: suspended time is not counted)', () => {
  it('resume cannot be dated before the suspension began', () => {
    const r = accepted(HENAN).at('2026-03-10').act('suspend', { reason: 'awaiting lab records' });
    expect(r.refuse('resume', { on: '2026-03-05' })).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'on' } });
  });

  it('henan: every running deadline moves later by the calendar days suspended, then rolls to a working day', () => {
    // accepted 03-02: investigation due 09-02, reporter notice due 03-09. Suspended 03-03 .. 04-02 = 30 days.
    const r = accepted(HENAN).at('2026-03-03').act('suspend', { reason: 'awaiting lab records' });
    expect(r.state.phase).toBe('suspended');
    expect(r.state.investigation.suspendedOn).toBe('2026-03-03');
    expect(r.last.events[0]).toMatchObject({ type: 'suspended', data: { on: '2026-03-03', reason: 'awaiting lab records' } });
    r.at('2026-04-02').act('resume');
    expect(r.state.phase).toBe('investigation');
    expect(r.state.investigation.suspendedOn).toBeNull();
    // 09-02 + 30 = Fri 10-02 (国庆) -> 10-08; 03-09 + 30 = Wed 04-08 (a working day, stays)
    expect(r.d('investigation')).toMatchObject({ dueDate: '2026-10-08', status: 'open', adjustments: [{ type: 'shift', days: 30 }] });
    expect(r.d('reporter_notice')).toMatchObject({ dueDate: '2026-04-08', status: 'open', adjustments: [{ type: 'shift', days: 30 }] });
    expect(r.last.events[0]).toMatchObject({
      type: 'resumed',
      data: { on: '2026-04-02', suspendedDays: 30, moved: { investigation: '2026-10-08', reporter_notice: '2026-04-08' } },
    });
    // a settled deadline does not move
    expect(r.d('acceptance')).toMatchObject({ status: 'met', dueDate: '2026-03-23', adjustments: [] });
  });

  it('national: 10 days suspended moves 09-02 to Sat 09-12, rolled to Mon 09-14', () => {
    const r = accepted(NATIONAL).at('2026-03-03').act('suspend').at('2026-03-13').act('resume');
    expect(r.d('investigation').dueDate).toBe('2026-09-14');
    expect(r.last.events[0].data).toMatchObject({ suspendedDays: 10, moved: { investigation: '2026-09-14' } });
  });

  it('while suspended nothing expires and no expiry is scheduled; after resuming the moved deadline is scheduled', () => {
    const r = accepted(HENAN).at('2026-03-03').act('suspend');
    expect(nextExpiry(r.state)).toBeNull();
    const version = r.state.version;
    r.at('2026-03-20').expire(); // the reporter notice (03-09) would have been missed had the clock run
    expect(r.last.events).toEqual([]);
    expect(r.state.version).toBe(version);
    expect(r.d('reporter_notice').status).toBe('open');
    r.act('resume'); // 17 days: 03-09 + 17 = Thu 03-26
    expect(r.d('reporter_notice').dueDate).toBe('2026-03-26');
    expect(nextExpiry(r.state)).toBe(at('2026-03-26T23:59:59'));
  });

  it('an extension after a suspension applies on top of the shifted date', () => {
    const r = accepted(NATIONAL).at('2026-03-03').act('suspend').at('2026-03-13').act('resume'); // due 09-14
    r.act('request_extension', { months: 1, reason: 'x' }).act('decide_extension', { approve: true });
    expect(r.d('investigation').dueDate).toBe('2026-10-14');
  });

  it('suspend needs a reason; resume only from suspended; while suspended only resume (and henan terminate) are allowed', () => {
    expect(accepted(NATIONAL).refuse('suspend', {}).details).toMatchObject({ field: 'reason' });
    expect(accepted(NATIONAL).refuse('resume').code).toBe('ACTION_NOT_ALLOWED');
    const n = accepted(NATIONAL).at('2026-03-03').act('suspend');
    expect(n.allowed()).toEqual(['resume', 'merge_into']);
    expect(n.refuse('record_interview').code).toBe('ACTION_NOT_ALLOWED');
    expect(n.refuse('suspend').details.phase).toBe('suspended');
    const h = accepted(HENAN).at('2026-03-03').act('suspend');
    expect(h.allowed()).toEqual(['notify_reporter', 'resume', 'terminate', 'merge_into']);
  });

  it.each(['investigation', 'suspended'] as const)('henan terminate from %s (001 art.23): terminal, every deadline closed', (from) => {
    const r = from === 'investigation' ? accepted(HENAN) : accepted(HENAN).at('2026-03-03').act('suspend');
    expect(r.refuse('terminate', {}).details).toMatchObject({ field: 'reason' });
    r.act('terminate', { reason: 'the subject died' });
    expect(r.state.phase).toBe('terminated');
    expect(r.state.closedReason).toBe('terminated');
    expect(r.d('investigation').status).toBe('closed');
    expect(r.d('reporter_notice').status).toBe('closed');
    expect(running(r.state)).toHaveLength(0);
    expect(isOpen(r.state, HENAN)).toBe(false);
    expect(r.allowed()).toEqual([]);
  });

  it('national has no termination (003 art.23 knows only suspension)', () => {
    const err = accepted(NATIONAL).refuse('terminate');
    expect(err.code).toBe('ACTION_NOT_ALLOWED');
    expect(err.message).toContain('national-2022');
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('handling (003 art.24, 27–30, 36, 39; 001 art.31, 40)', () => {
  it('national: the report opens the participating-units notice, 15 working days (003 art.24): 06-01 -> 06-23 (端午)', () => {
    const r = reported(NATIONAL);
    expect(r.d('participating_units_notice')).toMatchObject({ from: '2026-06-01', dueDate: '2026-06-23', status: 'open', window: false });
    expect(r.allowed('case_officer')).toEqual(['notify_participating_units', 'send_proposed_decision']);
    r.act('notify_participating_units');
    expect(r.d('participating_units_notice').status).toBe('met');
    expect(r.last.events[0].type).toBe('participating_units_notified');
    expect(r.refuse('notify_participating_units').code).toBe('ACTION_NOT_ALLOWED');
  });

  it('henan: no participating-units notice (001 art.24 has none); the action is not part of the procedure', () => {
    const r = reported(HENAN);
    expect(r.state.deadlines.participating_units_notice).toBeUndefined();
    const err = r.refuse('notify_participating_units');
    expect(err.code).toBe('ACTION_NOT_ALLOWED');
    expect(err.message).toContain('henan-2021');
    expect(err.details).toMatchObject({ phase: 'handling' });
  });

  it('national: the participating units can still be notified after the decision is delivered (the 15 days keep running)', () => {
    const r = delivered(NATIONAL);
    expect(r.d('participating_units_notice').status).toBe('open');
    expect(r.allowed('case_officer')).toContain('notify_participating_units');
    r.act('notify_participating_units');
    expect(r.d('participating_units_notice').status).toBe('met');
  });

  describe('statement and defence before the decision (003 art.27; 001 art.31)', () => {
    it.each(PROFILES)('%s: decide refused before the proposed decision is sent and while the defence is pending', (_, p) => {
      const r = reported(p);
      let err = r.refuse('decide', { outcome: 'misconduct' });
      expect(err.code).toBe('ACTION_NOT_ALLOWED');
      // the article of the case's own profile (issue 17 point 11): 003 art.27 / 001 art.31
      expect(err.message).toContain(p.code === 'henan-2021' ? '001 art.31' : '003 art.27');
      expect(r.allowed('unit_head')).toEqual([]);
      r.at('2026-06-02').act('send_proposed_decision');
      expect(r.state.handling).toMatchObject({ proposedDecisionSent: true, defence: 'pending' });
      // 5 working days [decision]: 06-03..06-05, 06-08, 06-09
      expect(r.d('defence')).toMatchObject({ from: '2026-06-02', dueDate: '2026-06-09', window: true, status: 'open' });
      err = r.refuse('decide', { outcome: 'misconduct' });
      expect(err.code).toBe('ACTION_NOT_ALLOWED');
      expect(r.refuse('send_proposed_decision').code).toBe('ACTION_NOT_ALLOWED');
    });

    it.each([
      ['recorded', 'record_defence', 'defence_recorded'],
      ['waived', 'waive_defence', 'defence_waived'],
    ])('decide allowed once the defence is %s', (state, action, event) => {
      const r = reported(NATIONAL).at('2026-06-02').act('send_proposed_decision').at('2026-06-04').act(action);
      expect(r.state.handling.defence).toBe(state);
      expect(r.d('defence').status).toBe('met');
      expect(r.last.events[0].type).toBe(event);
      expect(r.allowed('unit_head')).toEqual(['decide']);
      expect(r.refuse(action).code).toBe('ACTION_NOT_ALLOWED'); // no defence period running any more
    });

    it('decide allowed once the defence window expired (silence = waiver, 003 art.27)', () => {
      const r = reported(NATIONAL).at('2026-06-02').act('send_proposed_decision').at('2026-06-10').expire();
      expect(r.state.handling.defence).toBe('expired');
      expect(r.allowed('unit_head')).toEqual(['decide']);
      r.act('decide', { outcome: 'no_misconduct' });
      expect(r.state.handling.decision?.outcome).toBe('no_misconduct');
    });

    it('record/waive refused when no defence period is running', () => {
      const r = reported(NATIONAL);
      expect(r.refuse('record_defence').message).toContain('no defence period');
      expect(r.refuse('waive_defence').code).toBe('ACTION_NOT_ALLOWED');
    });
  });

  describe('decide', () => {
    it('validates the outcome; "other" needs a summary (003 art.29–30; 002 其他情况)', () => {
      const r = heard(NATIONAL).at('2026-06-10');
      expect(r.refuse('decide', {}).details).toMatchObject({ field: 'outcome' });
      expect(r.refuse('decide', { outcome: 'guilty' }).details).toMatchObject({ field: 'outcome' });
      expect(r.refuse('decide', { outcome: 'other' }).details).toMatchObject({ field: 'summary' });
      expect(r.refuse('decide', { outcome: 'other', summary: '   ' }).details).toMatchObject({ field: 'summary' });
      expect(r.refuse('decide', { outcome: 'misconduct', effectiveDate: '2026-13-01' }).details).toMatchObject({ field: 'effectiveDate' });
      r.act('decide', { outcome: 'other', summary: 'corrected by the journal' });
      expect(r.state.handling.decision).toEqual({ outcome: 'other', effectiveDate: '2026-06-10', summary: 'corrected by the journal' });
      expect(r.last.events[0]).toMatchObject({ type: 'decided', data: { outcome: 'other', summary: 'corrected by the journal' } });
      expect(r.state.deadlines.registry_report).toBeUndefined();
    });

    it('no misconduct: a clarification (003 art.39), no registry report', () => {
      const r = decided(NATIONAL, 'no_misconduct');
      expect(r.last.events[0]).toMatchObject({
        type: 'decided_clarification',
        data: { outcome: 'no_misconduct', effectiveDate: '2026-06-10' },
      });
      expect(r.state.deadlines.registry_report).toBeUndefined();
    });

    it('national misconduct: registry report within 10 working days of taking effect (003 art.36): 06-10 -> 06-25', () => {
      const r = decided(NATIONAL);
      expect(r.d('registry_report')).toMatchObject({
        from: '2026-06-10',
        dueDate: '2026-06-25',
        period: { amount: 10, unit: 'working_days' },
        window: false,
      });
    });

    it('henan misconduct: registry report within 1 month of taking effect (001 art.40): 06-10 -> 07-10', () => {
      const r = decided(HENAN);
      expect(r.d('registry_report')).toMatchObject({ from: '2026-06-10', dueDate: '2026-07-10', period: { amount: 1, unit: 'months' } });
    });

    it.each([
      ['national-2022', NATIONAL, '2026-06-29'], // 6/15–18 (4), 6/19 端午, 6/22–26 (9), 6/29 (10)
      ['henan-2021', HENAN, '2026-07-13'], // 07-12 is a Sunday
    ])('%s: the registry report counts from the effective date given', (_, p, due) => {
      const r = heard(p).at('2026-06-10').act('decide', { outcome: 'misconduct', effectiveDate: '2026-06-12' });
      expect(r.d('registry_report')).toMatchObject({ from: '2026-06-12', dueDate: due });
      expect(r.state.handling.decision?.effectiveDate).toBe('2026-06-12');
    });

    it.each(PROFILES)(
      '%s: with a result form, the registry report is due only when the registry measure is imposed (003 art.36, 001 art.40)',
      (_, p) => {
        const withRegistry = heard(p)
          .at('2026-06-10')
          .act('decide', { outcome: 'misconduct', decisionId: 'd-1', registryRequired: true, penalisedAuthors: 1 });
        expect(withRegistry.d('registry_report')).toMatchObject({ status: 'open', from: '2026-06-10' });
        expect(withRegistry.last.events[0]!.data).toMatchObject({ decisionId: 'd-1', registryRequired: true, penalisedAuthors: 1 });
        const without = heard(p).at('2026-06-10').act('decide', { outcome: 'misconduct', decisionId: 'd-2', registryRequired: false });
        expect(without.state.deadlines.registry_report).toBeUndefined();
        expect(heard(p).refuse('decide', { outcome: 'misconduct', registryRequired: 'yes' }).details).toMatchObject({
          field: 'registryRequired',
        });
      },
    );

    it('the effective date cannot precede receipt', () => {
      expect(heard(NATIONAL).refuse('decide', { outcome: 'misconduct', effectiveDate: '2020-01-01' }).details).toMatchObject({
        field: 'effectiveDate',
      });
    });

    it('noteEvent records a read in the timeline without changing the case', () => {
      const r = heard(NATIONAL);
      const t = noteEvent(r.state, r.ctx(), 'sensitive_read', ADMIN, { what: 'ID numbers' });
      expect(t.events).toEqual([
        expect.objectContaining({ seq: r.state.seq + 1, type: 'sensitive_read', actor: ADMIN, data: { what: 'ID numbers' } }),
      ]);
      expect(t.state.version).toBe(r.state.version);
      expect({ ...t.state, seq: r.state.seq }).toEqual(r.state);
    });

    it('only the unit head or an integrity admin decides; a case cannot be decided twice', () => {
      const r = heard(NATIONAL);
      expect(r.refuse('decide', { outcome: 'misconduct' }, OFFICER).code).toBe('FORBIDDEN');
      r.act('decide', { outcome: 'misconduct' }, ADMIN);
      expect(r.refuse('decide', { outcome: 'misconduct' }).message).toContain('already been decided');
    });

    it('report_registry settles the registry report, also after the case closed; refused when none is due', () => {
      expect(heard(NATIONAL).refuse('report_registry').code).toBe('ACTION_NOT_ALLOWED');
      expect(decided(NATIONAL, 'no_misconduct').refuse('report_registry').message).toContain('no registry report is due');
      const r = decided(NATIONAL).act('report_registry');
      expect(r.d('registry_report').status).toBe('met');
      expect(r.last.events[0].type).toBe('registry_reported');
      expect(r.refuse('report_registry').code).toBe('ACTION_NOT_ALLOWED');
      const c = appealed(HENAN);
      expect(c.allowed('case_officer')).toEqual(['report_registry']);
      c.act('report_registry');
      expect(c.d('registry_report').status).toBe('met');
    });
  });

  describe('deliver_decision: the review application window opens (003 art.41; 001 art.44)', () => {
    it('refused before a decision exists', () => {
      expect(heard(NATIONAL).refuse('deliver_decision').message).toContain('no decision');
    });

    it('national: 15 working days: delivered 06-11 -> 07-03', () => {
      const r = delivered(NATIONAL);
      expect(r.state.phase).toBe('appeal_window');
      expect(r.state.handling.delivered).toBe(true);
      expect(r.d('review_application')).toMatchObject({
        from: '2026-06-11',
        dueDate: '2026-07-03',
        window: true,
        status: 'open',
        period: { amount: 15, unit: 'working_days' },
      });
      expect(r.last.events[0]).toMatchObject({ type: 'decision_delivered', data: { on: '2026-06-11' } });
    });

    it('henan: 15 calendar days ("15日"): delivered 06-11 -> 06-26', () => {
      const r = delivered(HENAN);
      expect(r.d('review_application')).toMatchObject({ dueDate: '2026-06-26', window: true, period: { amount: 15, unit: 'days' } });
    });

    it.each([
      ['henan-2021', HENAN, '2026-10-08'], // 09-18 + 15 days = Sat 10-03 (国庆) -> next working day 10-08
      ['national-2022', NATIONAL, '2026-10-15'], // Sun 9/20 make-up (1), 9/21–24 (5), 9/28–30 (8), 10/8–9 (10), Sat 10/10 (11), 10/12–15 (15)
    ])('%s: delivered 09-18 -> %s', (_, p, due) => {
      const r = heard(p).at('2026-09-17').act('decide', { outcome: 'no_misconduct' }).at('2026-09-18').act('deliver_decision');
      expect(r.d('review_application').dueDate).toBe(due);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('expireDeadlines: a missed deadline never advances the case; a party window closes', () => {
  it('nothing happens before the due instant; 1 ms after it an ordinary deadline turns overdue, the phase stays', () => {
    const r = opened(NATIONAL); // acceptance due 03-23
    const dueAtMs = at('2026-03-23T23:59:59');
    expect(r.d('acceptance').dueAtMs).toBe(dueAtMs);
    for (const now of [at('2026-03-23T10:00'), dueAtMs - 1, dueAtMs]) {
      const before = snapshot(r.state);
      r.now = now;
      r.expire();
      expect(r.last.events).toEqual([]);
      expect(r.state).toEqual(before);
    }
    r.now = dueAtMs + 1;
    r.expire();
    expect(r.d('acceptance').status).toBe('overdue');
    expect(r.state.phase).toBe('intake');
    expect(r.state.version).toBe(2);
    expect(r.last.events).toEqual([
      {
        seq: 2,
        type: 'deadline_overdue',
        at: new Date(dueAtMs + 1).toISOString(),
        actor: null,
        data: { kind: 'acceptance', dueDate: '2026-03-23' },
      },
    ]);
    expect(nextExpiry(r.state)).toBeNull(); // an overdue deadline is not scheduled again
    // expiring again changes nothing
    r.at('2026-04-30').expire();
    expect(r.last.events).toEqual([]);
    expect(r.state.version).toBe(2);
    // the officer can still act, and acting settles the overdue deadline
    expect(r.allowed('case_officer')).toEqual(['accept', 'reject', 'transfer', 'merge_into']);
    r.act('accept');
    expect(r.d('acceptance').status).toBe('met');
  });

  it.each(PROFILES)('%s: an overdue investigation keeps the phase', (_, p) => {
    const r = accepted(p).at('2026-09-03').expire();
    expect(r.state.phase).toBe('investigation');
    expect(r.d('investigation').status).toBe('overdue');
    expect(r.last.events.map((e) => [e.type, e.data.kind])).toContainEqual(['deadline_overdue', 'investigation']);
  });

  it('several deadlines due at once: one event each, seq increasing, one version step', () => {
    const r = accepted(HENAN).act('request_extension', { months: 1, reason: 'x' }); // reporter 03-09, investigation 09-02
    const v = r.state.version;
    r.at('2026-12-01').expire();
    expect(r.last.events.map((e) => e.data.kind).sort()).toEqual(['investigation', 'reporter_notice']);
    const seqs = r.last.events.map((e) => e.seq);
    expect(seqs).toEqual([seqs[0], seqs[0] + 1]);
    expect(r.state.version).toBe(v + 1);
  });

  it('the defence window closes (not overdue), the defence counts as expired, the decision becomes possible', () => {
    const r = reported(HENAN).at('2026-06-02').act('send_proposed_decision');
    expect(r.allowed('unit_head')).toEqual([]);
    r.now = at('2026-06-09T23:59:59') + 1;
    r.expire();
    expect(r.d('defence').status).toBe('closed');
    expect(r.state.handling.defence).toBe('expired');
    expect(r.state.phase).toBe('handling');
    expect(r.last.events).toEqual([
      expect.objectContaining({ type: 'window_closed', actor: null, data: { kind: 'defence', dueDate: '2026-06-09' } }),
    ]);
    expect(r.allowed('unit_head')).toEqual(['decide']);
  });

  it.each(PROFILES)('%s: the review application window expiring closes the case', (_, p) => {
    const r = delivered(p, 'no_misconduct');
    const due = r.d('review_application').dueAtMs;
    r.now = due - 1;
    r.expire();
    expect(r.state.phase).toBe('appeal_window');
    r.now = due + 1;
    r.expire();
    expect(r.state.phase).toBe('closed');
    expect(r.state.closedReason).toBe('review_application_expired');
    expect(r.d('review_application').status).toBe('closed');
    expect(r.last.events.map((e) => e.type)).toContain('window_closed');
    expect(isOpen(r.state, p)).toBe(false);
    expect(r.allowed()).toEqual([]);
  });

  it('the review application window closing leaves the open registry report running: the case stays open until reported', () => {
    const r = delivered(HENAN); // registry due 07-10, review window 06-26
    r.at('2026-06-27').expire();
    expect(r.state.phase).toBe('closed');
    expect(r.d('registry_report').status).toBe('open');
    expect(isOpen(r.state, HENAN)).toBe(true);
    expect(nextExpiry(r.state)).toBe(at('2026-07-10T23:59:59'));
    r.at('2026-07-11').expire();
    expect(r.d('registry_report').status).toBe('overdue');
    expect(isOpen(r.state, HENAN)).toBe(true);
    r.act('report_registry');
    expect(isOpen(r.state, HENAN)).toBe(false);
  });

  it('the appeal application window expiring closes the case', () => {
    const r = reviewed(NATIONAL, 'no_misconduct'); // appeal window due 07-22
    r.now = at('2026-07-22T23:59:59');
    r.expire();
    expect(r.state.phase).toBe('appeal_window');
    r.now += 1;
    r.expire();
    expect(r.state.phase).toBe('closed');
    expect(r.state.closedReason).toBe('appeal_application_expired');
    expect(r.d('appeal_application').status).toBe('closed');
    expect(isOpen(r.state, NATIONAL)).toBe(false);
  });

  it('closing by an expired window also closes the other ordinary deadlines still running (but not the registry report)', () => {
    const r = delivered(NATIONAL); // participating-units notice 06-23 and registry 06-25 still open, review window 07-03
    r.at('2026-07-04').expire();
    expect(r.state.phase).toBe('closed');
    expect(r.d('participating_units_notice').status).toBe('closed');
    expect(r.d('registry_report').status).toBe('overdue');
    expect(isOpen(r.state, NATIONAL)).toBe(true);
  });

  it('review acceptance and review deadlines are ordinary: they go overdue and the phase stays', () => {
    const r = inReview(NATIONAL).at('2026-07-08').expire();
    expect(r.state.phase).toBe('review');
    expect(r.d('review_acceptance').status).toBe('overdue');
    r.act('accept_review');
    expect(r.d('review_acceptance').status).toBe('met');
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('review and appeal (003 art.41–43; 001 art.44–46)', () => {
  it.each(PROFILES)('%s: full chain apply_review -> accept -> complete -> apply_appeal -> accept -> complete -> closed', (_, p) => {
    const r = delivered(p, 'no_misconduct').at('2026-06-15').act('apply_review');
    expect(r.state.phase).toBe('review');
    expect(r.d('review_application').status).toBe('met');
    // 15 working days to decide acceptance: 06-15 -> 07-07
    expect(r.d('review_acceptance')).toMatchObject({ from: '2026-06-15', dueDate: '2026-07-07', window: false, status: 'open' });
    expect(r.last.events[0].type).toBe('review_applied');

    r.at('2026-06-16').act('accept_review');
    expect(r.state.phase).toBe('review');
    expect(r.d('review_acceptance').status).toBe('met');
    // 90 working days (003 art.43 / 001 art.46): 06-16 -> 10-27
    expect(r.d('review')).toMatchObject({
      from: '2026-06-16',
      dueDate: '2026-10-27',
      status: 'open',
      period: { amount: 90, unit: 'working_days' },
    });
    expect(r.last.events[0].type).toBe('review_accepted');

    r.at('2026-07-01').act('complete_review', { result: 'changed', summary: 'measure reduced' });
    expect(r.state.phase).toBe('appeal_window');
    expect(r.state.reviewDone).toBe(true);
    expect(r.d('review').status).toBe('met');
    // [decision] 15 working days to appeal to the superior: 07-01 -> 07-22
    expect(r.d('appeal_application')).toMatchObject({ from: '2026-07-01', dueDate: '2026-07-22', window: true, status: 'open' });
    expect(r.last.events[0]).toMatchObject({ type: 'review_completed', data: { result: 'changed', summary: 'measure reduced' } });

    r.at('2026-07-02').act('apply_appeal');
    expect(r.state.phase).toBe('re_review');
    expect(r.d('appeal_application').status).toBe('met');
    // 15 working days to decide acceptance (003 art.42 / 001 art.45): 07-02 -> 07-23
    expect(r.d('appeal_acceptance')).toMatchObject({ dueDate: '2026-07-23', window: false });

    r.at('2026-07-03').act('accept_appeal');
    expect(r.d('appeal_acceptance').status).toBe('met');
    // 90 working days: 07-03 -> 11-12
    expect(r.d('appeal')).toMatchObject({ from: '2026-07-03', dueDate: '2026-11-12', status: 'open' });

    r.at('2026-07-06').act('complete_appeal', { result: 'upheld' });
    expect(r.state.phase).toBe('closed');
    expect(r.state.closedReason).toBe('appeal_completed');
    expect(r.d('appeal').status).toBe('met');
    expect(running(r.state)).toHaveLength(0);
    expect(isOpen(r.state, p)).toBe(false);
    expect(r.allowed()).toEqual([]); // the superior's result is final (003 art.42)
  });

  it('no appeal to the superior before the review: apply_appeal refused in the first appeal window', () => {
    const r = delivered(NATIONAL);
    const err = r.refuse('apply_appeal');
    expect(err.code).toBe('ACTION_NOT_ALLOWED');
    expect(err.message).toContain('appeal window is not open');
  });

  it('no second review: apply_review refused in the appeal window after the review', () => {
    const err = reviewed(NATIONAL).refuse('apply_review');
    expect(err.code).toBe('ACTION_NOT_ALLOWED');
    expect(err.message).toContain('review application window is not open');
  });

  it('apply_review refused once the window closed', () => {
    const r = delivered(NATIONAL, 'no_misconduct').at('2026-07-04').expire();
    expect(r.refuse('apply_review').details.phase).toBe('closed');
  });

  it('refuse_review needs a reason; the party may then appeal to the superior', () => {
    const r = inReview(HENAN);
    expect(r.refuse('refuse_review', {}).details).toMatchObject({ field: 'reason' });
    r.at('2026-06-16').act('refuse_review', { reason: 'no new evidence' });
    expect(r.state.phase).toBe('appeal_window');
    expect(r.state.reviewDone).toBe(true);
    expect(r.d('review_acceptance').status).toBe('met');
    expect(r.state.deadlines.review).toBeUndefined();
    expect(r.d('appeal_application')).toMatchObject({ from: '2026-06-16', dueDate: '2026-07-08', window: true });
    expect(r.allowed('case_officer')).toEqual(['report_registry', 'apply_appeal']);
  });

  it('accept/refuse the review only once; complete_review only after acceptance; result validated', () => {
    const r = inReview(NATIONAL);
    expect(r.refuse('complete_review', { result: 'upheld' }).message).toContain('not been accepted');
    r.act('accept_review');
    expect(r.refuse('accept_review').message).toContain('already been decided');
    expect(r.refuse('refuse_review').code).toBe('ACTION_NOT_ALLOWED');
    expect(r.refuse('complete_review', {}).details).toMatchObject({ field: 'result' });
    expect(r.refuse('complete_review', { result: 'annulled' }).details).toMatchObject({ field: 'result' });
    expect(r.refuse('complete_review', { result: 'upheld' }, OFFICER).code).toBe('FORBIDDEN');
  });

  it('refuse_appeal closes the case with the reason', () => {
    const r = inReReview(NATIONAL, 'no_misconduct');
    expect(r.refuse('refuse_appeal', {}).details).toMatchObject({ field: 'reason' });
    r.act('refuse_appeal', { reason: 'same facts' });
    expect(r.state.phase).toBe('closed');
    expect(r.state.closedReason).toBe('appeal_refused');
    expect(r.d('appeal_acceptance').status).toBe('met');
    expect(r.last.events[0]).toMatchObject({ type: 'appeal_refused', data: { reason: 'same facts' } });
    expect(isOpen(r.state, NATIONAL)).toBe(false);
  });

  it('accept/refuse the appeal only once; complete_appeal only after acceptance; result validated', () => {
    const r = inReReview(HENAN);
    expect(r.refuse('complete_appeal', { result: 'upheld' }).message).toContain('not been accepted');
    r.act('accept_appeal');
    expect(r.refuse('accept_appeal').message).toContain('already been decided');
    expect(r.refuse('refuse_appeal').code).toBe('ACTION_NOT_ALLOWED');
    expect(r.refuse('complete_appeal', { result: 'maybe' }).details).toMatchObject({ field: 'result' });
    r.act('complete_appeal', { result: 'revoked' }, ADMIN);
    expect(r.state.phase).toBe('closed');
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('recomputeDeadlines: provisional deadlines and calendar loads (RULES.md §3)', () => {
  const with2027 = (holidays: string[]) => CAL.withYears([{ year: 2027, holidays, makeupWorkdays: [] } satisfies CalendarYear]);

  it('a working-day deadline running into unloaded 2027 is provisional; loading 2027 moves it and clears the flag', () => {
    // received Mon 2026-12-21: 12/22–25 (4), 12/28–31 (8), 1/1 (9), 1/4–8 (14), 1/11 (15) counting weekends only
    const r = new Run(NATIONAL, '2026-12-21');
    expect(r.d('acceptance')).toMatchObject({ dueDate: '2027-01-11', provisional: true, provisionalYears: [2027] });
    expect(deadlineViews(r.state, r.ctx())[0].provisional).toBe(true);
    const v = r.state.version;
    r.recompute(with2027(['2027-01-01']), 2027); // 元旦 2027 on Fri 01-01, inside the span
    expect(r.d('acceptance')).toMatchObject({
      dueDate: '2027-01-12',
      dueAt: '2027-01-12T23:59:59+08:00',
      dueAtMs: at('2027-01-12T23:59:59'),
      provisional: false,
      provisionalYears: [],
      status: 'open',
    });
    expect(r.last.events).toEqual([
      {
        seq: 2,
        type: 'deadline_recomputed',
        at: new Date(r.now).toISOString(),
        actor: null,
        data: { kind: 'acceptance', year: 2027, from: '2027-01-11', to: '2027-01-12', provisional: false },
      },
    ]);
    expect(r.state.version).toBe(v + 1);
    expect(nextExpiry(r.state)).toBe(at('2027-01-12T23:59:59'));
  });

  it('a month deadline ending in 2027 rolls over a 2027 holiday once the year is loaded', () => {
    const r = opened(HENAN).at('2026-09-01').act('accept'); // + 6 months = Mon 2027-03-01
    expect(r.d('investigation')).toMatchObject({ dueDate: '2027-03-01', provisional: true, provisionalYears: [2027] });
    expect(r.d('reporter_notice').provisional).toBe(false);
    r.recompute(with2027(['2027-03-01']), 2027);
    expect(r.d('investigation')).toMatchObject({ dueDate: '2027-03-02', provisional: false });
    expect(r.last.events.map((e) => e.data)).toEqual([
      { kind: 'investigation', year: 2027, from: '2027-03-01', to: '2027-03-02', provisional: false },
    ]);
    // the reporter notice (all in 2026) is not touched
    expect(r.d('reporter_notice').dueDate).toBe('2026-09-08');
  });

  it('an extension into 2027 is provisional and replayed on recompute (adjustments are kept)', () => {
    const r = accepted(NATIONAL).act('request_extension', { months: 6, reason: 'x' }).act('decide_extension', { approve: true });
    expect(r.d('investigation')).toMatchObject({ dueDate: '2027-03-02', provisional: true, provisionalYears: [2027] });
    r.recompute(with2027(['2027-03-02']), 2027);
    expect(r.d('investigation')).toMatchObject({
      dueDate: '2027-03-03',
      provisional: false,
      adjustments: [{ type: 'extend', period: { amount: 6, unit: 'months' } }],
    });
  });

  it('an overdue provisional deadline that moves past now becomes open again', () => {
    const r = new Run(NATIONAL, '2026-12-21').at('2027-01-12T10:00').expire();
    expect(r.d('acceptance').status).toBe('overdue');
    r.recompute(with2027(['2027-01-01']), 2027);
    expect(r.d('acceptance')).toMatchObject({ dueDate: '2027-01-12', status: 'open' });
  });

  it('loading a year no deadline depends on changes nothing', () => {
    const r = new Run(NATIONAL, '2026-12-21');
    const before = snapshot(r.state);
    r.recompute(CAL.withYears([{ year: 2028, holidays: ['2028-01-03'], makeupWorkdays: [] }]), 2028);
    expect(r.last.events).toEqual([]);
    expect(r.state).toEqual(before);
  });

  it('recounting a deadline the loaded year does not move emits nothing and keeps the version', () => {
    // 2026-03-02 + 6 months spans only 2026; reloading 2026 with its own notice moves nothing.
    const r = new Run(NATIONAL, '2026-03-02');
    const before = snapshot(r.state);
    r.recompute(CAL, 2026);
    expect(r.last.events).toEqual([]);
    expect(r.state).toEqual(before);
  });

  it('a deadline that passes through the loaded year (starts before, ends after) is recounted', () => {
    // received 2026-12-21, investigation 6 months... use a 2026-12 acceptance whose 6-month investigation ends in 2027:
    // loading 2027 with a holiday on the due day moves it.
    const r = new Run(NATIONAL, '2026-12-21').act('accept');
    const due = r.d('investigation').dueDate;
    expect(due.startsWith('2027')).toBe(true);
    r.recompute(with2027([due]), 2027);
    expect(r.d('investigation').dueDate > due).toBe(true);
    expect(r.last.events.map((e) => e.type)).toContain('deadline_recomputed');
  });

  it('settled deadlines are not recounted', () => {
    const r = new Run(NATIONAL, '2026-12-21').act('reject');
    r.recompute(with2027(['2027-01-01']), 2027);
    expect(r.last.events).toEqual([]);
    expect(r.d('acceptance')).toMatchObject({ dueDate: '2027-01-11', status: 'met' });
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('action table: phases, roles, profile capabilities', () => {
  const OFF = ['integrity_admin', 'case_officer'];
  const INV = ['integrity_admin', 'case_officer', 'investigator'];
  const HD = ['unit_head'];
  const DEC = ['unit_head', 'integrity_admin'];
  /** Written from RULES.md §3 and the seeds, independently of actions.ts. */
  const EXPECTED: Record<ActionName, [Phase[], string[]]> = {
    accept: [['intake'], OFF],
    reject: [['intake'], OFF],
    transfer: [['intake'], OFF],
    notify_reporter: [['intake', 'rejected', 'investigation', 'suspended', 'handling', 'appeal_window', 'review', 're_review'], OFF],
    uphold_objection: [['rejected'], OFF],
    close_objection_period: [['rejected'], OFF],
    approve_plan: [['investigation'], HD],
    add_member: [['investigation'], OFF],
    record_interview: [['investigation'], INV],
    request_extension: [['investigation'], OFF],
    decide_extension: [['investigation'], HD],
    // 003 art.23 / 001 art.23: suspension and termination with the unit head's approval (issue 17 point 2)
    request_suspension: [['investigation'], OFF],
    decide_suspension: [['investigation'], HD],
    suspend: [['investigation'], HD],
    resume: [['suspended'], OFF],
    request_termination: [['investigation', 'suspended'], OFF],
    decide_termination: [['investigation', 'suspended'], HD],
    terminate: [['investigation', 'suspended'], HD],
    submit_report: [['investigation'], INV],
    // 003 art.45 / 001 art.49: recusal asked by the subject or the reporter, decided by the unit head (issue 17 point 5)
    request_recusal: [['investigation', 'suspended', 'handling', 'review', 're_review'], OFF],
    decide_recusal: [['investigation', 'suspended', 'handling', 'review', 're_review'], HD],
    notify_participating_units: [['handling', 'appeal_window', 'review', 're_review'], OFF],
    send_proposed_decision: [['handling'], OFF],
    record_defence: [['handling'], OFF],
    waive_defence: [['handling'], OFF],
    decide: [['handling'], DEC],
    deliver_decision: [['handling'], OFF],
    report_registry: [['handling', 'appeal_window', 'review', 're_review', 'closed'], OFF],
    revise_decision: [['handling', 'appeal_window', 'review', 're_review', 'closed'], DEC],
    apply_review: [['appeal_window'], OFF],
    accept_review: [['review'], OFF],
    refuse_review: [['review'], OFF],
    complete_review: [['review'], DEC],
    apply_appeal: [['appeal_window'], OFF],
    accept_appeal: [['re_review'], OFF],
    refuse_appeal: [['re_review'], OFF],
    complete_appeal: [['re_review'], DEC],
    merge_into: [['intake', 'investigation', 'suspended'], OFF],
  };
  const NEEDS: Partial<Record<ActionName, PolicyProfile>> = {
    notify_reporter: HENAN,
    uphold_objection: HENAN,
    close_objection_period: HENAN,
    terminate: HENAN,
    request_termination: HENAN,
    decide_termination: HENAN,
    notify_participating_units: NATIONAL,
  };
  const LACKS: Partial<Record<ActionName, PolicyProfile>> = {
    notify_reporter: NATIONAL,
    uphold_objection: NATIONAL,
    close_objection_period: NATIONAL,
    terminate: NATIONAL,
    request_termination: NATIONAL,
    decide_termination: NATIONAL,
    notify_participating_units: HENAN,
  };
  /** Cases started before the procedure-edge rules (these tests' Ctx): officers still suspended and terminated alone. */
  const FORMER_ROLES: Partial<Record<ActionName, string[]>> = { suspend: [...HD, ...OFF], terminate: [...HD, ...OFF] };
  const rolesBefore = (a: ActionName) => FORMER_ROLES[a] ?? EXPECTED[a][1];

  // Case states per profile and phase, built once (the reducer never mutates them).
  const states = new Map<string, { state: CaseState; now: number }>();
  const stateOf = (p: PolicyProfile, phase: Phase) => {
    const key = `${p.code}/${phase}`;
    if (!states.has(key)) {
      const r = inPhase(p, phase);
      states.set(key, { state: r.state, now: r.now });
    }
    return states.get(key)!;
  };
  const ctxOf = (p: PolicyProfile, now: number): Ctx => ({ profile: p, calendar: CAL, now });

  it('the action names, phases and roles are exactly the expected ones', () => {
    expect([...ACTION_NAMES].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const name of ACTION_NAMES) {
      const spec = ACTIONS[name] as { phases: Phase[]; roles: string[] };
      expect({ name, phases: [...spec.phases].sort(), roles: [...spec.roles].sort() }).toEqual({
        name,
        phases: [...EXPECTED[name][0]].sort(),
        roles: [...EXPECTED[name][1]].sort(),
      });
    }
  });

  it('builders reach every phase', () => {
    for (const [, p] of PROFILES) for (const phase of ALL_PHASES) expect(stateOf(p, phase).state.phase).toBe(phase);
  });

  describe.each(ACTION_NAMES.map((a) => [a]))('%s', (action) => {
    const profiles = NEEDS[action] ? [NEEDS[action]!] : [NATIONAL, HENAN];

    it('refused in every other phase with ACTION_NOT_ALLOWED carrying details.phase and details.allowedActions', () => {
      for (const p of profiles) {
        for (const phase of ALL_PHASES.filter((ph) => !EXPECTED[action][0].includes(ph))) {
          const { state, now } = stateOf(p, phase);
          const err = refusal(() => applyAction(state, action, defaultActor(action), BODY[action], ctxOf(p, now)));
          expect({ p: p.code, phase, code: err.code }).toEqual({ p: p.code, phase, code: 'ACTION_NOT_ALLOWED' });
          expect(err.details.phase).toBe(phase);
          expect(err.details.allowedActions).toEqual(allowedActions(state, p));
          expect(err.message).toContain(phase);
          // checkAction gives the same answer
          const dry = refusal(() => checkAction(state, action, defaultActor(action), BODY[action], ctxOf(p, now)));
          expect([dry.code, dry.message, dry.details]).toEqual([err.code, err.message, err.details]);
        }
      }
    });

    it('refused with FORBIDDEN for every role not allowed, in a phase where it is allowed; never FORBIDDEN for an allowed role', () => {
      for (const p of profiles) {
        const { state, now } = stateOf(
          p,
          EXPECTED[action][0].find((ph) => ph !== 'intake' || action !== 'notify_reporter')!,
        );
        for (const role of ALL_ROLES) {
          let err: DomainError | null = null;
          try {
            applyAction(state, action, actor(role), BODY[action], ctxOf(p, now));
          } catch (e) {
            err = e as DomainError;
          }
          if (rolesBefore(action).includes(role)) {
            expect({ role, code: err?.code }).not.toEqual({ role, code: 'FORBIDDEN' });
          } else {
            expect({ role, code: err?.code }).toEqual({ role, code: 'FORBIDDEN' });
            expect(err!.details).toEqual({ action, roles: rolesBefore(action) });
          }
        }
      }
    });

    if (LACKS[action]) {
      it(`refused on ${LACKS[action]!.code}, which lacks the capability, in every phase`, () => {
        const p = LACKS[action]!;
        for (const phase of ALL_PHASES) {
          const { state, now } = stateOf(p, phase);
          const err = refusal(() => applyAction(state, action, defaultActor(action), BODY[action], ctxOf(p, now)));
          expect(err.code).toBe('ACTION_NOT_ALLOWED');
          expect(err.message).toContain(`not part of the ${p.code} procedure`);
          expect(err.details).toEqual({ phase, allowedActions: allowedActions(state, p) });
          expect(allowedActions(state, p)).not.toContain(action);
        }
      });
    }
  });

  it.each(['unknown', 'close', '__proto__', 'toString', 'constructor', ''])('unknown action "%s" -> NOT_FOUND', (name) => {
    for (const phase of ALL_PHASES) {
      const { state, now } = stateOf(NATIONAL, phase);
      const err = refusal(() => applyAction(state, name, ADMIN, {}, ctxOf(NATIONAL, now)));
      expect(err.code).toBe('NOT_FOUND');
      expect(err.details).toEqual({ action: name });
    }
  });

  it('supervisor and system_admin may take no action in any phase', () => {
    for (const [, p] of PROFILES) {
      for (const phase of ALL_PHASES) {
        expect(allowedActions(stateOf(p, phase).state, p, 'supervisor')).toEqual([]);
        expect(allowedActions(stateOf(p, phase).state, p, 'system_admin')).toEqual([]);
      }
    }
  });

  it('allowedActions(state, profile, role) ⊆ allowedActions(state, profile), and each listed action really succeeds', () => {
    for (const [, p] of PROFILES) {
      for (const phase of ALL_PHASES) {
        const { state, now } = stateOf(p, phase);
        const all = allowedActions(state, p);
        for (const role of ALL_ROLES) {
          for (const a of allowedActions(state, p, role)) {
            expect(all).toContain(a);
            expect(rolesBefore(a)).toContain(role);
          }
        }
        for (const a of all) {
          const who = actor(EXPECTED[a][1][0]);
          expect(() => applyAction(state, a, who, BODY[a], ctxOf(p, now))).not.toThrow();
        }
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('allowedActions per phase and role', () => {
  it.each([
    [
      'national intake',
      () => opened(NATIONAL),
      {
        case_officer: ['accept', 'reject', 'transfer', 'merge_into'],
        integrity_admin: ['accept', 'reject', 'transfer', 'merge_into'],
        unit_head: [],
        investigator: [],
      },
    ],
    ['henan intake', () => opened(HENAN), { case_officer: ['accept', 'reject', 'transfer', 'merge_into'], unit_head: [] }],
    [
      'national investigation',
      () => accepted(NATIONAL),
      {
        case_officer: ['add_member', 'record_interview', 'request_extension', 'suspend', 'merge_into'],
        investigator: ['record_interview'],
        // cases started before the edge rules: officers suspend alone, and the unit head may too (003 art.23)
        unit_head: ['approve_plan', 'suspend'],
        all: ['approve_plan', 'add_member', 'record_interview', 'request_extension', 'suspend', 'merge_into'],
      },
    ],
    [
      'henan investigation',
      () => accepted(HENAN),
      {
        case_officer: ['notify_reporter', 'add_member', 'record_interview', 'request_extension', 'suspend', 'terminate', 'merge_into'],
        unit_head: ['approve_plan', 'suspend', 'terminate'],
      },
    ],
    [
      'national investigation, plan approved, extension pending',
      () => investigated(NATIONAL).act('request_extension'),
      {
        case_officer: ['add_member', 'record_interview', 'suspend', 'submit_report', 'merge_into'],
        investigator: ['record_interview', 'submit_report'],
        unit_head: ['decide_extension', 'suspend'],
      },
    ],
    ['henan handling', () => reported(HENAN), { case_officer: ['send_proposed_decision'], unit_head: [] }],
    [
      'national handling, defence pending',
      () => reported(NATIONAL).act('send_proposed_decision'),
      { case_officer: ['notify_participating_units', 'record_defence', 'waive_defence'], unit_head: [] },
    ],
    [
      'national handling, heard',
      () => heard(NATIONAL),
      { integrity_admin: ['notify_participating_units', 'decide'], case_officer: ['notify_participating_units'], unit_head: ['decide'] },
    ],
    [
      'national decided',
      () => decided(NATIONAL),
      { case_officer: ['notify_participating_units', 'deliver_decision', 'report_registry'], unit_head: [] },
    ],
    [
      'national appeal window',
      () => delivered(NATIONAL),
      { case_officer: ['notify_participating_units', 'report_registry', 'apply_review'] },
    ],
    ['henan appeal window, no misconduct', () => delivered(HENAN, 'no_misconduct'), { case_officer: ['apply_review'] }],
    ['henan review', () => inReview(HENAN, 'no_misconduct'), { case_officer: ['accept_review', 'refuse_review'], unit_head: [] }],
    [
      'henan review accepted',
      () => reviewAccepted(HENAN, 'no_misconduct'),
      { case_officer: [], unit_head: ['complete_review'], integrity_admin: ['complete_review'] },
    ],
    ['henan re-review', () => inReReview(HENAN, 'no_misconduct'), { case_officer: ['accept_appeal', 'refuse_appeal'], unit_head: [] }],
    ['henan appeal accepted', () => appealAccepted(HENAN, 'no_misconduct'), { case_officer: [], unit_head: ['complete_appeal'] }],
    ['henan closed, no misconduct', () => appealed(HENAN, 'no_misconduct'), { case_officer: [], all: [] }],
  ] as Array<[string, () => Run, Record<string, ActionName[]>]>)('%s', (_, build, expected) => {
    const r = build();
    for (const [role, actions] of Object.entries(expected)) {
      expect({ role, actions: r.allowed(role === 'all' ? undefined : role) }).toEqual({ role, actions });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('isOpen', () => {
  it('the terminal phases are transferred, terminated, closed and merged', () => {
    expect([...TERMINAL_PHASES].sort()).toEqual(['closed', 'merged', 'terminated', 'transferred']);
  });

  it.each([
    ['intake', () => opened(NATIONAL), NATIONAL, true],
    ['investigation', () => accepted(NATIONAL), NATIONAL, true],
    ['suspended', () => inPhase(NATIONAL, 'suspended'), NATIONAL, true],
    ['handling', () => reported(HENAN), HENAN, true],
    ['appeal window', () => delivered(HENAN, 'no_misconduct'), HENAN, true],
    ['national rejected (no objection in 003)', () => opened(NATIONAL).act('reject'), NATIONAL, false],
    ['henan rejected (objection allowed, 001 art.14)', () => opened(HENAN).act('reject').act('notify_reporter'), HENAN, true],
    ['transferred', () => opened(HENAN).act('transfer'), HENAN, false],
    ['terminated', () => accepted(HENAN).act('terminate'), HENAN, false],
    ['closed, no open work', () => appealed(NATIONAL, 'no_misconduct'), NATIONAL, false],
    ['closed with an open registry report', () => appealed(NATIONAL, 'misconduct'), NATIONAL, true],
    ['closed with the registry report done', () => appealed(NATIONAL, 'misconduct').act('report_registry'), NATIONAL, false],
  ] as Array<[string, () => Run, PolicyProfile, boolean]>)('%s -> %s', (_, build, p, open) => {
    expect(isOpen(build().state, p)).toBe(open);
  });

  it('a national rejected case read with a profile allowing objections stays open: the rule reads the profile, not the case', () => {
    expect(isOpen(opened(NATIONAL).act('reject').state, HENAN)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('purity: checkAction and applyAction never touch their input', () => {
  const phasesFor = (p: PolicyProfile) => ALL_PHASES.filter((ph) => ph !== 'terminated' || p.allowsTermination);

  it.each(PROFILES)('%s: checkAction leaves the state deep-equal for every action in every phase, accepted or refused', (_, p) => {
    for (const phase of phasesFor(p)) {
      const r = inPhase(p, phase);
      for (const action of [...ACTION_NAMES, 'nope']) {
        for (const who of [defaultActor(action), INVESTIGATOR, actor('supervisor')]) {
          const before = snapshot(r.state);
          try {
            expect(checkAction(r.state, action, who, BODY[action as ActionName] ?? {}, r.ctx())).toBeUndefined();
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
          }
          expect(r.state).toEqual(before);
        }
      }
    }
  });

  it('checkAction on a deep-frozen state succeeds when the action is valid (it writes nothing)', () => {
    const deepFreeze = <T>(o: T): T => {
      if (o && typeof o === 'object' && !Object.isFrozen(o)) {
        Object.freeze(o);
        Object.values(o).forEach(deepFreeze);
      }
      return o;
    };
    const r = investigated(HENAN);
    const frozen = deepFreeze(snapshot(r.state));
    for (const action of ['submit_report', 'request_extension', 'suspend', 'add_member', 'record_interview', 'terminate'] as ActionName[]) {
      expect(() => checkAction(frozen, action, defaultActor(action), BODY[action], r.ctx())).not.toThrow();
      expect(() => applyAction(frozen, action, defaultActor(action), BODY[action], r.ctx())).not.toThrow();
    }
    expect(() => expireDeadlines(frozen, { ...r.ctx(), now: at('2027-01-01') })).not.toThrow();
    expect(() => recomputeDeadlines(frozen, r.ctx(), 2026)).not.toThrow();
  });

  it('applyAction returns a new state sharing nothing with the input, which stays untouched', () => {
    const r = investigated(NATIONAL);
    const input = r.state;
    const before = snapshot(input);
    const t = applyAction(input, 'submit_report', OFFICER, { signedBy: TEAM }, r.ctx());
    expect(input).toEqual(before);
    expect(t.state).not.toBe(input);
    expect(t.state.deadlines).not.toBe(input.deadlines);
    expect(t.state.deadlines.investigation).not.toBe(input.deadlines.investigation);
    expect(t.state.investigation.members).not.toBe(input.investigation.members);
    expect(input.phase).toBe('investigation');
    expect(t.state.phase).toBe('handling');
    t.state.investigation.members.push({ name: 'X', kind: 'team', declarationSigned: true });
    expect(input.investigation.members).toHaveLength(3);
  });

  it('expireDeadlines and recomputeDeadlines return new states and leave the input untouched', () => {
    const r = new Run(NATIONAL, '2026-12-21');
    const before = snapshot(r.state);
    const e = expireDeadlines(r.state, { ...r.ctx(), now: at('2027-02-01') });
    const c = recomputeDeadlines(
      r.state,
      { ...r.ctx(), calendar: CAL.withYears([{ year: 2027, holidays: ['2027-01-01'], makeupWorkdays: [] }]) },
      2027,
    );
    expect(r.state).toEqual(before);
    expect(e.state).not.toBe(r.state);
    expect(c.state).not.toBe(r.state);
    expect(e.state.deadlines.acceptance?.status).toBe('overdue');
    expect(c.state.deadlines.acceptance?.dueDate).toBe('2027-01-12');
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('version and seq', () => {
  it.each(PROFILES)('%s: version +1 per applied action and per expiry that changed something; seq strictly increasing by 1', (_, p) => {
    const r = reviewed(p, 'misconduct');
    // the whole way: every action transition bumped the version by exactly 1
    let version = 1;
    for (const t of r.transitions.slice(1)) {
      version += 1;
      expect(t.state.version).toBe(version);
    }
    r.at('2026-07-23').expire(); // appeal window closes (and overdue deadlines)
    expect(r.state.version).toBe(version + 1);
    r.expire(); // nothing more
    expect(r.state.version).toBe(version + 1);
    expect(r.last.events).toEqual([]);
    expect(r.events.map((e) => e.seq)).toEqual(r.events.map((_, i) => i + 1));
    expect(r.state.seq).toBe(r.events.length);
    // timers have no actor; actions carry theirs
    for (const e of r.events) {
      if (['deadline_overdue', 'window_closed', 'deadline_recomputed'].includes(e.type)) expect(e.actor).toBeNull();
      else expect(e.actor).not.toBeNull();
    }
  });

  it('events are stamped with ctx.now', () => {
    const r = accepted(NATIONAL).at('2026-03-04T15:30:12').act('approve_plan');
    expect(r.last.events[0].at).toBe('2026-03-04T07:30:12.000Z');
  });

  it('a refused action changes neither version nor seq (nothing is returned)', () => {
    const r = accepted(NATIONAL);
    const { version, seq } = r.state;
    r.refuse('submit_report');
    r.refuse('decide');
    expect([r.state.version, r.state.seq]).toEqual([version, seq]);
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('a problem paper case: its result in the review chain and the revision of its decision (002 退回修改; issue 18)', () => {
  /** A national case opened for paper P-1, heard, then decided with form d-1 (registry measure imposed). */
  const paperCase = () => {
    const r = new Run(NATIONAL, '2026-03-02', CAL, at('2026-03-02T10:00'), true, 'P-1').act('accept');
    r.at('2026-03-10').act('approve_plan');
    for (const name of TEAM) r.act('add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    r.at('2026-06-01').act('submit_report').at('2026-06-02').act('send_proposed_decision').at('2026-06-03').act('waive_defence');
    return r.at('2026-06-10').act('decide', { outcome: 'misconduct', decisionId: 'd-1', registryRequired: true, penalisedAuthors: 1 });
  };
  const signal = (r: Run, review: 'with_institution' | 'under_review' | 'approved', extra: { returnSeq?: number } = {}) => {
    const t = notePaperResult(r.state, r.ctx(), { paperId: 'P-1', review, eventSeq: 9, byOrgId: 'org-city', ...extra });
    r.state = t.state;
    return t;
  };
  const revise = {
    reason: '省卫健委退回：处理偏轻',
    decisionId: 'd-2',
    outcome: 'misconduct',
    registryRequired: true,
    penalisedAuthors: 1,
  };

  it('keeps the paper and the decision version; offers revise_decision only while the result is with the institution', () => {
    const r = paperCase();
    expect(r.state.paper).toEqual({ paperId: 'P-1', review: 'with_institution', returnSeq: null });
    expect(r.state.handling.decision).toMatchObject({ decisionId: 'd-1', revision: 1 });
    expect(r.allowed('unit_head')).toContain('revise_decision');
    expect(signal(r, 'under_review').events.map((e) => e.type)).toEqual(['paper_result_under_review']);
    expect(r.allowed('unit_head')).not.toContain('revise_decision');
    expect(r.refuse('revise_decision', revise, HEAD).message).toMatch(/under review: withdraw it first/);
    const back = signal(r, 'with_institution', { returnSeq: 12 });
    expect(back.events[0]).toMatchObject({
      type: 'paper_result_with_institution',
      data: { paperId: 'P-1', returnSeq: 12, byOrgId: 'org-city' },
    });
    expect(r.state.paper).toEqual({ paperId: 'P-1', review: 'with_institution', returnSeq: 12 });
    expect(r.allowed('unit_head')).toContain('revise_decision');
    expect(r.allowed('case_officer')).not.toContain('revise_decision');
    expect(signal(r, 'with_institution', { returnSeq: 12 }).events).toEqual([]); // nothing new: nothing recorded
    expect(notePaperResult(r.state, r.ctx(), { paperId: 'P-other', review: 'approved', eventSeq: 1 }).events).toEqual([]);
  });

  it('revises: a new version in force with who and why, the return it answers, the registry report due again', () => {
    const r = paperCase().at('2026-06-12').act('report_registry');
    expect(r.d('registry_report').status).toBe('met');
    signal(r, 'under_review');
    signal(r, 'with_institution', { returnSeq: 12 });
    const v = r.state.version;
    r.at('2026-06-20').act('revise_decision', revise, HEAD);
    expect(r.state.version).toBe(v + 1);
    expect(r.state.phase).toBe('handling');
    expect(r.state.handling.decision).toEqual({
      outcome: 'misconduct',
      effectiveDate: '2026-06-20',
      summary: undefined,
      decisionId: 'd-2',
      revision: 2,
    });
    expect(r.last.events).toEqual([
      expect.objectContaining({
        type: 'decision_revised',
        actor: HEAD,
        data: expect.objectContaining({
          decisionId: 'd-2',
          supersedes: 'd-1',
          revision: 2,
          reason: '省卫健委退回：处理偏轻',
          paperId: 'P-1',
          answersReturnSeq: 12,
          registryRequired: true,
        }),
      }),
    ]);
    // 003 art.36: the corrected decision is reported to the database again.
    expect(r.d('registry_report')).toMatchObject({ status: 'open', from: '2026-06-20' });
    // A revision that drops the registry measure ends the report due.
    r.at('2026-06-21').act('revise_decision', { ...revise, decisionId: 'd-3', registryRequired: false }, HEAD);
    expect(r.d('registry_report').status).toBe('closed');
    expect(r.state.handling.decision).toMatchObject({ decisionId: 'd-3', revision: 3 });
  });

  it('refuses a revision that takes effect before the decision it corrects, without a reason, or of a case that keeps no paper', () => {
    const r = paperCase();
    expect(r.refuse('revise_decision', { ...revise, effectiveDate: '2026-06-09' }, HEAD).details).toMatchObject({
      rule: 'revision.effective_before_original',
    });
    expect(r.refuse('revise_decision', { ...revise, reason: ' ' }, HEAD).details).toMatchObject({ field: 'reason' });
    expect(r.refuse('revise_decision', { ...revise, registryRequired: undefined }, HEAD).details).toMatchObject({
      field: 'registryRequired',
    });
    const plain = decided(NATIONAL);
    expect(plain.allowed('unit_head')).not.toContain('revise_decision');
    expect(plain.refuse('revise_decision', revise, HEAD).message).toMatch(/problem paper's review chain.*003 art\.41, 43/);
  });

  it('stays open until national approves the result, even when closed; then ends (isOpen)', () => {
    const r = paperCase().at('2026-06-11').act('deliver_decision').at('2026-06-12').act('report_registry');
    r.at('2026-07-31').expire(); // the review window closes: the case is closed
    expect(r.state.phase).toBe('closed');
    expect(isOpen(r.state, NATIONAL)).toBe(true);
    expect(r.allowed('unit_head')).toContain('revise_decision');
    signal(r, 'under_review');
    expect(isOpen(r.state, NATIONAL)).toBe(true);
    signal(r, 'approved');
    expect(isOpen(r.state, NATIONAL)).toBe(false);
    expect(r.allowed('unit_head')).not.toContain('revise_decision');
    // A case closed without a decision (transferred as misrouted) is not held.
    const moved = new Run(NATIONAL, '2026-03-02', CAL, at('2026-03-02T10:00'), true, 'P-2').act('transfer');
    expect(isOpen(moved.state, NATIONAL)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('merge into another case (issue 23)', () => {
  it('closes the duplicate as merged: every running deadline closed, the survivor named, the case ends', () => {
    for (const p of [NATIONAL, HENAN]) {
      const r = accepted(p).at('2026-03-05').act('merge_into', { intoCaseId: 'case-2', intoNumber: 'YJ-2026-0002', note: '同一论文' });
      expect(r.state.phase).toBe('merged');
      expect(r.state.closedReason).toBe('merged');
      expect(r.state.mergedInto).toEqual({ caseId: 'case-2', number: 'YJ-2026-0002' });
      expect(running(r.state)).toEqual([]);
      expect(r.last.events.map((e) => [e.type, e.data])).toEqual([
        ['merged_into', { on: '2026-03-05', caseId: 'case-2', number: 'YJ-2026-0002', note: '同一论文' }],
      ]);
      expect(isOpen(r.state, p)).toBe(false);
      expect(allowedActions(r.state, p)).toEqual([]);
      expect(TERMINAL_PHASES).toContain('merged');
    }
  });

  it('only from intake, investigation or suspension, by an officer, never into itself, never for a paper case', () => {
    expect(
      refusal(() => applyAction(reported(NATIONAL).state, 'merge_into', OFFICER, BODY.merge_into, reported(NATIONAL).ctx())).code,
    ).toBe('ACTION_NOT_ALLOWED');
    expect(accepted(NATIONAL).refuse('merge_into', BODY.merge_into, HEAD).code).toBe('FORBIDDEN');
    const self = opened(NATIONAL).refuse('merge_into', { intoCaseId: 'case-1', intoNumber: 'YJ-2026-0001' });
    expect(self).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [expect.objectContaining({ path: 'intoCaseId', rule: 'merge.self' })],
    });
    expect(opened(NATIONAL).refuse('merge_into', { intoCaseId: 'case-2' }).issues[0]).toMatchObject({ path: 'intoNumber' });
    const paperCase = new Run(NATIONAL, '2026-03-02', CAL, at('2026-03-02T10:00'), true, 'paper-1');
    expect(paperCase.refuse('merge_into').message).toMatch(/problem paper/);
    expect(allowedActions(paperCase.state, NATIONAL)).not.toContain('merge_into');
    expect(allowedActions(opened(NATIONAL).state, NATIONAL)).toContain('merge_into');
  });

  it('the survivor records the merge once and keeps its phase, version and deadlines', () => {
    const survivor = accepted(NATIONAL);
    const before = snapshot(survivor.state);
    const signal = { caseId: 'case-9', number: 'YJ-2026-0009', actor: OFFICER, on: '2026-03-05', note: '同一论文' };
    const t = noteMergedFrom(survivor.state, survivor.ctx(), signal);
    expect(t.events.map((e) => [e.type, e.data])).toEqual([
      ['merged_from', { on: '2026-03-05', caseId: 'case-9', number: 'YJ-2026-0009', note: '同一论文' }],
    ]);
    expect(t.state.phase).toBe(before.phase);
    expect(t.state.version).toBe(before.version);
    expect(t.state.deadlines).toEqual(before.deadlines);
    expect(noteMergedFrom(t.state, survivor.ctx(), signal).events).toEqual([]);
    expect(noteMergedFrom(t.state, survivor.ctx(), { ...signal, caseId: 'case-1' }).events).toEqual([]);
  });
});
