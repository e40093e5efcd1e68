/**
 * Bounded case runs through HTTP (issue 21): with CASE_RUN_MAX_EVENTS=40 the API starts cases whose workflow continues as
 * new every few actions. Across the boundaries the case answers `GET /cases/:id` with its version and ETag, takes
 * actions with If-Match, answers a retried Idempotency-Key with the first answer without acting twice, its timeline
 * has every event once, and the audit chain verifies.
 */
import { Client, Connection } from '@temporalio/client';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { expectAction, postAction } from '../support/actions';
import { startStack, type E2EStack } from '../support/app';
import { fetchAllRuns } from '../support/history';

describe('bounded case runs through HTTP (CASE_RUN_MAX_EVENTS=40)', () => {
  let s: E2EStack;
  let client: Client;
  let connection: Connection;
  const tokens: Record<string, string> = {};
  const before_ = process.env.CASE_RUN_MAX_EVENTS;
  before(async () => {
    process.env.CASE_RUN_MAX_EVENTS = '40';
    s = await startStack();
    for (const u of ['hospb.officer', 'nhc.sysadmin']) tokens[u] = await s.login(u);
    connection = await Connection.connect({ address: s.temporalAddress });
    client = new Client({ connection });
  });
  after(async () => {
    await connection?.close();
    await s?.stop();
    if (before_ === undefined) delete process.env.CASE_RUN_MAX_EVENTS;
    else process.env.CASE_RUN_MAX_EVENTS = before_;
  });
  const as = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });
  const member = (name: string) => ({ name, kind: 'team', declarationSigned: true, conflicts: [] });

  /** How many runs the case's workflow has had (continue-as-new chains them). */
  const runsOf = async (number: string): Promise<number> => (await fetchAllRuns(client, number)).runs.length;

  it('a case keeps its version, answers, timeline and audit across run boundaries', async () => {
    const created = await s.http
      .post('/api/v1/cases')
      .set(as('hospb.officer'))
      .send({
        source: 'routine',
        handlingOrgId: DEMO_ORGS.hospitalB.id,
        receivedAt: isoDateOf(Date.now()),
        title: '分段运行的案件',
        allegations: ['2'],
        subjects: [{ name: '王五' }],
      })
      .expect(201);
    const { id, number } = created.body as { id: string; number: string };
    await expectAction(s.http, as('hospb.officer'), 'cases', id, 'accept', {}, 200);
    const key = `bounded-${id}`;
    const first = await postAction(s.http, as('hospb.officer'), 'cases', id, 'add_member', member('甲'), { 'Idempotency-Key': key });
    expect(first.status).toBe(200);
    let last = first;
    for (let i = 0; i < 14; i++) last = await expectAction(s.http, as('hospb.officer'), 'cases', id, 'add_member', member(`成员${i}`), 200);
    expect(await runsOf(number)).toBeGreaterThanOrEqual(3);

    // GET after the boundaries: the last answer's version, phase and deadlines; the ETag is that version.
    const got = await s.http.get(`/api/v1/cases/${id}`).set(as('hospb.officer')).expect(200);
    expect(got.headers.etag).toBe(`"${last.body.version}"`);
    expect(got.body).toMatchObject({ phase: last.body.phase, version: last.body.version });
    expect(got.body.version).toBe(first.body.version + 14);

    // The Idempotency-Key retried after the boundaries: the first answer, nothing applied again.
    const retried = await postAction(s.http, as('hospb.officer'), 'cases', id, 'add_member', member('甲'), { 'Idempotency-Key': key });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);
    expect((await s.http.get(`/api/v1/cases/${id}`).set(as('hospb.officer')).expect(200)).body.version).toBe(last.body.version);

    // An action with If-Match after the boundaries still works, and a stale one is still refused.
    const next = await expectAction(s.http, as('hospb.officer'), 'cases', id, 'add_member', member('最后'), 200);
    expect(next.body.version).toBe(last.body.version + 1);
    const stale = await s.http
      .post(`/api/v1/cases/${id}/actions/add_member`)
      .set(as('hospb.officer'))
      .set('If-Match', `"${last.body.version}"`)
      .send(member('过期'));
    expect(stale.status).toBe(412);

    // The timeline: every event once, in order; 16 members.
    const timeline = (await s.http.get(`/api/v1/cases/${id}/timeline`).set(as('hospb.officer')).expect(200)).body as Array<{
      seq: number;
      type: string;
    }>;
    expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));
    expect(timeline.filter((e) => e.type === 'member_added')).toHaveLength(16);

    expect((await s.http.get('/api/v1/audit/verify').set(as('nhc.sysadmin')).expect(200)).body).toMatchObject({
      ok: true,
      firstBrokenId: null,
    });
  });
});
