import { DomainError } from '../shared/domain-error';
import {
  allowedPaperActions,
  applyPaperAction,
  checkPaperAction,
  currentOrg,
  linkCase,
  noteEvent,
  openPaper,
  paperNotice,
  paperNotices,
  paperProjectionOf,
  paperViewOf,
  refusalOf,
  resultReviewOf,
  chainPositions,
  type ChainLevel,
  type PaperActor,
  type PaperOrg,
  type PaperState,
} from './paper';
import { paperWorkflowId, parsePaperTable, regionMatches, regionTarget } from './import';
import { renderPaperNotice } from '../notifications/paper-notice';

const AT = '2026-11-20T02:00:00.000Z';
const org = (orgId: string, path: string, level: string): PaperOrg => ({ orgId, path, level, name: orgId });
const NAT = org('nat', '/nat/', 'national');
const PROV = org('prov', '/nat/prov/', 'provincial');
const CITY = org('city', '/nat/prov/city/', 'municipal');
const HOSP = org('hosp', '/nat/prov/city/hosp/', 'institution');
const OTHER_CITY = org('city2', '/nat/prov/city2/', 'municipal');
const admin = (orgId: string, extra: Partial<PaperActor> = {}): PaperActor => ({
  userId: `u-${orgId}`,
  role: 'integrity_admin',
  orgId,
  ...extra,
});
const chain = (preReviewAtProvince = false): ChainLevel[] => [
  { ...CITY, preReview: false },
  { ...PROV, preReview: preReviewAtProvince },
  { ...NAT, preReview: false },
];

function fresh(): PaperState {
  return openPaper({ paperId: 'p1', number: '7', batch: 'B2026-1', holder: NAT }, AT, admin('nat')).state;
}
/** Applies an action to the walk's paper `s`: the reducer returns the new state, which the walk then continues from. */
function act(s: PaperState, action: string, actor: PaperActor, body: Record<string, unknown> = {}) {
  const t = applyPaperAction(s, { action, actor, body }, AT);
  Object.assign(s, t.state);
  return t;
}
function atInstitution(): PaperState {
  const s = fresh();
  act(s, 'dispatch', admin('nat'), { target: PROV });
  act(s, 'dispatch', admin('prov'), { target: CITY });
  act(s, 'dispatch', admin('city'), { target: HOSP });
  Object.assign(s, linkCase(s, { caseId: 'c1', caseNumber: 'SC-2026-000001' }, AT).state);
  return s;
}
function refused(fn: () => unknown, code: string, match?: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe(code);
  if (match) expect((err as DomainError).message).toMatch(match);
}

describe("the reducer contract (the case reducer's: immutable, { state, events, effects })", () => {
  it('leaves the state it is given unchanged and returns the new one', () => {
    const s = fresh();
    const before = JSON.stringify(s);
    const t = applyPaperAction(s, { action: 'dispatch', actor: admin('nat'), body: { target: PROV } }, AT);
    expect(JSON.stringify(s)).toBe(before);
    expect(t.state).toMatchObject({ holder: PROV, version: s.version + 1, seq: s.seq + 1 });
    expect(t.events.map((e) => e.type)).toEqual(['dispatched']);
    const linked = linkCase(t.state, { caseId: 'c1', caseNumber: 'SC-1' }, AT);
    expect(t.state.caseNumber).toBeNull();
    expect(linked.state.caseNumber).toBe('SC-1');
    const noted = noteEvent(linked.state, AT, 'case_transferred', admin('nat'), { caseNumber: 'SC-1' });
    expect(linked.state.seq).toBe(noted.state.seq - 1);
    expect(noted.events).toEqual([
      { seq: noted.state.seq, type: 'case_transferred', at: AT, actor: admin('nat'), data: { caseNumber: 'SC-1' } },
    ]);
    expect(noted.effects).toEqual([]);
  });

  it('leaves the state unchanged when it refuses an action', () => {
    const s = atInstitution();
    const before = JSON.stringify(s);
    expect(() => applyPaperAction(s, { action: 'approve', actor: admin('hosp'), body: {} }, AT)).toThrow(DomainError);
    expect(JSON.stringify(s)).toBe(before);
  });
});

