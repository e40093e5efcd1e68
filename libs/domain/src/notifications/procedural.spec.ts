/**
 * Which procedural event mails whom (procedural.ts), driven through the real reducer. Seeds: 003 =
 * 003_4e9e56e49ac7f018.txt (national-2022), 001 = 001_bc0ff0bc5a500df1.txt (henan-2021).
 */
import { WorkingCalendar, chineseDaysCalendarYears } from '../calendar';
import { applyAction, openCase, recomputeDeadlines, type CaseState, type Ctx, type Transition } from '../case';
import { getPolicyProfile } from '../policy';
import { proceduralNotices, type ProceduralNotice } from './procedural';
import { renderNotification } from './templates';

const CAL = new WorkingCalendar(chineseDaysCalendarYears(require('chinese-days/dist/chinese-days.json')));
const at = (day: string) => Date.parse(`${day}T10:00:00+08:00`);
const officer = { userId: 'u1', role: 'case_officer', orgId: 'o1' };
const head = { userId: 'u2', role: 'unit_head', orgId: 'o1' };

function start(profile: string, calendar = CAL) {
  const ctx = (now: number): Ctx => ({ profile: getPolicyProfile(profile), calendar, now });
  let state = openCase(
    { caseId: 'c1', number: 'SC-2026-000001', profile, source: 'report', receivedAt: '2026-03-02', openedBy: null },
    ctx(at('2026-03-02')),
  ).state;
  const step = (action: string, body: Record<string, unknown> = {}, day = '2026-03-02', actor = officer): ProceduralNotice[] => {
    const t: Transition = applyAction(state, action, actor, body, ctx(at(day)));
    state = t.state;
    return proceduralNotices(t.events, t.state);
  };
  return {
    step,
    get state(): CaseState {
      return state;
    },
    ctx,
  };
}

