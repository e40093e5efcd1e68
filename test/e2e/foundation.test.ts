/**
 * The foundation slice end to end: HTTP -> Temporal (dev server) -> PostgreSQL (embedded), all real.
 */
import { Client, Connection } from '@temporalio/client';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { ROOT } from '../support/servers';
import { eventually } from '../support/wait';

describe('foundation: cases through HTTP, Temporal and PostgreSQL', () => {
  let s: E2EStack;
  let officer: string;
  let temporal: Client;

  before(async () => {
    s = await startStack();
    officer = await s.login('hospa.officer');
    temporal = new Client({ connection: await Connection.connect({ address: s.temporalAddress }) });
  });
  after(async () => {
    await temporal?.connection.close();
    await s?.stop();
  });

  const auth = () => ({ Authorization: `Bearer ${officer}` });
  const newCase = (over: Record<string, unknown> = {}) => ({
    source: 'report',
    handlingOrgId: DEMO_ORGS.hospitalA.id,
    receivedAt: '2026-11-02',
    title: '论文图片重复使用',
    allegations: ['2'],
    subjects: [{ name: '张三', organisation: DEMO_ORGS.hospitalA.name }],
    reporter: { name: '李四', contact: 'lisi@example.org', realName: true },
    ...over,
  });

  it('reports health of database and Temporal, and serves the OpenAPI document', async () => {
    const health = await s.http.get('/health').expect(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.info).toEqual({
      database: expect.objectContaining({ status: 'up' }),
      temporal: { status: 'up' },
      workers: { status: 'up', taskQueue: process.env.TEMPORAL_TASK_QUEUE, pollers: expect.any(Number) },
    });
    await s.http.get('/health/live').expect(200, { status: 'ok' });
    const ui = await s.http.get('/docs').redirects(1).expect(200);
    expect(ui.text).toMatch(/swagger-ui/i);
    const doc = await s.http.get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/calendar/deadline']),
    );
  });

  it('registers a case: row in PostgreSQL, workflow with id = case number, phase from the workflow', async () => {
    const created = await s.http.post('/api/v1/cases').set(auth()).send(newCase()).expect(201);
    expect(created.body.number).toMatch(/^SC-\d{4}-\d{6}$/);
    expect(created.body.phase).toBe('intake');
    // henan-2021 (hospital A's profile): preliminary check within 15 working days of 2026-11-02 -> 2026-11-23.
    expect(created.body.deadlines).toEqual([
      expect.objectContaining({ kind: 'acceptance', dueDate: '2026-11-23', status: expect.any(String) }),
    ]);

    const desc = await temporal.workflow.getHandle(created.body.number).describe();
    expect(desc.type).toBe('caseWorkflow');
    expect(desc.status.name).toBe('RUNNING');

    const [row] = await s.db.query(`SELECT number, title, reporter FROM cases WHERE id = $1`, [created.body.id]);
    expect(row).toMatchObject({ number: created.body.number, title: '论文图片重复使用' });

    const got = await s.http.get(`/api/v1/cases/${created.body.id}`).set(auth()).expect(200);
    expect(got.body).toMatchObject({ number: created.body.number, phase: 'intake', profile: 'henan-2021' });
    expect(got.body).not.toHaveProperty('reporter');

    const byNumber = await s.http.get(`/api/v1/cases/${created.body.number}`).set(auth()).expect(200);
    expect(byNumber.body.id).toBe(created.body.id);

    const timeline = await eventually(async () => {
      const t = await s.http.get(`/api/v1/cases/${created.body.id}/timeline`).set(auth()).expect(200);
      return t.body.length > 0 && t.body;
    }, 'the case_opened event in the projection');
    expect(timeline[0]).toMatchObject({ seq: 1, type: 'case_opened', actor: expect.objectContaining({ role: 'case_officer' }) });
    const [projected] = await s.db.query(`SELECT phase, version FROM cases WHERE id = $1`, [created.body.id]);
    expect(projected).toEqual({ phase: 'intake', version: 1 });
  });

  it('refuses bad input with 400 naming each field, and writes nothing', async () => {
    const before = await s.db.query(`SELECT count(*)::int AS n FROM cases`);
    const counters = await s.db.query(`SELECT coalesce(sum(last), 0)::int AS n FROM case_counters`);
    const res = await s.http
      .post('/api/v1/cases')
      .set(auth())
      .send({ ...newCase(), source: 'rumour', receivedAt: '02/11/2026', subjects: [], unexpected: true })
      .expect(400);
    expect(res.body.error).toBe('VALIDATION_FAILED');
    const message = (res.body.issues as Array<{ path: string; message: string }>).map((i) => `${i.path}: ${i.message}`).join('\n');
    expect(message).toMatch(/source must be one of/);
    expect(message).toMatch(/receivedAt must be a date/);
    expect(message).toMatch(/subjects must contain at least 1/);
    expect(message).toMatch(/unexpected: unknown field/);

    await s.http
      .post('/api/v1/cases')
      .set(auth())
      .send(newCase({ receivedAt: '2026-02-30' }))
      .expect(400);
    await s.http
      .post('/api/v1/cases')
      .set(auth())
      .send(newCase({ receivedAt: '2999-01-01' }))
      .expect(400);
    await s.http
      .post('/api/v1/cases')
      .set(auth())
      .send(newCase({ handlingOrgId: DEMO_ORGS.hospitalB.id }))
      .expect(400);

    expect(await s.db.query(`SELECT count(*)::int AS n FROM cases`)).toEqual(before);
    expect(await s.db.query(`SELECT coalesce(sum(last), 0)::int AS n FROM case_counters`)).toEqual(counters);
  });

  it('bad configuration stops each process with one clear line and a non-zero exit', () => {
    for (const entry of ['apps/api/src/main.js', 'apps/worker/src/main.js', 'scripts/dev-stack.js']) {
      const run = spawnSync(process.execPath, [join(ROOT, 'dist', entry)], {
        env: { ...process.env, DATABASE_URL: 'not a url', TEMPORAL_ADDRESS: '127.0.0.1:7233' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ entry, status: run.status }).toEqual({ entry, status: 1 });
      expect(run.stderr.trim()).toBe(
        'Invalid configuration: DATABASE_URL is not a URL (expected postgres://user:password@host:port/database)',
      );
    }
    const badPort = spawnSync(process.execPath, [join(ROOT, 'dist', 'apps/api/src/main.js')], {
      env: { ...process.env, DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', TEMPORAL_ADDRESS: '127.0.0.1:7233', API_PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(badPort.status).toBe(1);
    expect(badPort.stderr.trim()).toBe('Invalid configuration: API_PORT must be a TCP port number (0-65535), got "eighty"');
  });

  it('needs a bearer token and hides cases of other branches as 404', async () => {
    await s.http.get('/api/v1/cases').expect(401);
    const created = await s.http.post('/api/v1/cases').set(auth()).send(newCase()).expect(201);
    const other = await s.login('hospb.admin');
    await s.http
      .get(`/api/v1/cases/${created.body.id}`)
      .set({ Authorization: `Bearer ${other}` })
      .expect(404);
    const supervisor = await s.login('henan.supervisor');
    await s.http
      .get(`/api/v1/cases/${created.body.id}`)
      .set({ Authorization: `Bearer ${supervisor}` })
      .expect(200);
  });
});