describe('dispatch down the tree (002 转派)', () => {
  it('moves national → province → city → institution and asks for a case at the institution', () => {
    const s = fresh();
    expect(act(s, 'dispatch', admin('nat'), { target: PROV }).effects).toEqual([]);
    expect(s).toMatchObject({ status: 'pending_dispatch', holder: PROV });
    act(s, 'dispatch', admin('prov'), { target: CITY });
    const t = act(s, 'dispatch', admin('city'), { target: HOSP });
    expect(s.status).toBe('at_institution');
    expect(t.effects).toEqual([{ kind: 'open_case', institution: HOSP, dispatchSeq: s.seq }]);
    expect(s.dispatchedBy.map((o) => o.orgId)).toEqual(['nat', 'prov', 'city']);
  });

  it('lets a province dispatch straight to an institution below it', () => {
    const s = fresh();
    act(s, 'dispatch', admin('nat'), { target: PROV });
    act(s, 'dispatch', admin('prov'), { target: HOSP });
    expect(s.status).toBe('at_institution');
  });

  it('refuses a target that is not below the holder, and a dispatcher that does not hold the paper', () => {
    const s = fresh();
    act(s, 'dispatch', admin('nat'), { target: PROV });
    refused(() => act(s, 'dispatch', admin('prov'), { target: NAT }), 'VALIDATION_FAILED', /targetOrgId/);
    refused(() => act(s, 'dispatch', admin('prov'), { target: PROV }), 'VALIDATION_FAILED');
    refused(() => act(s, 'dispatch', admin('nat'), { target: CITY }), 'ACTION_NOT_ALLOWED', /holding the paper/);
    refused(() => act(s, 'dispatch', admin('prov'), {}), 'VALIDATION_FAILED', /targetOrgId/);
  });

  it('refuses anyone but an integrity administrator (RULES.md §1)', () => {
    refused(() => act(fresh(), 'dispatch', { userId: 'u', role: 'supervisor', orgId: 'nat' }, { target: PROV }), 'FORBIDDEN', /integrity/);
  });
});

describe('return to the superior (002 退回上级)', () => {
  it('returns a misrouted paper to whoever dispatched it, closes the case opened for it, and allows re-dispatch', () => {
    const s = atInstitution();
    refused(() => act(s, 'return_to_superior', admin('hosp'), { casePhase: 'intake' }), 'VALIDATION_FAILED', /reason/);
    const t = act(s, 'return_to_superior', admin('hosp'), { reason: '第一通讯作者不在本院', casePhase: 'intake' });
    expect(s).toMatchObject({ status: 'pending_dispatch', holder: CITY, caseNumber: null });
    expect(t.effects).toEqual([
      { kind: 'transfer_case', caseNumber: 'SC-2026-000001', toOrgId: 'city', reason: '第一通讯作者不在本院', returnSeq: s.seq },
    ]);
    act(s, 'return_to_superior', admin('city'), { reason: '不属本市' });
    expect(s.holder).toEqual(PROV);
    act(s, 'dispatch', admin('prov'), { target: OTHER_CITY });
    expect(s.holder).toEqual(OTHER_CITY);
  });

  it('refuses once the case has left intake, at the top of the tree, and from another organisation', () => {
    const s = atInstitution();
    refused(
      () => act(s, 'return_to_superior', admin('hosp'), { reason: 'x', casePhase: 'investigation' }),
      'ACTION_NOT_ALLOWED',
      /left intake/,
    );
    refused(
      () => act(s, 'return_to_superior', admin('city'), { reason: 'x', casePhase: 'intake' }),
      'ACTION_NOT_ALLOWED',
      /out|organisation it was dispatched to/,
    );
    refused(() => act(fresh(), 'return_to_superior', admin('nat'), { reason: 'x' }), 'ACTION_NOT_ALLOWED', /nobody dispatched/);
  });
});

