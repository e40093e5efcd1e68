import { DomainError } from '../shared/domain-error';
import {
  allowedPaperActions,
  applyPaperAction,
  checkPaperAction,
  currentOrg,
  linkCase,
  openPaper,
  paperNotice,
  type ChainLevel,
  type PaperActor,
  type PaperOrg,
  type PaperState,
} from './paper';
import { paperWorkflowId, parsePaperTable, regionMatches } from './import';
import { renderPaperNotice } from '../notifications/paper-notice';

const AT = '2026-11-20T02:00:00.000Z';
const org = (orgId: string, path: string, level: string): PaperOrg => ({ orgId, path, level, name: orgId });
const NAT = org('nat', '/nat/', 'national');
const PROV = org('prov', '/nat/prov/', 'provincial');
const CITY = org('city', '/nat/prov/city/', 'municipal');
const HOSP = org('hosp', '/nat/prov/city/hosp/', 'institution');
const OTHER_CITY = org('city2', '/nat/prov/city2/', 'municipal');
const admin = (orgId: string, extra: Partial<PaperActor> = {}): PaperActor => ({ userId: `u-${orgId}`, role: 'integrity_admin', orgId, ...extra });
const chain = (preReviewAtProvince = false): ChainLevel[] => [
  { ...CITY, preReview: false },
  { ...PROV, preReview: preReviewAtProvince },
  { ...NAT, preReview: false },
];

function fresh(): PaperState {
  return openPaper({ paperId: 'p1', number: '7', batch: 'B2026-1', holder: NAT }, AT, admin('nat')).state;
}
function act(s: PaperState, action: string, actor: PaperActor, body: Record<string, unknown> = {}) {
  return applyPaperAction(s, { action, actor, body }, AT);
}
function atInstitution(): PaperState {
  const s = fresh();
  act(s, 'dispatch', admin('nat'), { target: PROV });
  act(s, 'dispatch', admin('prov'), { target: CITY });
  act(s, 'dispatch', admin('city'), { target: HOSP });
  linkCase(s, { caseId: 'c1', caseNumber: 'SC-2026-000001' }, AT);
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
    refused(() => act(s, 'dispatch', admin('nat'), { target: CITY }), 'FORBIDDEN');
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
    expect(t.effects).toEqual([{ kind: 'transfer_case', caseNumber: 'SC-2026-000001', toOrgId: 'city', reason: '第一通讯作者不在本院', returnSeq: s.seq }]);
    act(s, 'return_to_superior', admin('city'), { reason: '不属本市' });
    expect(s.holder).toEqual(PROV);
    act(s, 'dispatch', admin('prov'), { target: OTHER_CITY });
    expect(s.holder).toEqual(OTHER_CITY);
  });

  it('refuses once the case has left intake, at the top of the tree, and from another organisation', () => {
    const s = atInstitution();
    refused(() => act(s, 'return_to_superior', admin('hosp'), { reason: 'x', casePhase: 'investigation' }), 'ACTION_NOT_ALLOWED', /left intake/);
    refused(() => act(s, 'return_to_superior', admin('city'), { reason: 'x', casePhase: 'intake' }), 'FORBIDDEN');
    refused(() => act(fresh(), 'return_to_superior', admin('nat'), { reason: 'x' }), 'ACTION_NOT_ALLOWED', /nobody dispatched/);
  });
});

