/**
 * Unit tests of the procedure-edge rules of issue 17 (Ctx.edges: cases that start on the workflow code with
 * `patched('procedure-edges')`), against RULES.md and the seeds (003 = 003_4e9e56e49ac7f018.txt, national-2022;
 * 001 = 001_bc0ff0bc5a500df1.txt, henan-2021). lifecycle.spec.ts covers the rules every case shares, on the reducer as
 * cases from before these rules run it.
 *
 * Real calendar data (the 2026 State Council notice via `chinese-days`); every expected date below was counted by hand:
 *   03-02 Mon received + accepted -> henan reporter notice due Mon 03-09 (5 working days), investigation due 09-02
 *   06-02 Tue proposed decision   -> defence due 06-09 (5 working days: 6/3, 6/4, 6/5, 6/8, 6/9)
 *                                    10 working days: 6/3–6/5 (3), 6/8–6/12 (8), 6/15, 6/16 (10) -> 06-16 (端午 6/19 later)
 *                                    10 calendar days -> Fri 06-12, a working day
 *   extension of 2 months on 09-02 -> Mon 11-02 (2026-01-01 is a Thursday; 11-02 is day 306, 305 days later: Monday)
 */
import { WorkingCalendar, chineseDaysCalendarYears } from '../calendar';
import { proceduralNotices } from '../notifications/procedural';
import { appealAuthorityOf, cite, getPolicyProfile, type PolicyProfile } from '../policy';
import { DomainError } from '../shared';
import { ACTIONS, ACTION_NAMES, type ActionName } from './actions';
import {
  allowedActions,
  applyAction,
  deadlineViews,
  expireDeadlines,
  openCase,
  reporterNoticeMailed,
  transferCaseOpened,
  type ActorRef,
  type CaseEvent,
  type CaseState,
  type Ctx,
  type OpenCaseInput,
  type Transition,
} from './lifecycle';
import { effectiveDefencePeriod, isDefencePeriod, reporterNoticeOwed } from './periods';

const CAL = new WorkingCalendar(chineseDaysCalendarYears(require('chinese-days/dist/chinese-days.json')));
const NATIONAL = getPolicyProfile('national-2022');
const HENAN = getPolicyProfile('henan-2021');
const PROFILES: Array<[string, PolicyProfile]> = [
  ['national-2022', NATIONAL],
  ['henan-2021', HENAN],
];

const HOSPITAL = '10000000-0000-4000-8000-000000000006';
const CITY = '10000000-0000-4000-8000-000000000005';
const at = (local: string) => Date.parse(`${local.includes('T') ? local : `${local}T10:00`}:00+08:00`);
const person = (role: string, orgId = HOSPITAL, userId = `u-${role}`): ActorRef => ({ userId, role, orgId, name: role });
const OFFICER = person('case_officer');
const HEAD = person('unit_head');
const INVESTIGATOR = person('investigator');
const CITY_OFFICER = person('case_officer', CITY, 'u-city-officer');
const CITY_HEAD = person('unit_head', CITY, 'u-city-head');
const CHECKERS = ['20000000-0000-4000-8000-000000000007', '20000000-0000-4000-8000-000000000006'];
const TEAM = ['Zhang Wei', 'Li Na', 'Wang Fang'];

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}

/** A case under the edge rules, driven through the reducer. */
class Run {
  state!: CaseState;
  readonly events: CaseEvent[] = [];
  last!: Transition;
  now: number;

  constructor(
    readonly profile: PolicyProfile,
    opts: Partial<OpenCaseInput> & { edges?: boolean; periods?: Ctx['periods'] } = {},
  ) {
    this.now = at(`${opts.receivedAt ?? '2026-03-02'}`);
    this.edges = opts.edges ?? true;
    this.periods = opts.periods;
    this.record(
      openCase(
        {
          caseId: 'case-1',
          number: 'SC-2026-000001',
          profile: profile.code,
          source: opts.source ?? 'report',
          receivedAt: opts.receivedAt ?? '2026-03-02',
          openedBy: OFFICER,
          ...(opts.reporterNotice !== undefined ? { reporterNotice: opts.reporterNotice } : {}),
          ...(opts.reportTo ? { reportTo: opts.reportTo } : {}),
          ...(opts.transferredFrom ? { transferredFrom: opts.transferredFrom } : {}),
        },
        this.ctx(),
      ),
    );
  }

  readonly edges: boolean;
  readonly periods: Ctx['periods'];

  ctx(): Ctx {
    return {
      profile: this.profile,
      calendar: CAL,
      now: this.now,
      strict: true,
      edges: this.edges,
      ...(this.periods ? { periods: this.periods } : {}),
    };
  }