describe('review chain up the tree (002 结果审核, RULES.md §5)', () => {
  const submit = (s: PaperState, extra: Record<string, unknown> = {}) =>
    act(s, 'submit_result', admin('hosp'), { chain: chain(), decisionId: 'd1', ...extra });

  it('goes city → province → national and ends approved', () => {
    const s = atInstitution();
    submit(s);
    expect(currentOrg(s)?.orgId).toBe('city');
    act(s, 'approve', admin('city'));
    expect(currentOrg(s)?.orgId).toBe('prov');
    act(s, 'approve', admin('prov'), { opinion: '同意上报', letterFileId: 'f-letter' });
    act(s, 'approve', admin('nat'));
    expect(s.status).toBe('approved');
    expect(currentOrg(s)).toBeNull();
    expect(allowedPaperActions(s, 'nat')).toEqual([]);
  });

  it('requires the decision and a chain, and only the reviewer of the current level may review', () => {
    const s = atInstitution();
    refused(() => act(s, 'submit_result', admin('hosp'), { chain: chain() }), 'ACTION_NOT_ALLOWED', /decide the case first/);
    refused(() => act(s, 'submit_result', admin('hosp'), { decisionId: 'd1', chain: [] }), 'VALIDATION_FAILED', /chain/);
    refused(
      () => act(s, 'submit_result', admin('hosp'), { decisionId: 'd1', chain: [chain()[2], chain()[0]] }),
      'VALIDATION_FAILED',
      /parent/,
    );
    submit(s);
    // Out of turn is a 409 (the role is right, the paper's state is not), naming whose turn it is.
    refused(() => act(s, 'approve', admin('prov')), 'ACTION_NOT_ALLOWED', /reviewer \(city\)/);
    refused(() => act(s, 'approve', admin('city2')), 'ACTION_NOT_ALLOWED');
  });

  it('returns with an opinion and an official letter; the institution resubmits; round counts', () => {
    const s = atInstitution();
    submit(s);
    act(s, 'approve', admin('city'));
    refused(() => act(s, 'return_result', admin('prov'), { opinion: '补充原始数据' }), 'VALIDATION_FAILED', /letterFileId/);
    refused(() => act(s, 'return_result', admin('prov'), { letterFileId: 'f1' }), 'VALIDATION_FAILED', /opinion/);
    const t = act(s, 'return_result', admin('prov'), { opinion: '补充原始数据', letterFileId: 'f1' });
    expect(t.events[0]).toMatchObject({
      type: 'result_returned',
      data: { stage: 'review', opinion: '补充原始数据', letterFileId: 'f1', toOrgId: 'hosp' },
    });
    expect(s.status).toBe('returned');
    refused(() => act(s, 'approve', admin('prov')), 'ACTION_NOT_ALLOWED');
    submit(s);
    expect(s).toMatchObject({ status: 'pending_review', reviewIdx: 0, rounds: 2 });
  });

  it('lets the submitter withdraw before review starts, never after', () => {
    const s = atInstitution();
    submit(s);
    act(s, 'withdraw', admin('hosp'));
    expect(s.status).toBe('at_institution');
    submit(s);
    act(s, 'start_review', admin('city'));
    refused(() => act(s, 'withdraw', admin('hosp')), 'ACTION_NOT_ALLOWED', /started/);
    act(s, 'approve', admin('city'));
    refused(() => act(s, 'withdraw', admin('hosp')), 'ACTION_NOT_ALLOWED', /submitter/);
    // The city approved and forwarded; it may take it back until the province starts.
    act(s, 'withdraw', admin('city'));
    expect(currentOrg(s)?.orgId).toBe('city');
    act(s, 'approve', admin('city'));
    act(s, 'start_review', admin('prov'));
    refused(() => act(s, 'withdraw', admin('city')), 'ACTION_NOT_ALLOWED');
  });

  it('runs a pre-review: draft to the province, feedback, draft again, consent, formal version with stamped files', () => {
    const s = atInstitution();
    const pre = (extra: Record<string, unknown> = {}) =>
      act(s, 'submit_result', admin('hosp'), { chain: chain(true), decisionId: 'd1', ...extra });
    refused(() => pre(), 'ACTION_NOT_ALLOWED', /pre-review: submit a draft first/);
    pre({ kind: 'draft' });
    expect(s.status).toBe('pre_review');
    expect(currentOrg(s)?.orgId).toBe('prov');
    refused(() => act(s, 'approve', admin('prov')), 'ACTION_NOT_ALLOWED', /consent/);
    act(s, 'return_result', admin('prov'), { opinion: '调查报告需补充', letterFileId: 'f2' });
    expect(s.status).toBe('returned');
    pre({ kind: 'draft' });
    act(s, 'consent', admin('prov'));
    expect(s.status).toBe('consented');
    refused(() => pre({ kind: 'draft' }), 'ACTION_NOT_ALLOWED', /consented/);
    refused(() => pre(), 'VALIDATION_FAILED', /attachmentIds/);
    pre({ attachmentIds: ['stamped'] });
    expect(s).toMatchObject({ status: 'pending_review', reviewIdx: 0 });
    // Withdrawing the formal version keeps the consent.
    act(s, 'withdraw', admin('hosp'));
    expect(s.status).toBe('consented');
  });

  it('refuses a draft where no level runs a pre-review', () => {
    refused(
      () => act(atInstitution(), 'submit_result', admin('hosp'), { chain: chain(), decisionId: 'd1', kind: 'draft' }),
      'ACTION_NOT_ALLOWED',
      /no level/,
    );
  });

  it('lets a commission enter for an institution (onBehalfOf) but not for another', () => {
    const s = atInstitution();
    act(s, 'submit_result', admin('city', { onBehalfOf: 'hosp' }), { chain: chain(), decisionId: 'd1' });
    expect(s.status).toBe('pending_review');
    refused(
      () => act(atInstitution(), 'submit_result', admin('city'), { chain: chain(), decisionId: 'd1' }),
      'ACTION_NOT_ALLOWED',
      /institution handling it/,
    );
  });

  it('checks versions and leaves state untouched when the validator refuses', () => {
    const s = atInstitution();
    const before = JSON.stringify(s);
    refused(() => checkPaperAction(s, { action: 'dispatch', actor: admin('hosp'), body: {} }), 'ACTION_NOT_ALLOWED');
    refused(
      () => checkPaperAction(s, { action: 'submit_result', actor: admin('hosp'), expectedVersion: 99, body: {} }),
      'VERSION_MISMATCH',
    );
    refused(() => checkPaperAction(s, { action: 'nope', actor: admin('hosp'), body: {} }), 'NOT_FOUND');
    checkPaperAction(s, { action: 'submit_result', actor: admin('hosp'), body: { chain: chain(), decisionId: 'd1' } });
    expect(JSON.stringify(s)).toBe(before);
  });
});

