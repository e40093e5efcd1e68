import { WorkingCalendar } from '../calendar';
import { chineseDaysCalendarYears } from '../calendar/chinese-days.seed';
import { DEFAULT_REMINDER_POLICY } from '../case/reminders';
import { getPolicyProfile } from '../policy';
import { DomainError } from '../shared/domain-error';
import {
  allowedLeadActions,
  applyLeadAction,
  checkLeadAction,
  expireLead,
  leadMonthOf,
  leadNumber,
  linkLeadCase,
  nextLeadExpiry,
  openLead,
  paperMoved,
  recomputeLead,
  type LeadActor,
  type LeadOrg,
  type LeadState,
} from './lead';
import { pendingLeadReminders } from './reminders';

const CAL = new WorkingCalendar(chineseDaysCalendarYears(require('chinese-days/dist/chinese-days.json')));
/** Only weekends known for 2026 (its notice not loaded): deadlines are provisional. */
const BARE = new WorkingCalendar([]);
const at = (local: string) => Date.parse(`${local}:00+08:00`);

const nat: LeadOrg = { orgId: 'n', path: 'n', level: 'national', name: '国家', profile: 'national-2022' };
const prov: LeadOrg = { orgId: 'p', path: 'n/p', level: 'provincial', name: '省', profile: 'henan-2021' };
const city: LeadOrg = { orgId: 'c', path: 'n/p/c', level: 'municipal', name: '市', profile: 'henan-2021' };
const hosp: LeadOrg = { orgId: 'h', path: 'n/p/c/h', level: 'institution', name: '医院', profile: 'national-2022' };
const admin = (org: LeadOrg): LeadActor => ({ userId: `u-${org.orgId}`, role: 'integrity_admin', orgId: org.orgId });

function open(holder: LeadOrg, on = '2026-09-28', extra: { paperId?: string } = {}): LeadState {
  return openLead(
    { leadId: 'L1', number: 'JC202609-001', holder, category: 'retraction', on, openedBy: admin(holder), ...extra },
    { calendar: CAL, now: at(`${on}T10:00`) },
  ).state;
}

describe('lead numbers (JC<YYYYMM>-<NNN>, one counter per organisation and month)', () => {
  it('pads to three digits and grows past 999', () => {
    expect(leadNumber('202612', 1)).toBe('JC202612-001');
    expect(leadNumber('202612', 113)).toBe('JC202612-113');
    expect(leadNumber('202612', 1000)).toBe('JC202612-1000');
  });
  it('takes the month in Asia/Shanghai', () => {
    expect(leadMonthOf(Date.parse('2026-11-30T16:30:00Z'))).toBe('202612'); // 00:30 on 1 December in Shanghai
    expect(leadMonthOf(Date.parse('2026-11-30T15:59:59Z'))).toBe('202611');
  });
  it('refuses a bad month or counter', () => {
    expect(() => leadNumber('2026-12', 1)).toThrow(DomainError);
    expect(() => leadNumber('202612', 0)).toThrow(DomainError);
  });
});

describe('triage deadline ([decision] 15 working days, per profile)', () => {
  it('is a rule of both profiles, marked as a decision', () => {
    for (const code of ['national-2022', 'henan-2021']) {
      const r = getPolicyProfile(code).deadlines.lead_triage!;
      expect(r.period).toEqual({ amount: 15, unit: 'working_days' });
      expect(r.decision).toBe(true);
    }
  });
  it('counts 15 working days from the day the lead arrived, skipping 国庆 (2026-09-28 → 2026-10-23)', () => {
    const s = open(prov);
    expect(s.deadline).toMatchObject({
      round: 0,
      from: '2026-09-28',
      dueDate: '2026-10-23',
      status: 'open',
      orgId: 'p',
      provisional: false,
    });
    expect(nextLeadExpiry(s)).toBe(Date.parse('2026-10-23T23:59:59+08:00'));
  });
  it('turns overdue after the due day, never before, and only once', () => {
    const s = open(prov);
    expect(expireLead(s, { calendar: CAL, now: at('2026-10-23T23:59') }).events).toEqual([]);
    const t = expireLead(s, { calendar: CAL, now: at('2026-10-24T00:01') });
    expect(t.state.deadline.status).toBe('overdue');
    expect(t.events.map((e) => e.type)).toEqual(['triage_overdue']);
    expect(t.state.status).toBe('open'); // a missed deadline never advances the lead
    expect(expireLead(t.state, { calendar: CAL, now: at('2026-10-30T10:00') }).events).toEqual([]);
    expect(nextLeadExpiry(t.state)).toBeNull();
  });
  it('is provisional over a year without a notice and recounted when it is loaded', () => {
    const s = openLead(
      { leadId: 'L', number: 'JC202609-002', holder: prov, category: 'media', on: '2026-09-28', openedBy: null },
      { calendar: BARE, now: at('2026-09-28T10:00') },
    ).state;
    expect(s.deadline).toMatchObject({ provisional: true, dueDate: '2026-10-19' }); // weekends only
    const t = recomputeLead(s, { calendar: CAL, now: at('2026-09-29T10:00') }, 2026);
    expect(t.state.deadline).toMatchObject({ provisional: false, dueDate: '2026-10-23', status: 'open' });
    expect(t.events).toEqual([
      expect.objectContaining({
        type: 'deadline_recomputed',
        data: expect.objectContaining({ previousDueDate: '2026-10-19', dueDate: '2026-10-23' }),
      }),
    ]);
  });
});