describe('proceduralNotices', () => {
  it('acceptance decision: only the reporter (003 art.14), accepted or refused with its reason code', () => {
    const a = start('national-2022');
    expect(a.step('accept')).toEqual([
      { template: 'acceptance_decision', audience: 'reporter', stage: 'accepted#2', data: { accepted: true } },
    ]);
    const r = start('henan-2021');
    expect(r.step('reject', { reason: 'no_evidence' })).toEqual([
      { template: 'acceptance_decision', audience: 'reporter', stage: 'rejected#2', data: { accepted: false, reason: 'no_evidence' } },
    ]);
    // 001 art.14: an objection that holds is an acceptance, told to the reporter again (a new stage: a new mail)
    expect(r.step('uphold_objection')).toEqual([
      { template: 'acceptance_decision', audience: 'reporter', stage: 'objection_upheld#3', data: { accepted: true } },
    ]);
  });

  it('the whole national procedure: units, proposed decision, delivery, review and appeal outcomes', () => {
    const c = start('national-2022');
    c.step('accept');
    c.step('add_member', { name: '甲', kind: 'team', declarationSigned: true });
    c.step('add_member', { name: '乙', kind: 'team', declarationSigned: true });
    c.step('approve_plan', {}, '2026-03-10', head);
    expect(c.step('submit_report', { signedBy: ['甲', '乙'] }, '2026-06-01', { ...officer, role: 'investigator' })).toEqual([]);
    // without named units nothing is mailed (the officer notified them otherwise)
    const units = c.step(
      'notify_participating_units',
      { orgIds: ['10000000-0000-4000-8000-000000000004'], emails: ['a@b.org'] },
      '2026-06-01',
    );
    expect(units).toEqual([
      {
        template: 'participating_units_notice',
        audience: 'participating_units',
        stage: expect.stringMatching(/^participating_units_notified#\d+$/),
        data: { orgIds: ['10000000-0000-4000-8000-000000000004'], emails: ['a@b.org'] },
      },
    ]);
    expect(c.step('send_proposed_decision', {}, '2026-06-02')).toEqual([
      {
        template: 'proposed_decision_notice',
        audience: 'handlers',
        stage: expect.stringMatching(/^proposed_decision_sent#/),
        deadlineKind: 'defence',
        dueDate: '2026-06-09',
      },
    ]);
    c.step('waive_defence', {}, '2026-06-03');
    expect(c.step('decide', { outcome: 'no_misconduct' }, '2026-06-10', head)).toEqual([]);
    const delivered = c.step('deliver_decision', {}, '2026-06-11');
    expect(delivered.map((n) => [n.template, n.audience, n.deadlineKind, n.dueDate])).toEqual([
      ['decision_delivery', 'handlers', 'review_application', '2026-07-03'],
      ['decision_delivery', 'reporter', 'review_application', '2026-07-03'],
    ]);
    expect(delivered[0]!.stage).toBe(delivered[1]!.stage);
    c.step('apply_review', {}, '2026-06-15');
    c.step('accept_review', {}, '2026-06-16');
    const review = c.step('complete_review', { result: 'upheld' }, '2026-07-01', head);
    expect(review.map((n) => [n.template, n.audience, n.dueDate, n.data])).toEqual([
      ['review_outcome', 'handlers', '2026-07-22', { result: 'upheld' }],
      ['review_outcome', 'reporter', '2026-07-22', { result: 'upheld' }],
    ]);
    c.step('apply_appeal', {}, '2026-07-02');
    expect(c.step('refuse_appeal', { reason: '无新证据' }, '2026-07-03').map((n) => [n.template, n.audience, n.data])).toEqual([
      ['appeal_outcome', 'handlers', { result: 'refused' }],
      ['appeal_outcome', 'reporter', { result: 'refused' }],
    ]);
  });

  it('bad participating units are refused naming the field; no units named = no mail', () => {
    const c = start('national-2022');
    c.step('accept');
    c.step('add_member', { name: '甲', kind: 'team', declarationSigned: true });
    c.step('add_member', { name: '乙', kind: 'team', declarationSigned: true });
    c.step('approve_plan', {}, '2026-03-10', head);
    c.step('submit_report', { signedBy: ['甲', '乙'] }, '2026-06-01');
    expect(() => c.step('notify_participating_units', { emails: ['not an address'] }, '2026-06-01')).toThrow(/^emails: /);
    expect(() => c.step('notify_participating_units', { orgIds: ['x'] }, '2026-06-01')).toThrow(/^orgIds: /);
    expect(c.step('notify_participating_units', {}, '2026-06-01')).toEqual([]);
  });

  it('a calendar reload that moves a due date tells the handlers; one that only confirms it does not', () => {
    const c = start('national-2022', new WorkingCalendar(without2027Years()));
    c.step('accept', {}, '2026-10-20'); // investigation due 2027-04-20, provisional
    const due = c.state.deadlines.investigation!.dueDate;
    expect(due.startsWith('2027')).toBe(true);
    const year = { year: 2027, holidays: [due], makeupWorkdays: [] };
    const cal = new WorkingCalendar([...without2027Years(), year]);
    const t = recomputeDeadlines(c.state, { profile: getPolicyProfile('national-2022'), calendar: cal, now: at('2026-10-21') }, 2027);
    const notices = proceduralNotices(t.events, t.state);
    expect(notices).toEqual([
      {
        template: 'due_date_moved',
        audience: 'handlers',
        stage: expect.stringMatching(/^deadline_recomputed#\d+$/),
        deadlineKind: 'investigation',
        dueDate: t.state.deadlines.investigation!.dueDate,
        data: { previousDueDate: due },
      },
    ]);
    const unchanged = recomputeDeadlines(
      c.state,
      {
        profile: getPolicyProfile('national-2022'),
        calendar: new WorkingCalendar([...without2027Years(), { year: 2027, holidays: [], makeupWorkdays: [] }]),
        now: at('2026-10-21'),
      },
      2027,
    );
    expect(unchanged.events.map((e) => e.type)).toEqual(['deadline_recomputed']); // provisional -> final, same date
    expect(proceduralNotices(unchanged.events, unchanged.state)).toEqual([]);
  });

  it('every notice renders in both languages; reason and result codes become words', () => {
    const base = { caseId: 'c1', caseNumber: 'SC-2026-000001', appBaseUrl: 'http://x', profile: 'henan-2021' } as const;
    const refusal = renderNotification({
      ...base,
      template: 'acceptance_decision',
      locale: 'zh',
      audience: 'reporter',
      data: { accepted: false, reason: 'no_evidence' },
    });
    expect(refusal.text).toContain('理由：没有明确的证据和可查线索');
    expect(refusal.text).toContain('如有异议'); // 001 art.14: the reporter may object
    expect(
      renderNotification({ ...base, template: 'review_outcome', locale: 'en', audience: 'reporter', data: { result: 'revoked' } }).subject,
    ).toContain('the decision is revoked');
    const toReporter = renderNotification({ ...base, template: 'decision_delivery', locale: 'zh', audience: 'reporter' });
    expect(toReporter.text).toContain('书面申请复查');
    expect(toReporter.text).not.toContain('http');
  });
});

function without2027Years() {
  return chineseDaysCalendarYears(require('chinese-days/dist/chinese-days.json')).filter((y) => y.year < 2027);
}