describe('import rows (002 导入)', () => {
  const header = ['批次', '编号', '标题', '作者姓名', '第一通讯作者单位', '行政区划', '期刊', 'DOI', '撤稿日期', '来源'];
  const good = [
    'B1',
    '1',
    'A paper',
    '张三；李四',
    '郑州市第一人民医院',
    '410102',
    'J Test',
    '10.1000/xyz1',
    '2026-03-01',
    'Retraction Watch',
  ];

  it('imports good rows and returns every bad row with its line and reason', () => {
    const { rows, errors } = parsePaperTable([
      header,
      good,
      ['B1', '2', '', '王五', 'X', '41010', 'J', 'not-a-doi', '2026-02-30', 'Google'],
      [],
      ['B1', '1', 'dup', 'x', 'y', '410100', 'J', '', '', 'pubmed'],
    ]);
    expect(rows).toEqual([
      expect.objectContaining({
        line: 2,
        batch: 'B1',
        number: '1',
        authors: ['张三', '李四'],
        regionCode: '410102',
        source: 'retraction_watch',
        doi: '10.1000/xyz1',
      }),
    ]);
    expect(errors).toHaveLength(2);
    expect(errors[0]!.row).toBe(3);
    for (const why of ['title is empty', 'regionCode "41010"', 'doi "not-a-doi"', 'retractionDate "2026-02-30"', 'source "Google"'])
      expect(errors[0]!.reason).toContain(why);
    expect(errors[1]).toEqual({ row: 5, reason: expect.stringContaining('repeats row 2') });
  });

  it('refuses a file whose header lacks required columns', () => {
    expect(parsePaperTable([['批次', '编号']]).errors[0]!.reason).toMatch(/missing columns title/);
  });

  it('matches provinces by the first two digits, cities by four, districts and institutions by all six', () => {
    expect(regionMatches('provincial', '410000', '410102')).toBe(true);
    expect(regionMatches('provincial', '330000', '410102')).toBe(false);
    expect(regionMatches('municipal', '410100', '410102')).toBe(true);
    expect(regionMatches('municipal', '410300', '410102')).toBe(false);
    // A city dispatching to its hospitals (issue 18): hospital A's code is 410102 under 郑州 410100.
    expect(regionMatches('institution', '410102', '410102')).toBe(true);
    expect(regionMatches('institution', '410105', '410102')).toBe(false);
    expect(regionMatches('county', '410102', '410102')).toBe(true);
    expect(regionMatches('national', '100000', '100000')).toBe(false);
    expect(paperWorkflowId('B1', '7')).toBe('RP-B1-7');
  });

  it('picks the one child of the region; among several, the one named as the unit; else lists them for a manual choice', () => {
    const kids = [
      { id: 'a', name: '郑州市第一人民医院', level: 'institution', regionCode: '410102' },
      { id: 'b', name: '郑州市中原区妇幼保健院', level: 'institution', regionCode: '410102' },
      { id: 'c', name: '郑州市第三人民医院', level: 'institution', regionCode: '410105' },
    ];
    expect(regionTarget(kids, { regionCode: '410105', correspondingUnit: '某医院' })).toEqual({ target: kids[2] });
    expect(regionTarget(kids, { regionCode: '410102', correspondingUnit: '郑州市 第一人民医院' })).toEqual({ target: kids[0] });
    const several = regionTarget(kids, { regionCode: '410102', correspondingUnit: '郑州大学' });
    expect(several).toEqual({
      candidates: [kids[0], kids[1]],
      reason: expect.stringMatching(/2 organisations below match region 410102 \(郑州市第一人民医院、郑州市中原区妇幼保健院\).*choose one/),
    });
    expect(regionTarget(kids, { regionCode: '410300', correspondingUnit: 'x' })).toEqual({
      candidates: [],
      reason: expect.stringContaining('no organisation below matches region 410300'),
    });
  });

  it('keeps the affiliation as written and the dispatching department (002 论文详情)', () => {
    const { rows, errors } = parsePaperTable([
      [...header, '第一通讯作者所在单位原文', '转办部门'],
      [...good, 'Department of Oncology, The First People’s Hospital of Zhengzhou, Zhengzhou 450000, China', '国家卫生健康委科教司'],
      [...good.slice(0, 1), '2', ...good.slice(2), '', ''],
      [...good.slice(0, 1), '3', ...good.slice(2), 'x'.repeat(1001), 'y'.repeat(201)],
    ]);
    expect(rows[0]).toMatchObject({
      affiliationText: expect.stringContaining('First People’s Hospital of Zhengzhou'),
      dispatchingDepartment: '国家卫生健康委科教司',
    });
    expect(rows[1]).toMatchObject({ affiliationText: '郑州市第一人民医院', dispatchingDepartment: null }); // the unit where the text is absent
    expect(errors).toEqual([
      { row: 4, reason: 'affiliationText is longer than 1000 characters; dispatchingDepartment is longer than 200 characters' },
    ]);
  });
});