  at(local: string): this {
    this.now = at(local);
    return this;
  }

  act(action: string, body: Record<string, unknown> = {}, who: ActorRef = OFFICER): this {
    this.record(applyAction(this.state, action, who, body, this.ctx()));
    return this;
  }

  refuse(action: string, body: Record<string, unknown> = {}, who: ActorRef = OFFICER): DomainError {
    const before = JSON.stringify(this.state);
    const err = refusal(() => applyAction(this.state, action, who, body, this.ctx()));
    expect(JSON.stringify(this.state)).toBe(before);
    return err;
  }

  record(t: Transition): this {
    this.last = t;
    this.state = t.state;
    this.events.push(...t.events);
    return this;
  }

  allowed(role?: string): ActionName[] {
    return allowedActions(this.state, this.profile, role, { strict: true, edges: this.edges });
  }

  view(kind: string) {
    return deadlineViews(this.state, this.ctx()).find((d) => d.kind === kind);
  }
}

const accept = (r: Run) => r.act('accept', r.profile.preliminaryCheckStaffMin ? { checkedBy: CHECKERS } : {});
const investigating = (p: PolicyProfile, opts: ConstructorParameters<typeof Run>[1] = {}) => {
  const r = accept(new Run(p, opts));
  r.at('2026-03-10').act('approve_plan', {}, HEAD);
  for (const name of TEAM) r.act('add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
  return r.act('record_interview', { investigators: TEAM.slice(0, 2) }, INVESTIGATOR);
};
const reported = (p: PolicyProfile, opts: ConstructorParameters<typeof Run>[1] = {}) =>
  investigating(p, opts).at('2026-06-01').act('submit_report', { signedBy: TEAM }, INVESTIGATOR);
const delivered = (p: PolicyProfile, opts: ConstructorParameters<typeof Run>[1] = {}) =>
  reported(p, opts)
    .at('2026-06-02')
    .act('send_proposed_decision')
    .at('2026-06-03')
    .act('waive_defence')
    .at('2026-06-10')
    .act('decide', { outcome: 'misconduct' }, HEAD)
    .at('2026-06-11')
    .act('deliver_decision');
const reviewed = (p: PolicyProfile) =>
  delivered(p)
    .at('2026-06-15')
    .act('apply_review')
    .at('2026-06-16')
    .act('accept_review')
    .at('2026-07-01')
    .act('complete_review', { result: 'upheld' }, HEAD);
const appealApplied = (p: PolicyProfile) => reviewed(p).at('2026-07-02').act('apply_appeal', { appealOrgId: CITY });

// ---------------------------------------------------------------------------------------------------------------------

describe('1. the appeal (复核/申诉) is heard by the superior authority (003 art.42; 001 art.45)', () => {
  it("the authority is the handling organisation's parent; a national-level organisation hears its own (003 art.42); the top of the tree its own", () => {
    expect(appealAuthorityOf(NATIONAL, { id: HOSPITAL, level: 'institution', parentId: CITY })).toBe(CITY);
    expect(appealAuthorityOf(NATIONAL, { id: 'nat', level: 'national', parentId: null })).toBe('nat');
    expect(appealAuthorityOf(NATIONAL, { id: 'ministry', level: 'national', parentId: 'state-council' })).toBe('ministry');
    expect(appealAuthorityOf(HENAN, { id: 'prov', level: 'provincial', parentId: 'nat' })).toBe('nat');
    expect(appealAuthorityOf(HENAN, { id: 'root', level: 'municipal', parentId: null })).toBe('root');
  });

  it.each(PROFILES)("%s: apply_appeal fixes the authority (appealOrgId) and cites the profile's own article", (_, p) => {
    const r = appealApplied(p);
    expect(r.state.appeal).toEqual({ orgId: CITY });
    expect(r.last.events).toEqual([
      expect.objectContaining({ type: 'appeal_applied', data: { on: '2026-07-02', appealOrgId: CITY, article: cite(p, 'appeal') } }),
    ]);
    expect(cite(p, 'appeal')).toBe(p === HENAN ? '001 art.45–46' : '003 art.42–43');
  });

  it('apply_appeal without the authority is refused (the API resolves it; the workflow never reads the tree)', () => {
    const r = reviewed(NATIONAL).at('2026-07-02');
    expect(r.refuse('apply_appeal', {}).details).toMatchObject({ field: 'appealOrgId' });
    expect(r.refuse('apply_appeal', { appealOrgId: 'cityB' }).details).toMatchObject({ field: 'appealOrgId' });
  });

  it.each(PROFILES)(
    "%s: the handling organisation's officer and head get FORBIDDEN for accept, refuse and complete; the superior takes them",
    (_, p) => {
      const r = appealApplied(p).at('2026-07-03');
      for (const [action, who, body] of [
        ['accept_appeal', OFFICER, {}],
        ['refuse_appeal', OFFICER, { reason: 'same facts' }],
      ] as const) {
        const err = r.refuse(action, body, who);
        expect(err.code).toBe('FORBIDDEN');
        expect(err.message).toContain(cite(p, 'appeal'));
        expect(err.details).toEqual({ action, appealOrgId: CITY });
      }
      r.act('accept_appeal', {}, CITY_OFFICER).at('2026-07-06');
      expect(r.refuse('complete_appeal', { result: 'revoked' }, HEAD).code).toBe('FORBIDDEN');
      r.act('complete_appeal', { result: 'revoked' }, CITY_HEAD);
      expect(r.state.phase).toBe('closed');
      // the timeline shows the acting organisation: the superior's officer accepted, its head completed
      expect(r.events.filter((e) => e.type.startsWith('appeal_')).map((e) => [e.type, e.actor?.orgId])).toEqual([
        ['appeal_applied', HOSPITAL],
        ['appeal_accepted', CITY],
        ['appeal_completed', CITY],
      ]);
    },
  );

  it('refusing the appeal at the superior closes the case; the handling organisation still reports to the registry afterwards', () => {
    const r = appealApplied(NATIONAL).at('2026-07-03').act('refuse_appeal', { reason: '同一事实和理由' }, CITY_OFFICER);
    expect(r.state.phase).toBe('closed');
    expect(r.allowed('case_officer')).toEqual(['report_registry']);
    r.act('report_registry');
    expect(r.state.deadlines.registry_report?.status).toBe('met');
  });

  it('the appeal_lodged notice goes to the authority, naming it, with its acceptance deadline', () => {
    const r = appealApplied(NATIONAL);
    expect(proceduralNotices(r.last.events, r.state)).toEqual([
      {
        template: 'appeal_lodged',
        audience: 'appeal_authority',
        stage: `appeal_applied#${r.state.seq}`,
        deadlineKind: 'appeal_acceptance',
        dueDate: r.state.deadlines.appeal_acceptance!.dueDate,
        data: { article: '003 art.42–43', appealOrgId: CITY },
      },
    ]);
  });

  it('cases from before the rule: anyone with the role hears the appeal, no authority is fixed', () => {
    const r = new Run(NATIONAL, { edges: false });
    expect(r.state.appeal).toBeUndefined();
    expect(ACTIONS.accept_appeal.appealAuthority).toBe(true);
  });
});

describe('2. suspension and termination need the unit head (003 art.23 "可经单位相关负责人批准中止调查"; 001 art.23)', () => {
  it.each(PROFILES)('%s: an officer may not suspend alone; the head suspends directly', (_, p) => {
    const r = accept(new Run(p)).at('2026-03-04');
    const err = r.refuse('suspend', { reason: '关键信息不充分' });
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toContain(cite(p, 'suspension'));
    expect(r.allowed('case_officer')).not.toContain('suspend');
    expect(r.allowed('case_officer')).toContain('request_suspension');
    r.act('suspend', { reason: '关键信息不充分' }, HEAD);
    expect(r.state.phase).toBe('suspended');
    expect(r.last.events[0]).toMatchObject({
      type: 'suspended',
      actor: HEAD,
      data: { on: '2026-03-04', reason: '关键信息不充分', article: cite(p, 'suspension') },
    });
  });

  it('a request waits for the head; approval suspends with who asked, refusal leaves the investigation running', () => {
    const r = accept(new Run(NATIONAL)).at('2026-03-04').act('request_suspension', { reason: '暂不具备调查条件' });
    expect(r.state.phase).toBe('investigation');
    expect(r.state.stopRequest).toMatchObject({ kind: 'suspend', reason: '暂不具备调查条件', on: '2026-03-04', requestedBy: OFFICER });
    expect(r.last.events[0]).toMatchObject({ type: 'suspension_requested', data: { reason: '暂不具备调查条件', article: '003 art.23' } });
    expect(r.refuse('request_suspension', { reason: 'again' }).message).toContain('already waiting for the unit head (003 art.23)');
    expect(r.allowed('unit_head')).toEqual(expect.arrayContaining(['decide_suspension', 'suspend']));
    expect(r.refuse('decide_suspension', { approve: true }).code).toBe('FORBIDDEN'); // an officer cannot approve
    r.act('decide_suspension', { approve: true }, HEAD);
    expect(r.state.phase).toBe('suspended');
    expect(r.state.stopRequest).toBeNull();
    expect(r.last.events[0]).toMatchObject({
      type: 'suspended',
      actor: HEAD,
      data: { on: '2026-03-04', reason: '暂不具备调查条件', approved: true, requestedBy: OFFICER.userId, article: '003 art.23' },
    });

    const d = accept(new Run(NATIONAL))
      .act('request_suspension', { reason: 'x' })
      .act('decide_suspension', { approve: false, note: '继续调查' }, HEAD);
    expect(d.state.phase).toBe('investigation');
    expect(d.last.events[0]).toMatchObject({
      type: 'suspension_denied',
      data: { reason: 'x', requestedBy: OFFICER.userId, note: '继续调查' },
    });
    expect(d.refuse('decide_suspension', { approve: true }, HEAD).message).toBe('no suspension request is pending');
  });

  it('henan: termination by request and decision (001 art.23), also while suspended; national has no termination', () => {
    const r = accept(new Run(HENAN))
      .act('suspend', { reason: '被调查人出国' }, HEAD)
      .act('request_termination', { reason: '被调查人死亡' });
    expect(r.state.phase).toBe('suspended');
    expect(r.refuse('terminate', { reason: 'x' }).code).toBe('FORBIDDEN');
    r.act('decide_termination', { approve: true }, HEAD);
    expect(r.state.phase).toBe('terminated');
    expect(r.last.events[0]).toMatchObject({ type: 'terminated', data: { reason: '被调查人死亡', approved: true, article: '001 art.23' } });
    const n = accept(new Run(NATIONAL));
    expect(n.allowed()).not.toContain('request_termination');
    expect(n.refuse('request_termination', { reason: 'x' }).message).toContain('not part of the national-2022 procedure');
  });

  it("cases from before the rule keep their officers' direct suspension, and are offered no requests", () => {
    const r = accept(new Run(NATIONAL, { edges: false }));
    expect(r.allowed('case_officer')).toContain('suspend');
    expect(r.allowed('case_officer')).not.toContain('request_suspension');
    expect(r.refuse('request_suspension', { reason: 'x' }).message).toContain("not part of this case's procedure");
    r.act('suspend', { reason: 'x' });
    expect(r.state.phase).toBe('suspended');
  });
});

describe('3. reports to the authority that transferred the case (003 art.25, 28)', () => {
  const transferred = { source: 'transfer', reportTo: { transferringAuthority: true, leadUnit: false } };

  it('an approved extension of a transferred case is reported to the transferring authority (003 art.25)', () => {
    const r = investigating(NATIONAL, transferred)
      .act('request_extension', { months: 2, reason: '特别重大复杂' })
      .act('decide_extension', { approve: true }, HEAD);
    expect(r.last.events.map((e) => e.type)).toEqual(['extension_approved', 'extension_reported']);
    expect(r.last.events[1]!.data).toEqual({
      on: '2026-03-10',
      to: ['transferring_authority'],
      months: 2,
      investigationDue: '2026-11-02',
      article: '003 art.25',
    });
    expect(proceduralNotices(r.last.events, r.state)).toEqual([
      {
        template: 'extension_report',
        audience: 'transferring_authority',
        stage: `extension_reported#${r.state.seq}`,
        data: { months: 2, investigationDue: '2026-11-02', article: '003 art.25' },
      },
    ]);
  });

  it('a denied extension, or one of a case that was not transferred, reports nothing', () => {
    const denied = investigating(NATIONAL, transferred)
      .act('request_extension', { months: 2, reason: 'x' })
      .act('decide_extension', { approve: false }, HEAD);
    expect(denied.last.events.map((e) => e.type)).toEqual(['extension_denied']);
    const own = investigating(NATIONAL)
      .act('request_extension', { months: 2, reason: 'x' })
      .act('decide_extension', { approve: true }, HEAD);
    expect(own.last.events.map((e) => e.type)).toEqual(['extension_approved']);
  });

  it.each(PROFILES)('%s: delivery sends the letter and report to the transferring authority and the letter to a lead unit', (_, p) => {
    const r = delivered(p, { source: 'transfer', reportTo: { transferringAuthority: true, leadUnit: true } });
    expect(r.last.events.map((e) => e.type)).toEqual(['decision_delivered', 'decision_reported']);
    const article = p === HENAN ? '001 art.30; 001 art.8' : '003 art.28';
    expect(r.last.events[1]!.data).toEqual({ on: '2026-06-11', to: ['transferring_authority', 'lead_unit'], article });
    expect(proceduralNotices(r.last.events, r.state).filter((n) => n.template === 'decision_report')).toEqual([
      { template: 'decision_report', audience: 'transferring_authority', stage: `decision_reported#${r.state.seq}`, data: { article } },
      { template: 'decision_report', audience: 'lead_unit', stage: `decision_reported#${r.state.seq}`, data: { article } },
    ]);
  });

  it('a case reporting to nobody emits no report on delivery', () => {
    expect(delivered(NATIONAL).last.events.map((e) => e.type)).toEqual(['decision_delivered']);
  });
});

describe('4. a transfer opens a linked case at the receiving organisation', () => {
  it('the transfer event asks for the linked case; a paper return (opensCase false) does not', () => {
    const r = new Run(NATIONAL).act('transfer', { toOrgId: CITY, reason: '不属于本单位职责范围' });
    expect(r.state.phase).toBe('transferred');
    expect(r.last.events[0]).toMatchObject({ type: 'transferred', data: { toOrgId: CITY, opensCase: true, article: '003 art.14' } });
    expect(new Run(NATIONAL).act('transfer', { toOrgId: CITY, opensCase: false }).last.events[0]!.data.opensCase).toBe(false);
    expect(new Run(NATIONAL, { edges: false }).act('transfer', { toOrgId: CITY }).last.events[0]!.data).not.toHaveProperty('opensCase');
  });

  it('both timelines point to each other: the source records the new case, the new case names its source', () => {
    const r = new Run(NATIONAL).act('transfer', { toOrgId: CITY });
    const link = { caseId: 'case-2', number: 'SC-2026-000002', orgId: CITY };
    r.record(transferCaseOpened(r.state, r.ctx(), link));
    expect(r.state.transferredTo).toEqual(link);
    expect(r.last.events[0]).toMatchObject({
      type: 'transfer_case_opened',
      actor: null,
      data: { caseId: 'case-2', number: 'SC-2026-000002', toOrgId: CITY },
    });
    const target = new Run(HENAN, {
      source: 'transfer',
      receivedAt: '2026-03-05',
      transferredFrom: { caseId: 'case-1', number: 'SC-2026-000001', orgId: HOSPITAL },
      reportTo: { transferringAuthority: true, leadUnit: false },
    });
    expect(target.events[0]).toMatchObject({
      type: 'case_opened',
      data: {
        source: 'transfer',
        receivedAt: '2026-03-05',
        transferredFrom: { caseId: 'case-1', number: 'SC-2026-000001', orgId: HOSPITAL },
      },
    });
    // the acceptance deadline counts from the transfer date: 15 working days after Thu 03-05 -> Thu 03-26
    expect(target.state.deadlines.acceptance?.dueDate).toBe('2026-03-26');
  });
});

describe('5. recusal requested by the subject or the reporter (003 art.45 "被调查人、举报人有权要求其回避"; 001 art.49)', () => {
  const withAccount = (p: PolicyProfile) => {
    const r = accept(new Run(p));
    for (const name of TEAM)
      r.act('add_member', {
        name,
        kind: 'team',
        declarationSigned: true,
        ...(name === 'Li Na' ? { userId: '20000000-0000-4000-8000-00000000000a' } : {}),
      });
    return r;
  };

  it.each(PROFILES)(
    '%s: recorded by an officer (who asked, whom, why), upheld by the head: the member leaves, the account is recused',
    (_, p) => {
      const r = withAccount(p)
        .at('2026-03-05')
        .act('request_recusal', { requestedBy: 'subject', member: 'Li Na', reason: '与被调查人有合作关系' });
      expect(r.state.recusal?.pending).toMatchObject({
        requestedBy: 'subject',
        member: 'Li Na',
        userId: '20000000-0000-4000-8000-00000000000a',
        reason: '与被调查人有合作关系',
      });
      expect(r.last.events[0]).toMatchObject({
        type: 'recusal_requested',
        actor: OFFICER,
        data: { requestedBy: 'subject', member: 'Li Na', article: cite(p, 'recusal') },
      });
      expect(cite(p, 'recusal')).toBe(p === HENAN ? '001 art.49' : '003 art.45');
      expect(r.refuse('request_recusal', { requestedBy: 'reporter', member: 'Zhang Wei', reason: 'x' }).message).toContain(
        'already waiting for the unit head',
      );
      expect(r.refuse('decide_recusal', { upheld: true }).code).toBe('FORBIDDEN');
      r.act('decide_recusal', { upheld: true, note: '理由成立' }, HEAD);
      expect(r.state.investigation.members.map((m) => m.name)).toEqual(['Zhang Wei', 'Wang Fang']);
      expect(r.state.recusal).toEqual({ pending: null, recused: [{ member: 'Li Na', userId: '20000000-0000-4000-8000-00000000000a' }] });
      expect(r.last.events[0]).toMatchObject({
        type: 'recusal_upheld',
        actor: HEAD,
        data: {
          requestedBy: 'subject',
          member: 'Li Na',
          userId: '20000000-0000-4000-8000-00000000000a',
          reason: '与被调查人有合作关系',
          note: '理由成立',
        },
      });
      // a recused member does not come back, by name or by account
      expect(r.refuse('add_member', { name: 'Li Na', kind: 'team', declarationSigned: true }).message).toContain(
        `was recused on this case and may not serve (${cite(p, 'recusal')})`,
      );
      expect(
        r.refuse('add_member', { name: 'L. Na', kind: 'expert', declarationSigned: true, userId: '20000000-0000-4000-8000-00000000000a' })
          .details,
      ).toMatchObject({
        rule: 'recusal.recused',
      });
    },
  );

  it('refused: the member stays; a request must name a member of the team or panel, or an account', () => {
    const r = withAccount(NATIONAL)
      .act('request_recusal', { requestedBy: 'reporter', member: 'Zhang Wei', reason: 'x' })
      .act('decide_recusal', { upheld: false }, HEAD);
    expect(r.last.events[0]!.type).toBe('recusal_refused');
    expect(r.state.investigation.members).toHaveLength(3);
    expect(r.refuse('request_recusal', { requestedBy: 'reporter', reason: 'x' }).details).toMatchObject({
      field: 'member',
      rule: 'recusal.whom',
      article: '003 art.45',
    });
    expect(r.refuse('request_recusal', { requestedBy: 'reporter', member: 'Nobody', reason: 'x' }).details).toMatchObject({
      rule: 'recusal.not_member',
    });
    expect(r.refuse('request_recusal', { requestedBy: 'witness', member: 'Zhang Wei', reason: 'x' }).details).toMatchObject({
      field: 'requestedBy',
    });
    // an account that is not a member (e.g. the officer handling the case)
    r.act('request_recusal', { requestedBy: 'subject', userId: '20000000-0000-4000-8000-00000000000b', reason: 'x' }).act(
      'decide_recusal',
      { upheld: true },
      HEAD,
    );
    expect(r.state.recusal?.recused).toEqual([{ member: null, userId: '20000000-0000-4000-8000-00000000000b' }]);
  });

  it('recusal can be asked while the case is handled, reviewed or appealed, not before acceptance or after closing', () => {
    expect(ACTIONS.request_recusal.phases).toEqual(['investigation', 'suspended', 'handling', 'review', 're_review']);
    expect(new Run(NATIONAL).allowed()).not.toContain('request_recusal');
  });
});

describe('7. the reporter notice only where a real-name reporter can be reached; a mailed notice meets it (001 art.14)', () => {
  it('reporterNoticeOwed: real name and a contact', () => {
    expect(reporterNoticeOwed({ name: '赵六', realName: true, contact: 'zhao@example.org' })).toBe(true);
    expect(reporterNoticeOwed({ name: '赵六', realName: true, contact: '13800000000' })).toBe(true);
    expect(reporterNoticeOwed({ name: '赵六', realName: true })).toBe(false);
    expect(reporterNoticeOwed({ name: '赵六', realName: true, contact: '  ' })).toBe(false);
    expect(reporterNoticeOwed({ name: '匿名', realName: false, contact: 'x@example.org' })).toBe(false);
    expect(reporterNoticeOwed(null)).toBe(false);
  });

  it.each([
    ['accept', {}],
    ['reject', { reason: 'no_evidence' }],
  ])('henan %s: no reporter notice for an anonymous, retraction, media or routine case', (action, body) => {
    const r = new Run(HENAN, { reporterNotice: false }).act(action, action === 'accept' ? { checkedBy: CHECKERS } : body);
    expect(r.state.deadlines.reporter_notice).toBeUndefined();
    expect(r.allowed()).not.toContain('notify_reporter');
    const owed = new Run(HENAN, { reporterNotice: true }).act(action, action === 'accept' ? { checkedBy: CHECKERS } : body);
    expect(owed.state.deadlines.reporter_notice).toMatchObject({ dueDate: '2026-03-09', status: 'open' });
  });

  it('the acceptance notice e-mailed to the reporter meets it; nothing to meet twice', () => {
    const r = accept(new Run(HENAN, { reporterNotice: true })).at('2026-03-03');
    const version = r.state.version;
    r.record(reporterNoticeMailed(r.state, r.ctx(), 'acceptance_decision'));
    expect(r.state.deadlines.reporter_notice?.status).toBe('met');
    expect(r.state.version).toBe(version + 1);
    expect(r.last.events).toEqual([
      expect.objectContaining({
        type: 'reporter_notified',
        actor: null,
        data: { on: '2026-03-03', channel: 'email', template: 'acceptance_decision', article: '001 art.14' },
      }),
    ]);
    expect(reporterNoticeMailed(r.state, r.ctx(), 'acceptance_decision').events).toEqual([]);
    expect(r.allowed()).not.toContain('notify_reporter');
  });

  it('notify_reporter records a notice given another way, with how', () => {
    const r = accept(new Run(HENAN, { reporterNotice: true })).act('notify_reporter', { channel: 'phone', note: '电话告知' });
    expect(r.last.events[0]).toMatchObject({
      type: 'reporter_notified',
      data: { channel: 'phone', note: '电话告知', article: '001 art.14' },
    });
    expect(accept(new Run(HENAN, { reporterNotice: true })).refuse('notify_reporter', { channel: 'pigeon' }).details).toMatchObject({
      field: 'channel',
    });
  });
});

describe('10. people are checked: interviewers from the team (art.18), preliminary-check staff as accounts (001 art.14)', () => {
  it.each(PROFILES)('%s: an interviewer who is not a member of the investigation team is refused, naming them', (_, p) => {
    const r = accept(new Run(p));
    for (const name of TEAM) r.act('add_member', { name, kind: 'team', declarationSigned: true });
    r.act('add_member', { name: '专家甲', kind: 'expert', declarationSigned: true });
    const err = r.refuse('record_interview', { investigators: ['Zhang Wei', '专家甲', 'a'] }, INVESTIGATOR);
    expect(err.details).toEqual({ field: 'investigators', rule: 'interviewers.team', article: cite(p, 'interviews') });
    expect(err.message).toContain('not members: 专家甲, a');
    r.act('record_interview', { investigators: ['Zhang Wei', 'Li Na'] }, INVESTIGATOR);
    expect(r.state.investigation.interviews).toBe(1);
  });

  it.each([
    ['two names', ['a', 'b'], 'checked_by.user_ids'],
    ['the same account twice', [CHECKERS[0], CHECKERS[0]!.toUpperCase()], 'checked_by.distinct'],
    ['one account', [CHECKERS[0]], 'checked_by.min'],
  ])('henan accept refused with %s', (_, checkedBy, rule) => {
    const err = new Run(HENAN).refuse('accept', { checkedBy });
    expect(err.details).toEqual({ field: 'checkedBy', rule, article: '001 art.14' });
  });

  it('henan accept with two accounts records their ids and the names the API resolved', () => {
    const r = new Run(HENAN).act('accept', { checkedBy: CHECKERS, checkedByNames: ['甲院办案人员', '甲院诚信管理员'] });
    expect(r.last.events[0]!.data).toMatchObject({ checkedBy: CHECKERS, checkedByNames: ['甲院办案人员', '甲院诚信管理员'] });
  });
});

describe("11. every error and event cites its own profile's article", () => {
  it.each(PROFILES)("%s: every event of a whole procedure carries an article of the profile's own seed", (_, p) => {
    const r = delivered(p, { reportTo: { transferringAuthority: true, leadUnit: false }, source: 'transfer' });
    const seed = p.source.slice(0, 3);
    const cited = r.events.map((e) => [e.type, String(e.data.article ?? '')]);
    expect(cited.filter(([, a]) => !a.startsWith(`${seed} art.`))).toEqual([]);
    expect(cited.length).toBeGreaterThan(10);
  });

  it("refusals cite the case's profile: a henan conflict 001 art.49, a national rejection 003 art.13, a henan one 001 art.13", () => {
    const h = accept(new Run(HENAN));
    expect(h.refuse('add_member', { name: 'x', kind: 'team', declarationSigned: true, conflicts: ['师生关系'] }).message).toContain(
      '(001 art.49)',
    );
    expect(new Run(NATIONAL).refuse('reject', { reason: 'busy' }).message).toContain('003 art.13');
    expect(new Run(HENAN).refuse('reject', { reason: 'busy' }).message).toContain('001 art.13');
    expect(accept(new Run(HENAN)).refuse('record_interview', { investigators: ['a'] }, INVESTIGATOR).message).toContain('001 art.18');
  });

  it('a missed deadline cites the article of its rule', () => {
    const r = accept(new Run(HENAN, { reporterNotice: true })).at('2026-03-11');
    r.record(expireDeadlines(r.state, r.ctx()));
    expect(r.last.events).toEqual([
      expect.objectContaining({
        type: 'deadline_overdue',
        data: { kind: 'reporter_notice', dueDate: '2026-03-09', article: '001 art.14' },
      }),
    ]);
  });

  it('every profile names an article for every step its actions carry out', () => {
    for (const [, p] of PROFILES) {
      for (const name of ACTION_NAMES) {
        const spec = ACTIONS[name] as { article?: string; requires?: (x: PolicyProfile) => boolean };
        if (spec.requires && !spec.requires(p)) continue;
        expect({ name, article: cite(p, spec.article as never) }).toEqual({
          name,
          article: expect.stringMatching(new RegExp(`^${p.source.slice(0, 3)} art\\.\\d`)),
        });
      }
    }
  });
});

describe('12. the defence period is fixed when the case opens (003 art.27; RULES.md [decision] 5 working days)', () => {
  it('organisation over profile setting over the profile default; invalid stored values are skipped', () => {
    expect(effectiveDefencePeriod({ amount: 10, unit: 'working_days' }, { amount: 7, unit: 'days' }, NATIONAL)).toEqual({
      period: { amount: 10, unit: 'working_days' },
      source: 'organisation',
    });
    expect(effectiveDefencePeriod(null, { amount: 7, unit: 'days' }, NATIONAL)).toEqual({
      period: { amount: 7, unit: 'days' },
      source: 'policy_profile',
    });
    expect(effectiveDefencePeriod({ amount: 0, unit: 'working_days' }, null, HENAN)).toEqual({
      period: { amount: 5, unit: 'working_days' },
      source: 'default',
    });
    expect([
      isDefencePeriod({ amount: 61, unit: 'days' }),
      isDefencePeriod({ amount: 3, unit: 'months' }),
      isDefencePeriod({ amount: 3, unit: 'days', x: 1 }),
    ]).toEqual([false, false, false]);
  });

  it.each([
    [undefined, '2026-06-09'],
    [{ amount: 10, unit: 'working_days' as const }, '2026-06-16'],
    [{ amount: 10, unit: 'days' as const }, '2026-06-12'],
  ])('period %j: the proposed decision of 06-02 opens a defence window due %s', (defence, due) => {
    const r = reported(NATIONAL, defence ? { periods: { defence } } : {})
      .at('2026-06-02')
      .act('send_proposed_decision');
    expect(r.state.deadlines.defence).toMatchObject({ dueDate: due, window: true, period: defence ?? { amount: 5, unit: 'working_days' } });
  });

  it('cases from before the rule ignore a period in the context', () => {
    const r = new Run(NATIONAL, { edges: false, periods: { defence: { amount: 10, unit: 'working_days' } } });
    accept(r).at('2026-03-10').act('approve_plan', {}, HEAD);
    for (const name of TEAM) r.act('add_member', { name, kind: 'team', declarationSigned: true });
    r.at('2026-06-01').act('submit_report', { signedBy: TEAM }, INVESTIGATOR).at('2026-06-02').act('send_proposed_decision');
    expect(r.state.deadlines.defence?.dueDate).toBe('2026-06-09');
  });
});

describe('14. while suspended, running deadlines show `suspended` and stop counting (003 art.23 "中止的时间不计入调查时限")', () => {
  it('henan: the reporter notice due 03-09, suspended on Wed 03-04, still has 3 working days left on 03-20 (03-05, 03-06, 03-09)', () => {
    const r = accept(new Run(HENAN, { reporterNotice: true }))
      .at('2026-03-04')
      .act('suspend', { reason: 'x' }, HEAD);
    const investigationThen = r.view('investigation')!;
    r.at('2026-03-20');
    expect(r.view('reporter_notice')).toMatchObject({ status: 'suspended', remainingWorkingDays: 3, overdueWorkingDays: 0 });
    expect(r.view('investigation')).toEqual({ ...investigationThen, status: 'suspended' });
    expect(r.view('acceptance')).toMatchObject({ status: 'met' });
    // resumed: counting again, the due dates moved by the 16 days suspended
    r.act('resume');
    expect(r.view('reporter_notice')!.status).toBe('open');
  });

  it('an overdue deadline suspended keeps its overdue working days as on the suspension day', () => {
    const r = accept(new Run(HENAN, { reporterNotice: true })).at('2026-03-11');
    r.record(expireDeadlines(r.state, r.ctx()));
    expect(r.view('reporter_notice')).toMatchObject({ status: 'overdue', overdueWorkingDays: 2 }); // 03-10, 03-11
    r.act('suspend', { reason: 'x' }, HEAD).at('2026-03-31');
    expect(r.view('reporter_notice')).toMatchObject({ status: 'suspended', overdueWorkingDays: 2, remainingWorkingDays: 0 });
  });

  it('cases from before the rule show `open` and keep counting', () => {
    const r = accept(new Run(HENAN, { edges: false }))
      .at('2026-03-04')
      .act('suspend', { reason: 'x' })
      .at('2026-03-06');
    expect(r.view('reporter_notice')).toMatchObject({ status: 'open', remainingWorkingDays: 1 }); // only 03-09 left
  });
});
