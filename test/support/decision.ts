/** Helpers for deciding a case through HTTP: the required attachments (RULES.md §4) and valid result forms. */
import type request from 'supertest';
import type { AuthorEntry, DecisionForm } from '@libs/domain/src/decision';
import { expectAction } from './actions';

export const REQUIRED_KINDS = ['institution_report', 'author_statement', 'interview_records', 'raw_data', 'submission_records'];

export async function uploadRequiredEvidence(http: ReturnType<typeof request>, token: string, caseId: string): Promise<void> {
  for (const kind of REQUIRED_KINDS) {
    const res = await http
      .post(`/api/v1/cases/${caseId}/files`)
      .set({ Authorization: `Bearer ${token}` })
      .field('kind', kind)
      .attach('file', Buffer.from(`%PDF-1.4 ${kind}`), { filename: `${kind}.pdf`, contentType: 'application/pdf' });
    if (res.status !== 201) throw new Error(`upload ${kind}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** A valid GB 11643 ID number (check digit 8). */
export const ID_NUMBER = '110105202001180428';
export const ID_MASKED = '1101052020****0428';

/** national-2022: fabrication (type 2), serious (level 3), barred from awards (measure 7) for 4 years + the registry (13). */
export function nationalMisconductForm(idNumber = ID_NUMBER): DecisionForm {
  return {
    result: 'misconduct',
    authors: [
      {
        order: 1,
        name: '王五',
        organisation: '洛阳市中心医院',
        idNumber,
        penalise: true,
        misconductTypes: ['2'],
        severity: '3',
        measures: [{ code: '7', years: 4 }, { code: '13' }],
        mitigating: [],
        aggravating: [],
      },
      noPenalty(2, '赵六'),
    ],
  };
}

export function clarificationForm(): DecisionForm {
  return { result: 'no_misconduct', authors: [noPenalty(1, '王五')] };
}

function noPenalty(order: number, name: string): AuthorEntry {
  return {
    order,
    name,
    organisation: '洛阳市中心医院',
    idNumber: '11010519491231002X',
    penalise: false,
    misconductTypes: [],
    measures: [],
    mitigating: [],
    aggravating: [],
  };
}

/**
 * henan-2021: fabrication (type 2) at `severity`, barred from applying for projects, awards and titles (measure 5) for
 * `years`, circulated (2) and recorded in the provincial database (11), as 001 art.37–39 require; a second author
 * not penalised.
 */
export function henanMisconductForm(severity = '2', years = 2, idNumber = ID_NUMBER): DecisionForm {
  return {
    result: 'misconduct',
    authors: [
      {
        order: 1,
        name: '张三',
        organisation: '郑州市第一人民医院',
        idNumber,
        penalise: true,
        misconductTypes: ['2'],
        severity,
        measures: [{ code: '5', years }, { code: '2' }, { code: '11' }],
        mitigating: [],
        aggravating: [],
      },
      { ...noPenalty(2, '李四'), organisation: '郑州市第一人民医院' },
    ],
  };
}

/** henan-2021: fabrication (type 2), serious-lesser (level 2), barred as reviewer/nominator (measure 7) for `years` years,
 *  with the circulation (2) and the provincial database record (11) that 001 art.39 requires. */
export function henanReviewerBarForm(idNumber = ID_NUMBER, years = 2): DecisionForm {
  return {
    result: 'misconduct',
    authors: [
      {
        order: 1,
        name: '王五',
        organisation: '郑州市第一人民医院',
        idNumber,
        penalise: true,
        misconductTypes: ['2'],
        severity: '2',
        measures: [{ code: '7', years }, { code: '2' }, { code: '11' }],
        mitigating: [],
        aggravating: [],
      },
    ],
  };
}

type Http = ReturnType<typeof request>;

/**
 * A case opened and taken to an effective decision through HTTP, as officers do it: accept (henan: the preliminary
 * check by two accounts of the organisation, 001 art.14), a team, the plan approved, the report, the proposed decision
 * and a waived defence, the required files, `decide` by the unit head. `users` are the organisation's officer, head
 * and a second staff member (account ids for the check).
 */
export async function decidedCase(
  http: Http,
  users: { officer: string; head: string; checkers: [string, string] },
  orgId: string,
  form: DecisionForm,
  effectiveDate: string,
): Promise<{ id: string; number: string }> {
  const officer = { Authorization: `Bearer ${users.officer}` };
  const head = { Authorization: `Bearer ${users.head}` };
  const created = await http
    .post('/api/v1/cases')
    .set(officer)
    .send({
      source: 'retraction',
      handlingOrgId: orgId,
      receivedAt: effectiveDate,
      title: '撤稿论文调查',
      allegations: ['2'],
      subjects: [{ name: '王五' }],
    });
  if (created.status !== 201) throw new Error(`open case: ${created.status} ${JSON.stringify(created.body)}`);
  const c = created.body as { id: string; number: string };
  const act = (h: Record<string, string>, action: string, body: Record<string, unknown> = {}) =>
    expectAction(http, h, 'cases', c.id, action, body, 200);
  const profile = ((await http.get(`/api/v1/cases/${c.id}`).set(officer).expect(200)).body as { profile: string }).profile;
  await act(officer, 'accept', profile === 'henan-2021' ? { checkedBy: users.checkers } : {});
  const team = ['甲', '乙', '丙'];
  for (const name of team) await act(officer, 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
  await act(head, 'approve_plan');
  await act(officer, 'submit_report', { signedBy: team });
  await act(officer, 'send_proposed_decision');
  await act(officer, 'waive_defence');
  await uploadRequiredEvidence(http, users.officer, c.id);
  await act(head, 'decide', { form, effectiveDate });
  return c;
}