describe('who is told by e-mail (paper notices)', () => {
  it('tells the institution to handle, the reviewer to review, the institution to revise and of the approval; never a commission per dispatched paper', () => {
    const s = fresh();
    expect(paperNotice(s)).toBeNull(); // held at national, waiting for dispatch
    act(s, 'dispatch', admin('nat'), { target: PROV });
    expect(paperNotice(s)).toBeNull();
    act(s, 'dispatch', admin('prov'), { target: HOSP });
    expect(paperNotice(s)).toEqual({ task: 'handle', orgId: 'hosp', stage: `handle#${s.seq}` });
    Object.assign(s, linkCase(s, { caseId: 'c1', caseNumber: 'SC-2026-000001' }, AT).state);
    act(s, 'submit_result', admin('hosp'), { chain: chain(true), decisionId: 'd1', kind: 'draft' });
    expect(paperNotice(s)).toMatchObject({ task: 'pre_review', orgId: 'prov' });
    act(s, 'consent', admin('prov'));
    expect(paperNotice(s)).toMatchObject({ task: 'formal_submission', orgId: 'hosp' });
    act(s, 'submit_result', admin('hosp'), { chain: chain(true), decisionId: 'd1', attachmentIds: ['f'] });
    expect(paperNotice(s)).toMatchObject({ task: 'review', orgId: 'city' });
    act(s, 'return_result', admin('city'), { opinion: '补充', letterFileId: 'f' });
    const revise = paperNotice(s);
    expect(revise).toMatchObject({ task: 'revise', orgId: 'hosp' });
    act(s, 'submit_result', admin('hosp'), { chain: chain(true), decisionId: 'd1', attachmentIds: ['f'] });
    for (const o of ['city', 'prov']) act(s, 'approve', admin(o));
    expect(paperNotice(s)).toMatchObject({ task: 'review', orgId: 'nat' });
    act(s, 'approve', admin('nat'));
    expect(paperNotice(s)).toMatchObject({ task: 'approved', orgId: 'hosp' });
    expect(revise!.stage).not.toBe(paperNotice(s)!.stage);
  });

  it('renders what must be done, who acted, whose opinion it is and a link, in Chinese or English', () => {
    const base = {
      paperId: 'p1',
      batch: 'B1',
      number: '7',
      title: 'A paper',
      orgName: '郑州市第一人民医院',
      appBaseUrl: 'https://x.example/',
      opinion: '补充原始数据',
    };
    const zh = renderPaperNotice({
      ...base,
      locale: 'zh',
      task: 'revise',
      actingOrgName: '河南省卫生健康委员会',
      opinionByName: '河南省卫生健康委员会',
    });
    expect(zh.subject).toBe('【科研诚信】撤稿论文 B1-7 退回修改');
    expect(zh.text).toContain('收件单位：郑州市第一人民医院');
    expect(zh.text).toContain('退回单位：河南省卫生健康委员会');
    expect(zh.text).toContain('河南省卫生健康委员会审核意见：补充原始数据');
    const review = renderPaperNotice({
      ...base,
      locale: 'zh',
      task: 'review',
      orgName: '国家卫生健康委员会',
      actingOrgName: '河南省卫生健康委员会',
      opinion: '同意上报',
      opinionByName: '河南省卫生健康委员会',
    });
    expect(review.text).toContain('报送单位：河南省卫生健康委员会');
    expect(review.text).toContain('河南省卫生健康委员会审核意见：同意上报');
    expect(renderPaperNotice({ ...base, locale: 'zh', task: 'withdrawn', actingOrgName: '郑州市第一人民医院' }).subject).toBe(
      '【科研诚信】撤稿论文 B1-7 已撤回',
    );
    expect(
      renderPaperNotice({ ...base, locale: 'zh', task: 'returned_to_superior', opinion: '非本院论文', opinionByName: '郑州市第一人民医院' })
        .text,
    ).toContain('郑州市第一人民医院退回理由：非本院论文');
    expect(zh.text).toContain('https://x.example/api/v1/papers/p1');
    const en = renderPaperNotice({ ...base, locale: 'en', task: 'review' });
    expect(en.subject).toBe('[Research integrity] Retracted paper B1-7: to review');
  });
});