describe('triage by the integrity administrator of the holding organisation', () => {
  it('dispatch: only to a child (one level down); the child gets a new 15-day stay under its own profile', () => {
    const s = open(prov);
    expect(() => checkLeadAction(s, { action: 'dispatch', actor: admin(prov), body: { target: hosp } })).toThrow(/child organisation/);
    expect(() => checkLeadAction(s, { action: 'dispatch', actor: admin(prov), body: { target: nat } })).toThrow(/child organisation/);
    const t = applyLeadAction(
      s,
      { action: 'dispatch', actor: admin(prov), body: { target: city } },
      { calendar: CAL, now: at('2026-10-09T10:00') },
    );
    expect(t.state.holder.orgId).toBe('c');
    expect(t.state.dispatchedBy.map((o) => o.orgId)).toEqual(['p']);
    // Sat 10/10 is a make-up working day (调休上班): it counts
    expect(t.state.deadline).toMatchObject({ round: 1, from: '2026-10-09', orgId: 'c', status: 'open', dueDate: '2026-10-29' });
    expect(t.state.version).toBe(1);
    expect(t.events[0]).toMatchObject({ type: 'lead_dispatched', data: { fromOrgId: 'p', toOrgId: 'c' } });
    expect(s.holder.orgId).toBe('p'); // the reducer never changes its input
  });
  it('only the holder triages; an institution cannot dispatch', () => {
    const s = open(prov);
    expect(() => checkLeadAction(s, { action: 'close', actor: admin(city), body: { reason: 'duplicate' } })).toThrow(
      expect.objectContaining({ code: 'ACTION_NOT_ALLOWED' }),
    );
    expect(allowedLeadActions(s, 'p')).toEqual(['dispatch', 'open_case', 'close']);
    expect(allowedLeadActions(s, 'c')).toEqual([]);
    expect(allowedLeadActions(open(hosp), 'h')).toEqual(['open_case', 'close']);
  });
  it('close: a known reason, a note when the reason is "other"; the deadline is met, the lead final', () => {
    const s = open(hosp);
    expect(() => checkLeadAction(s, { action: 'close', actor: admin(hosp), body: { reason: 'because' as never } })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => checkLeadAction(s, { action: 'close', actor: admin(hosp), body: { reason: 'other', note: '  ' } })).toThrow(/note/);
    const t = applyLeadAction(
      s,
      { action: 'close', actor: admin(hosp), body: { reason: 'other', note: '同一论文已在调查' } },
      { calendar: CAL, now: at('2026-10-09T10:00') },
    );
    expect(t.state).toMatchObject({ status: 'closed', closeReason: 'other', closeNote: '同一论文已在调查' });
    expect(t.state.deadline.status).toBe('met');
    expect(allowedLeadActions(t.state, 'h')).toEqual([]);
    expect(() => checkLeadAction(t.state, { action: 'open_case', actor: admin(hosp), body: {} })).toThrow(/triaged already/);
  });
  it('open_case: asks for the case (an effect), then the registered case triages the lead', () => {
    const s = open(hosp);
    const t = applyLeadAction(
      s,
      { action: 'open_case', actor: admin(hosp), body: { source: 'media' } },
      { calendar: CAL, now: at('2026-10-09T10:00') },
    );
    expect(t.effects).toEqual([{ kind: 'open_case', source: 'media', orgId: 'h', receivedAt: '2026-10-09' }]);
    expect(t.state.status).toBe('open');
    const linked = linkLeadCase(
      t.state,
      { caseId: 'C1', caseNumber: 'SC-2026-000001' },
      { calendar: CAL, now: at('2026-10-09T10:00') },
      admin(hosp),
    );
    expect(linked.state).toMatchObject({ status: 'case_opened', caseId: 'C1', caseNumber: 'SC-2026-000001' });
    expect(linked.state.deadline.status).toBe('met');
    // the lead's category is the default source
    expect(
      applyLeadAction(s, { action: 'open_case', actor: admin(hosp), body: {} }, { calendar: CAL, now: at('2026-10-09T10:00') }).effects[0]!
        .source,
    ).toBe('retraction');
  });
  it('a stale version is refused', () => {
    expect(() =>
      checkLeadAction(open(hosp), { action: 'close', actor: admin(hosp), expectedVersion: 3, body: { reason: 'duplicate' } }),
    ).toThrow(expect.objectContaining({ code: 'VERSION_MISMATCH' }));
  });
});