describe('review chain up the tree (002 结果审核, RULES.md §5)', () => {
  const submit = (s: PaperState, extra: Record<string, unknown> = {}) => act(s, 'submit_result', admin('hosp'), { chain: chain(), decisionId: 'd1', ...extra });

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
    refused(() => act(s, 'submit_result', admin('hosp'), { chain: chain() }), 'VALIDATION_FAILED', /decisionId/);
    refused(() => act(s, 'submit_result', admin('hosp'), { decisionId: 'd1', chain: [] }), 'VALIDATION_FAILED', /chain/);
    refused(() => act(s, 'submit_result', admin('hosp'), { decisionId: 'd1', chain: [chain()[2], chain()[0]] }), 'VALIDATION_FAILED', /parent/);
    submit(s);
    refused(() => act(s, 'approve', admin('prov')), 'FORBIDDEN', /reviewer/);
    refused(() => act(s, 'approve', admin('city2')), 'FORBIDDEN');
  });

  it('returns with an opinion and an official letter; the institution resubmits; round counts', () => {
    const s = atInstitution();
    submit(s);
    act(s, 'approve', admin('city'));
    refused(() => act(s, 'return_result', admin('prov'), { opinion: '补充原始数据' }), 'VALIDATION_FAILED', /letterFileId/);
    refused(() => act(s, 'return_result', admin('prov'), { letterFileId: 'f1' }), 'VALIDATION_FAILED', /opinion/);
    const t = act(s, 'return_result', admin('prov'), { opinion: '补充原始数据', letterFileId: 'f1' });
    expect(t.events[0]).toMatchObject({ type: 'result_returned', data: { stage: 'review', opinion: '补充原始数据', letterFileId: 'f1', toOrgId: 'hosp' } });
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
    refused(() => act(s, 'withdraw', admin('hosp')), 'FORBIDDEN', /submitter/);
    // The city approved and forwarded; it may take it back until the province starts.
    act(s, 'withdraw', admin('city'));
    expect(currentOrg(s)?.orgId).toBe('city');
    act(s, 'approve', admin('city'));
    act(s, 'start_review', admin('prov'));
    refused(() => act(s, 'withdraw', admin('city')), 'ACTION_NOT_ALLOWED');
  });

  it('runs a pre-review: draft to the province, feedback, draft again, consent, formal version with stamped files', () => {
    const s = atInstitution();
    const pre = (extra: Record<string, unknown> = {}) => act(s, 'submit_result', admin('hosp'), { chain: chain(true), decisionId: 'd1', ...extra });
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
    refused(() => act(atInstitution(), 'submit_result', admin('hosp'), { chain: chain(), decisionId: 'd1', kind: 'draft' }), 'ACTION_NOT_ALLOWED', /no level/);
  });

  it('lets a commission enter for an institution (onBehalfOf) but not for another', () => {
    const s = atInstitution();
    act(s, 'submit_result', admin('city', { onBehalfOf: 'hosp' }), { chain: chain(), decisionId: 'd1' });
    expect(s.status).toBe('pending_review');
    refused(() => act(atInstitution(), 'submit_result', admin('city'), { chain: chain(), decisionId: 'd1' }), 'FORBIDDEN');
  });

  it('checks versions and leaves state untouched when the validator refuses', () => {
    const s = atInstitution();
    const before = JSON.stringify(s);
    refused(() => checkPaperAction(s, { action: 'dispatch', actor: admin('hosp'), body: {} }), 'ACTION_NOT_ALLOWED');
    refused(() => checkPaperAction(s, { action: 'submit_result', actor: admin('hosp'), expectedVersion: 99, body: {} }), 'VERSION_MISMATCH');
    refused(() => checkPaperAction(s, { action: 'nope', actor: admin('hosp'), body: {} }), 'NOT_FOUND');
    checkPaperAction(s, { action: 'submit_result', actor: admin('hosp'), body: { chain: chain(), decisionId: 'd1' } });
    expect(JSON.stringify(s)).toBe(before);
  });
});

describe('import rows (002 导入)', () => {
  const header = ['批次', '编号', '标题', '作者姓名', '第一通讯作者单位', '行政区划', '期刊', 'DOI', '撤稿日期', '来源'];
  const good = ['B1', '1', 'A paper', '张三；李四', '郑州市第一人民医院', '410102', 'J Test', '10.1000/xyz1', '2026-03-01', 'Retraction Watch'];

  it('imports good rows and returns every bad row with its line and reason', () => {
    const { rows, errors } = parsePaperTable([
      header,
      good,
      ['B1', '2', '', '王五', 'X', '41010', 'J', 'not-a-doi', '2026-02-30', 'Google'],
      [],
      ['B1', '1', 'dup', 'x', 'y', '410100', 'J', '', '', 'pubmed'],
    ]);
    expect(rows).toEqual([expect.objectContaining({ line: 2, batch: 'B1', number: '1', authors: ['张三', '李四'], regionCode: '410102', source: 'retraction_watch', doi: '10.1000/xyz1' })]);
    expect(errors).toHaveLength(2);
    expect(errors[0]!.row).toBe(3);
    for (const why of ['title is empty', 'regionCode "41010"', 'doi "not-a-doi"', 'retractionDate "2026-02-30"', 'source "Google"']) expect(errors[0]!.reason).toContain(why);
    expect(errors[1]).toEqual({ row: 5, reason: expect.stringContaining('repeats row 2') });
  });

  it('refuses a file whose header lacks required columns', () => {
    expect(parsePaperTable([['批次', '编号']]).errors[0]!.reason).toMatch(/missing columns title/);
  });

  it('matches provinces by the first two digits and cities by four; never institutions', () => {
    expect(regionMatches('provincial', '410000', '410102')).toBe(true);
    expect(regionMatches('provincial', '330000', '410102')).toBe(false);
    expect(regionMatches('municipal', '410100', '410102')).toBe(true);
    expect(regionMatches('municipal', '410300', '410102')).toBe(false);
    expect(regionMatches('institution', '410102', '410102')).toBe(false);
    expect(paperWorkflowId('B1', '7')).toBe('RP-B1-7');
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
    linkCase(s, { caseId: 'c1', caseNumber: 'SC-2026-000001' }, AT);
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

  it('renders what must be done, the opinion and a link, in Chinese or English', () => {
    const base = { paperId: 'p1', batch: 'B1', number: '7', title: 'A paper', orgName: '郑州市第一人民医院', appBaseUrl: 'https://x.example/', opinion: '补充原始数据' };
    const zh = renderPaperNotice({ ...base, locale: 'zh', task: 'revise' });
    expect(zh.subject).toBe('【科研诚信】撤稿论文 B1-7 退回修改');
    expect(zh.text).toContain('审核意见：补充原始数据');
    expect(zh.text).toContain('https://x.example/api/v1/papers/p1');
    const en = renderPaperNotice({ ...base, locale: 'en', task: 'review' });
    expect(en.subject).toBe('[Research integrity] Retracted paper B1-7: to review');
  });
});