describe('allowed actions take the case into account (issue 18: nothing offered is refused)', () => {
  const decided = { casePhase: 'handling', decided: true };
  const undecided = { casePhase: 'investigation', decided: false };

  it('offers submit_result only once the case is decided, return_to_superior only while the case is in intake', () => {
    const s = atInstitution();
    expect(allowedPaperActions(s, 'hosp', { casePhase: 'intake', decided: false })).toEqual(['return_to_superior']);
    expect(allowedPaperActions(s, 'hosp', undecided)).toEqual([]);
    expect(allowedPaperActions(s, 'hosp', decided)).toEqual(['submit_result']);
    // Each refusal says why, as a 409 with its rule.
    const early = refusalOf(s, 'submit_result', 'hosp', undecided)!;
    expect(early.code).toBe('ACTION_NOT_ALLOWED');
    expect(early.issues).toEqual([
      { path: 'action', rule: 'paper.case_not_decided', message: expect.stringContaining('decide the case first') },
    ]);
    expect(refusalOf(s, 'return_to_superior', 'hosp', undecided)!.issues[0]).toMatchObject({
      rule: 'paper.case_left_intake',
      message: expect.stringContaining('phase investigation'),
    });
    expect(refusalOf(s, 'submit_result', 'hosp', decided)).toBeNull();
  });

  it('whatever is offered is taken by the reducer, whatever is not is refused by it (same answer both ways)', () => {
    const states: Array<[string, PaperState, Record<string, unknown>]> = [];
    const s = atInstitution();
    states.push(['at institution', JSON.parse(JSON.stringify(s)), { casePhase: 'handling', decisionId: 'd1' }]);
    act(s, 'submit_result', admin('hosp'), { chain: chain(), decisionId: 'd1' });
    states.push(['pending review', JSON.parse(JSON.stringify(s)), {}]);
    act(s, 'approve', admin('city'));
    states.push(['at the province', JSON.parse(JSON.stringify(s)), {}]);
    const bodies: Record<string, Record<string, unknown>> = {
      dispatch: { target: HOSP },
      return_to_superior: { reason: 'x' },
      submit_result: { chain: chain(), decisionId: 'd1' },
      withdraw: {},
      start_review: {},
      approve: {},
      return_result: { opinion: 'x', letterFileId: 'f' },
      consent: {},
    };
    for (const [name, st, ctxBody] of states) {
      for (const orgId of ['nat', 'prov', 'city', 'hosp', 'city2']) {
        const ctx = { casePhase: typeof ctxBody.casePhase === 'string' ? ctxBody.casePhase : 'handling', decided: true };
        const offered = allowedPaperActions(st, orgId, ctx);
        for (const a of Object.keys(bodies)) {
          let ok = true;
          try {
            checkPaperAction(st, { action: a, actor: admin(orgId), body: { ...bodies[a], casePhase: ctx.casePhase, decisionId: 'd1' } });
          } catch (e) {
            ok = !(e instanceof DomainError && e.code === 'ACTION_NOT_ALLOWED');
          }
          expect({ name, orgId, a, offered: offered.includes(a as never) }).toEqual({ name, orgId, a, offered: ok });
        }
      }
    }
  });
});