describe('a lead of the national paper import follows its paper (triaged by its dispatch)', () => {
  const ctx = { calendar: CAL, now: at('2026-10-12T10:00') };
  it('refuses triage actions: the paper is dispatched instead', () => {
    const s = open(nat, '2026-09-28', { paperId: 'P1' });
    expect(allowedLeadActions(s, 'n')).toEqual([]);
    expect(() => checkLeadAction(s, { action: 'dispatch', actor: admin(nat), body: { target: prov } })).toThrow(/follows its paper/);
  });
  it('moves with the paper (a new stay per holder), ignores repeated or older moves, and is triaged by the case opened for it', () => {
    const s = open(nat, '2026-09-28', { paperId: 'P1' });
    const m1 = paperMoved(s, { seq: 3, holder: prov, caseId: null, caseNumber: null }, ctx);
    expect(m1.state.holder.orgId).toBe('p');
    expect(m1.state.deadline).toMatchObject({ round: 1, from: '2026-10-12', status: 'open' });
    expect(paperMoved(m1.state, { seq: 3, holder: prov, caseId: null, caseNumber: null }, ctx).events).toEqual([]);
    expect(paperMoved(m1.state, { seq: 2, holder: city, caseId: null, caseNumber: null }, ctx).events).toEqual([]);
    const m2 = paperMoved(m1.state, { seq: 5, holder: hosp, caseId: 'C9', caseNumber: 'SC-2026-000009' }, ctx);
    expect(m2.state).toMatchObject({ status: 'case_opened', caseId: 'C9', holder: { orgId: 'h' } });
    expect(m2.state.deadline.status).toBe('met');
    // returned to the superior: back up, a new stay there
    const back = paperMoved(m1.state, { seq: 4, holder: nat, caseId: null, caseNumber: null }, ctx);
    expect(back.events[0]!.type).toBe('lead_returned');
    expect(back.state.dispatchedBy).toEqual([]);
  });
});

describe('reminders of the triage deadline (the stages of every deadline)', () => {
  it('5 and 1 working days before, on the day, then overdue; each once; none once triaged', () => {
    const s = open(prov); // due 2026-10-23
    const sent = new Set<string>();
    const first = pendingLeadReminders(s, CAL, DEFAULT_REMINDER_POLICY, at('2026-10-16T09:00'), sent);
    expect(first.send.map((r) => [r.stage, r.on, r.kind])).toEqual([['before_5', '2026-10-16', 'lead_triage']]);
    first.send.forEach((r) => sent.add(r.key));
    expect(pendingLeadReminders(s, CAL, DEFAULT_REMINDER_POLICY, at('2026-10-16T10:00'), sent).send).toEqual([]);
    const overdue = pendingLeadReminders(s, CAL, DEFAULT_REMINDER_POLICY, at('2026-11-06T09:30'), sent); // 10 working days after
    expect(overdue.send.map((r) => r.stage)).toEqual(['overdue_10', 'escalation']);
    expect(overdue.skip.length).toBeGreaterThan(0); // the earlier stages of the burst are skipped, not sent
    const closed = applyLeadAction(
      s,
      { action: 'close', actor: admin(prov), body: { reason: 'duplicate' } },
      { calendar: CAL, now: at('2026-10-10T10:00') },
    ).state;
    expect(pendingLeadReminders(closed, CAL, DEFAULT_REMINDER_POLICY, at('2026-11-06T09:30'), new Set())).toEqual({
      send: [],
      skip: [],
      nextAt: null,
    });
  });
});