describe('the review chain shows what happened (issue 18)', () => {
  it('shows the levels a pre-review draft skipped as skipped; the formal version then passes every level in order', () => {
    const s = atInstitution();
    const submit = (extra: Record<string, unknown> = {}) =>
      act(s, 'submit_result', admin('hosp'), { chain: chain(true), decisionId: 'd1', ...extra });
    submit({ kind: 'draft' });
    expect(chainPositions(s)).toEqual(['skipped', 'pre_reviewing', 'waiting']);
    act(s, 'return_result', admin('prov'), { opinion: '补充访谈记录', letterFileId: 'f' });
    expect(chainPositions(s)).toEqual(['skipped', 'returned', 'waiting']);
    submit({ kind: 'draft' });
    act(s, 'consent', admin('prov'));
    expect(chainPositions(s)).toEqual(['skipped', 'consented', 'waiting']);
    submit({ attachmentIds: ['stamped'] });
    expect(chainPositions(s)).toEqual(['reviewing', 'waiting', 'waiting']);
    act(s, 'approve', admin('city'));
    expect(chainPositions(s)).toEqual(['approved', 'reviewing', 'waiting']);
    act(s, 'return_result', admin('prov'), { opinion: '处理偏轻', letterFileId: 'f2' });
    expect(chainPositions(s)).toEqual(['approved', 'returned', 'waiting']);
    submit({ attachmentIds: ['stamped'] });
    for (const o of ['city', 'prov', 'nat']) act(s, 'approve', admin(o));
    expect(chainPositions(s)).toEqual(['approved', 'approved', 'approved']);
  });

  it('a submission after a return names the return it answers', () => {
    const s = atInstitution();
    act(s, 'submit_result', admin('hosp'), { chain: chain(), decisionId: 'd1', decisionVersion: 1 });
    const back = act(s, 'return_result', admin('city'), { opinion: '处理偏轻', letterFileId: 'f' });
    expect(back.events[0]!.data).toMatchObject({ fromOrgId: 'city', opinion: '处理偏轻' });
    expect(s.lastReturnSeq).toBe(back.events[0]!.seq);
    const again = act(s, 'submit_result', admin('hosp'), { chain: chain(), decisionId: 'd2', decisionVersion: 2 });
    expect(again.events[0]!.data).toMatchObject({ decisionId: 'd2', decisionVersion: 2, answersReturnSeq: back.events[0]!.seq });
    act(s, 'withdraw', admin('hosp'));
    expect(act(s, 'submit_result', admin('hosp'), { chain: chain(), decisionId: 'd2' }).events[0]!.data.answersReturnSeq).toBeUndefined();
  });

  it('a level that requires its official letter approves only with one (002 省卫健委正式函件)', () => {
    const s = atInstitution();
    const lettered = chain().map((c) => (c.orgId === 'prov' ? { ...c, letterOnApproval: true } : c));
    act(s, 'submit_result', admin('hosp'), { chain: lettered, decisionId: 'd1' });
    expect(s.chain[1]).toMatchObject({ letterOnApproval: true });
    act(s, 'approve', admin('city'));
    refused(() => act(s, 'approve', admin('prov'), { opinion: '同意' }), 'VALIDATION_FAILED', /official letter/);
    act(s, 'approve', admin('prov'), { opinion: '同意', letterFileId: 'letter' });
    expect(currentOrg(s)?.orgId).toBe('nat');
  });

  it('tells the case where its result stands: with the institution, under review, approved', () => {
    const s = fresh();
    expect(resultReviewOf(s)).toBeNull();
    const t = atInstitution();
    expect(resultReviewOf(t)).toBe('with_institution');
    act(t, 'submit_result', admin('hosp'), { chain: chain(), decisionId: 'd1' });
    expect(resultReviewOf(t)).toBe('under_review');
    act(t, 'return_result', admin('city'), { opinion: 'x', letterFileId: 'f' });
    expect(resultReviewOf(t)).toBe('with_institution');
    act(t, 'submit_result', admin('hosp'), { chain: chain(), decisionId: 'd1' });
    for (const o of ['city', 'prov', 'nat']) act(t, 'approve', admin(o));
    expect(resultReviewOf(t)).toBe('approved');
  });
});

describe('a notice for every change of whom a paper waits for (issue 18)', () => {
  const notices = (s: PaperState, action: string, actor: PaperActor, body: Record<string, unknown> = {}) => {
    const before = currentOrg(s);
    const t = act(s, action, actor, body);
    return paperNotices(before, s, t.events, actor);
  };

  it('mails a single dispatch to a commission but not a batch; the institution when it must handle', () => {
    const s = fresh();
    expect(notices(s, 'dispatch', admin('nat'), { target: PROV, viaBatch: true })).toEqual([]);
    expect(notices(s, 'dispatch', admin('prov'), { target: CITY })).toEqual([
      { task: 'dispatch', orgId: 'city', stage: `dispatch#${s.seq}`, actingOrgId: 'prov' },
    ]);
    expect(notices(s, 'dispatch', admin('city'), { target: HOSP, viaBatch: true })).toEqual([
      { task: 'handle', orgId: 'hosp', stage: `handle#${s.seq}`, actingOrgId: 'city' },
    ]);
  });

  it('tells the superior a misrouted paper came back, with the reason and who gave it', () => {
    const s = atInstitution();
    expect(notices(s, 'return_to_superior', admin('hosp'), { reason: '非本院论文', casePhase: 'intake' })).toEqual([
      {
        task: 'returned_to_superior',
        orgId: 'city',
        stage: `returned_to_superior#${s.seq}`,
        actingOrgId: 'hosp',
        opinion: '非本院论文',
        opinionByOrgId: 'hosp',
      },
    ]);
  });

  it('tells the reviewer a submission was withdrawn, and national an approval withdrawn by the province', () => {
    const s = atInstitution();
    expect(notices(s, 'submit_result', admin('hosp'), { chain: chain(), decisionId: 'd1' })).toMatchObject([
      { task: 'review', orgId: 'city', actingOrgId: 'hosp' },
    ]);
    expect(notices(s, 'withdraw', admin('hosp'))).toEqual([
      { task: 'withdrawn', orgId: 'city', stage: `withdrawn#${s.seq}`, actingOrgId: 'hosp' },
    ]);
    act(s, 'submit_result', admin('hosp'), { chain: chain(), decisionId: 'd1' });
    act(s, 'approve', admin('city'));
    expect(notices(s, 'approve', admin('prov'), { opinion: '同意上报', letterFileId: 'f' })).toEqual([
      { task: 'review', orgId: 'nat', stage: `review#${s.seq}`, actingOrgId: 'prov', opinion: '同意上报', opinionByOrgId: 'prov' },
    ]);
    expect(notices(s, 'withdraw', admin('prov'))).toEqual([
      { task: 'withdrawn', orgId: 'nat', stage: `withdrawn#${s.seq}`, actingOrgId: 'prov' },
    ]);
    // The province reviews again (its own step: nobody new to tell); starting a review tells nobody either.
    expect(currentOrg(s)?.orgId).toBe('prov');
    act(s, 'approve', admin('prov'));
    expect(notices(s, 'start_review', admin('nat'))).toEqual([]);
  });

  it('quotes the reviewer on a return and the pre-reviewer on consent; never mails the organisation that acted', () => {
    const s = atInstitution();
    act(s, 'submit_result', admin('hosp'), { chain: chain(true), decisionId: 'd1', kind: 'draft' });
    expect(notices(s, 'return_result', admin('prov'), { opinion: '补充访谈记录', letterFileId: 'f' })).toMatchObject([
      { task: 'revise', orgId: 'hosp', actingOrgId: 'prov', opinion: '补充访谈记录', opinionByOrgId: 'prov' },
    ]);
    act(s, 'submit_result', admin('hosp'), { chain: chain(true), decisionId: 'd1', kind: 'draft' });
    expect(notices(s, 'consent', admin('prov'), { opinion: '同意' })).toMatchObject([
      { task: 'formal_submission', orgId: 'hosp', opinion: '同意', opinionByOrgId: 'prov' },
    ]);
    // A commission entering for an institution without accounts submits to itself: no mail to itself.
    const t = atInstitution();
    expect(notices(t, 'submit_result', admin('city', { onBehalfOf: 'hosp' }), { chain: chain(), decisionId: 'd1' })).toEqual([]);
  });
});

describe('the first projection of a paper is what its workflow projects first', () => {
  it('the import and the workflow compute the same row and view from the same input', () => {
    const a = openPaper({ paperId: 'p1', number: '7', batch: 'B', holder: NAT }, AT, admin('nat'));
    const b = openPaper({ paperId: 'p1', number: '7', batch: 'B', holder: NAT }, '2026-11-20T02:00:00.050Z', admin('nat'));
    const pa = paperProjectionOf(a.state, a.events);
    const pb = paperProjectionOf(b.state, b.events);
    expect({ ...pa, events: undefined }).toEqual({ ...pb, events: undefined });
    expect(pa).toMatchObject({ status: 'pending_dispatch', currentOrgId: 'nat', lastEventSeq: 1, version: 0, view: paperViewOf(a.state) });
    expect(pa.events.map((e) => e.type)).toEqual(['imported']);
  });
});
