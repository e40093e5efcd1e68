/**
 * The documented contract is the one clients use (issue 15 point 9): the generated TypeScript client
 * (clients/typescript: openapi-typescript types + openapi-fetch) walks both procedures against the real stack, and
 * every answer it gets is checked against the response schema the document declares for it (status, content type,
 * body). Nothing here builds a URL or a body by hand: paths, parameters, headers and bodies are the client's types.
 *
 *  - the served `/docs-json` is exactly clients/typescript/openapi.json (what the client was generated from);
 *  - henan-2021: registration → acceptance by two staff → team, plan, interview, report → proposed decision, defence →
 *    evidence (multipart) → decision form saved as a draft → `decide` submits the draft → delivery, registry, review,
 *    appeal → closed;
 *  - national-2022: registration → … → a clarification (no_misconduct) decided with the form in the body.
 */
import { expect } from 'expect';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApiClient, type ApiClient, type paths, type Schema } from '@clients/typescript';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS, DEMO_PASSWORD, demoUserIdOf } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { clarificationForm, REQUIRED_KINDS } from '../support/decision';
import { Conformance, loadDocument } from '../support/conformance';
import { eventually } from '../support/wait';

const DOCUMENT = loadDocument();

type CaseActionPath = Extract<keyof paths, `/api/v1/cases/{id}/actions/${string}`>;
type ActionBody<P extends CaseActionPath> = paths[P]['post']['requestBody']['content']['application/json'];
type DecisionForm = Schema<'DecisionForm'>;

describe('the generated TypeScript client walks the procedure', () => {
  let s: E2EStack;
  let baseUrl: string;
  const conformance = new Conformance();
  const clients: Record<string, ApiClient> = {};

  /** A client signed in through the client itself; every answer goes through the conformance check. */
  async function client(username: string): Promise<ApiClient> {
    if (clients[username]) return clients[username]!;
    const anonymous = createApiClient({ baseUrl });
    const { data, error } = await anonymous.POST('/api/v1/auth/login', { body: { username, password: DEMO_PASSWORD } });
    if (!data) throw new Error(`login ${username}: ${JSON.stringify(error)}`);
    const api = createApiClient({ baseUrl, token: data.accessToken });
    api.use({
      async onResponse({ request, response, schemaPath }) {
        await conformance.check(request.method, schemaPath, response);
        return response;
      },
    });
    clients[username] = api;
    return api;
  }

  before(async () => {
    s = await startStack();
    await s.api.listen(0, '127.0.0.1');
    baseUrl = (await s.api.getUrl()).replace('[::1]', '127.0.0.1');
  });
  after(async () => {
    await s?.stop();
  });

  const today = () => isoDateOf(Date.now());

  async function register(username: string, org: 'hospitalA' | 'hospitalB') {
    const api = await client(username);
    const { data, error, response } = await api.POST('/api/v1/cases', {
      body: {
        source: 'report',
        handlingOrgId: DEMO_ORGS[org].id,
        receivedAt: today(),
        title: '论文数据造假举报',
        allegations: ['2'],
        subjects: [{ name: '王五', organisation: DEMO_ORGS[org].name }],
        reporter: { name: '赵六', contact: 'zhaoliu@example.org', realName: true },
      },
    });
    expect(response.status).toBe(201);
    if (!data) throw new Error(JSON.stringify(error));
    return data;
  }

  /** GET the case for its ETag, then the action with If-Match, as a client does. */
  async function act<P extends CaseActionPath>(
    username: string,
    id: string,
    path: P,
    body: ActionBody<P>,
  ): Promise<Schema<'CaseActionResult'>> {
    const api = await client(username);
    const got = await api.GET('/api/v1/cases/{id}', { params: { path: { id } } });
    const etag = got.response.headers.get('ETag');
    expect(etag).toBe(`"${got.data!.version}"`);
    const res = await (
      api.POST as (
        p: string,
        init: unknown,
      ) => Promise<{ data?: Schema<'CaseActionResult'>; error?: Schema<'ErrorBody'>; response: Response }>
    )(path, {
      params: { path: { id }, header: { 'If-Match': etag! } },
      body,
    });
    if (!res.data) throw new Error(`${path}: ${res.response.status} ${JSON.stringify(res.error)}`);
    expect(res.response.headers.get('ETag')).toBe(`"${res.data.version}"`);
    return res.data;
  }

  /** Evidence through the client: multipart/form-data with the file's bytes, then downloaded again byte for byte. */
  async function uploadEvidence(username: string, id: string): Promise<void> {
    const api = await client(username);
    for (const kind of REQUIRED_KINDS) {
      const bytes = Buffer.from(`%PDF-1.4 ${kind} ${id}`);
      const { data, error, response } = await api.POST('/api/v1/cases/{id}/files', {
        params: { path: { id } },
        body: { kind: kind as never, file: '' }, // typed by the document; the form below carries it
        bodySerializer: () => {
          const form = new FormData();
          form.append('kind', kind);
          form.append('file', new Blob([bytes], { type: 'application/pdf' }), `${kind}.pdf`);
          return form;
        },
      });
      expect(response.status).toBe(201);
      if (!data) throw new Error(`upload ${kind}: ${JSON.stringify(error)}`);
      expect(data).toMatchObject({
        kind,
        size: bytes.length,
        contentType: 'application/pdf',
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      const download = await api.GET('/api/v1/cases/{id}/files/{fileId}', {
        params: { path: { id, fileId: data.id } },
        parseAs: 'arrayBuffer',
      });
      expect(Buffer.from(download.data as ArrayBuffer)).toEqual(bytes);
      expect(download.response.headers.get('X-Content-SHA256')).toBe(data.sha256);
    }
  }

  it('serves the document the client was generated from', async () => {
    const served = await fetch(`${baseUrl}/docs-json`);
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual(DOCUMENT);
  });

  it('henan-2021: registration to close, the decision taken from the saved draft', async () => {
    const c = await register('hospa.officer', 'hospitalA');
    expect(c).toMatchObject({ phase: 'intake', version: expect.any(Number) });

    // 001 art.14: two staff of the hospital did the preliminary check (accounts, issue 17 point 10).
    const accepted = await act('hospa.officer', c.id, '/api/v1/cases/{id}/actions/accept', {
      checkedBy: [demoUserIdOf('hospa.officer'), demoUserIdOf('hospa.admin')],
    });
    expect(accepted.phase).toBe('investigation');
    // The acceptance e-mailed to the real-name reporter meets the reporter notice (issue 17 point 7; 001 art.14).
    await eventually(async () => {
      const got = await (await client('hospa.officer')).GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } });
      return got.data!.deadlines.find((d) => d.kind === 'reporter_notice')?.status === 'met';
    }, 'the reporter notice met by the mail');
    for (const name of ['甲', '乙', '丁']) {
      await act('hospa.officer', c.id, '/api/v1/cases/{id}/actions/add_member', {
        name,
        kind: 'team',
        declarationSigned: true,
        conflicts: [],
      });
    }
    await act('hospa.head', c.id, '/api/v1/cases/{id}/actions/approve_plan', {});
    await act('hospa.investigator', c.id, '/api/v1/cases/{id}/actions/record_interview', { investigators: ['甲', '乙'], subject: '王五' });
    const reported = await act('hospa.investigator', c.id, '/api/v1/cases/{id}/actions/submit_report', {
      signedBy: ['甲', '乙', '丁'],
      summary: '数据造假属实',
    });
    expect(reported.phase).toBe('handling');
    await act('hospa.officer', c.id, '/api/v1/cases/{id}/actions/send_proposed_decision', {});
    await act('hospa.officer', c.id, '/api/v1/cases/{id}/actions/record_defence', { summary: '当事人书面陈述' });
    await uploadEvidence('hospa.officer', c.id);

    // The decision form as a draft (PUT), read back masked, then `decide` without a form submits the draft (point 7).
    const officer = await client('hospa.officer');
    const form: DecisionForm = {
      result: 'misconduct',
      authors: [
        {
          order: 1,
          name: '王五',
          organisation: '郑州市第一人民医院',
          idNumber: '410102198506151238',
          penalise: true,
          misconductTypes: ['2'],
          severity: '3',
          measures: [{ code: '5', years: 5 }, { code: '2' }, { code: '11' }, { code: '12', text: '降低岗位等级' }],
          mitigating: [],
          aggravating: ['1'],
        },
        {
          order: 2,
          name: '张三',
          organisation: '郑州市第一人民医院',
          idNumber: '410304200012294566',
          penalise: false,
          misconductTypes: [],
          measures: [],
          mitigating: ['4'],
          aggravating: [],
        },
      ],
    };
    const saved = await officer.PUT('/api/v1/cases/{id}/decision', { params: { path: { id: c.id } }, body: form });
    expect(saved.response.status).toBe(200);
    expect(saved.data).toMatchObject({ status: 'draft', form: { result: 'misconduct' } });
    const draft = await officer.GET('/api/v1/cases/{id}/decision', { params: { path: { id: c.id } } });
    expect(draft.data!.form.authors[0]!.idNumber).toBe('4101021985****1238');

    const decided = await act('hospa.head', c.id, '/api/v1/cases/{id}/actions/decide', { effectiveDate: today(), summary: '认定数据造假' });
    expect(decided.deadlines.find((d) => d.kind === 'registry_report')).toMatchObject({ status: 'open' }); // measure 11: the database (001 art.40)
    const effective = await officer.GET('/api/v1/cases/{id}/decision', { params: { path: { id: c.id } } });
    expect(effective.data).toMatchObject({ status: 'effective', effectiveDate: today() });

    await act('hospa.officer', c.id, '/api/v1/cases/{id}/actions/deliver_decision', {});
    await act('hospa.officer', c.id, '/api/v1/cases/{id}/actions/report_registry', {});
    await act('hospa.officer', c.id, '/api/v1/cases/{id}/actions/apply_review', {});
    await act('hospa.officer', c.id, '/api/v1/cases/{id}/actions/accept_review', {});
    await act('hospa.head', c.id, '/api/v1/cases/{id}/actions/complete_review', { result: 'upheld', summary: '维持原决定' });
    await act('hospa.officer', c.id, '/api/v1/cases/{id}/actions/apply_appeal', {});
    // The appeal is heard by the hospital's superior, the Zhengzhou commission (issue 17 point 1; 001 art.45).
    const sysadmin = await client('nhc.sysadmin');
    for (const [username, roles] of [
      ['citya.officer', ['case_officer']],
      ['citya.head', ['unit_head']],
    ] as const) {
      const made = await sysadmin.POST('/api/v1/users', {
        body: {
          username,
          name: username,
          password: DEMO_PASSWORD,
          email: `${username}@example.org`,
          orgId: DEMO_ORGS.cityA.id,
          roles: [...roles],
        },
      });
      expect(made.response.status).toBe(201);
    }
    await act('citya.officer', c.id, '/api/v1/cases/{id}/actions/accept_appeal', {});
    const closed = await act('citya.head', c.id, '/api/v1/cases/{id}/actions/complete_appeal', { result: 'upheld' });
    expect(closed.phase).toBe('closed');
    expect(closed.allowedActions).toEqual([]);

    const events = await eventually(async () => {
      const t = await officer.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: c.id } } });
      return t.data!.some((e) => e.type === 'appeal_completed') && t.data!;
    }, 'the henan timeline');
    expect(events.filter((e) => e.type !== 'notice_undelivered' && e.type !== 'notification_sent').map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'case_opened',
        'accepted',
        'reporter_notified',
        'plan_approved',
        'report_submitted',
        'decided',
        'registry_reported',
        'appeal_completed',
      ]),
    );

    // The registry lists the penalised author (masked), reachable through the client too.
    const admin = await client('hospa.admin');
    const persons = await admin.GET('/api/v1/registry/persons', { params: { query: { q: '王五' } } });
    expect(persons.data!.find((p) => p.idNumber === '4101021985****1238')?.entries.length).toBeGreaterThan(0);
  });

  it('national-2022: registration to a clarification, the form sent with decide', async () => {
    const c = await register('hospb.officer', 'hospitalB');
    await act('hospb.officer', c.id, '/api/v1/cases/{id}/actions/accept', {});
    for (const name of ['调查员甲', '调查员乙'])
      await act('hospb.officer', c.id, '/api/v1/cases/{id}/actions/add_member', { name, kind: 'team', declarationSigned: true });
    await act('hospb.head', c.id, '/api/v1/cases/{id}/actions/approve_plan', {});
    await act('hospb.officer', c.id, '/api/v1/cases/{id}/actions/record_interview', { investigators: ['调查员甲', '调查员乙'] });
    await act('hospb.officer', c.id, '/api/v1/cases/{id}/actions/submit_report', { signedBy: ['调查员甲', '调查员乙'] });
    await act('hospb.officer', c.id, '/api/v1/cases/{id}/actions/notify_participating_units', { orgIds: [DEMO_ORGS.cityB.id] });
    await act('hospb.officer', c.id, '/api/v1/cases/{id}/actions/send_proposed_decision', {});
    await act('hospb.officer', c.id, '/api/v1/cases/{id}/actions/waive_defence', {});
    await uploadEvidence('hospb.officer', c.id);
    const decided = await act('hospb.head', c.id, '/api/v1/cases/{id}/actions/decide', { form: clarificationForm() as DecisionForm });
    expect(decided.deadlines.map((d) => d.kind)).not.toContain('registry_report');
    const delivered = await act('hospb.officer', c.id, '/api/v1/cases/{id}/actions/deliver_decision', {});
    expect(delivered.phase).toBe('appeal_window');

    const officer = await client('hospb.officer');
    const events = await eventually(async () => {
      const t = await officer.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: c.id } } });
      return t.data!.some((e) => e.type === 'decision_delivered') && t.data!;
    }, 'the national timeline');
    expect(events.map((e) => e.type)).toContain('decided_clarification'); // 003 art.39: no misconduct → clarification
    const decision = await officer.GET('/api/v1/cases/{id}/decision', { params: { path: { id: c.id } } });
    expect(decision.data).toMatchObject({ status: 'effective', form: { result: 'no_misconduct' } });

    // A refusal through the client is the one error body, typed: the phase has moved on.
    const got = await officer.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } });
    const refused = await officer.POST('/api/v1/cases/{id}/actions/accept', {
      params: { path: { id: c.id }, header: { 'If-Match': got.response.headers.get('ETag')! } },
      body: {},
    });
    expect(refused.response.status).toBe(409);
    expect(refused.error).toMatchObject({ error: 'ACTION_NOT_ALLOWED', phase: 'appeal_window', allowedActions: expect.any(Array) });
  });

  it('every answer the client got matched the document', async () => {
    expect(conformance.problems).toEqual([]);
    expect(conformance.checked).toBeGreaterThan(80);
    // The check itself: an undocumented status and a body that does not fit are both reported.
    const probe = new Conformance();
    const json = { 'content-type': 'application/json; charset=utf-8' };
    await probe.check('GET', '/api/v1/cases/{id}', new Response(JSON.stringify({ id: 'not-a-case' }), { status: 200, headers: json }));
    await probe.check('GET', '/api/v1/cases/{id}', new Response('{}', { status: 418, headers: json }));
    await probe.check(
      'GET',
      '/api/v1/cases/{id}/files/{fileId}',
      new Response('x', { status: 200, headers: { 'content-type': 'application/x-unknown' } }),
    );
    expect(probe.problems).toEqual([
      expect.stringContaining("must have required property 'number'"),
      expect.stringContaining('status not documented'),
      expect.stringContaining('content type application/x-unknown not documented'),
    ]);
  });

  describe('what the outside contract check (Schemathesis) found, fixed', () => {
    const raw = async (username: string, path: string, init: RequestInit = {}) => {
      const token = (await s.login(username)) as string;
      const res = await fetch(`${baseUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
      return { status: res.status, body: (await res.json().catch(() => null)) as Schema<'ErrorBody'> };
    };

    it('a body that is not JSON is named as such; no answer echoes control characters', async () => {
      const res = await raw('hospb.officer', '/api/v1/cases', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '\u0000{"a":',
      });
      expect(res).toEqual({
        status: 400,
        body: {
          error: 'VALIDATION_FAILED',
          message: 'body: not valid JSON',
          issues: [{ path: 'body', rule: 'syntax', message: 'not valid JSON' }],
        },
      });
      const unknownKey = await raw('hospb.officer', '/api/v1/cases', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ 'a\u0001b': 1 }),
      });
      expect(unknownKey.status).toBe(400);
      expect(JSON.stringify(unknownKey.body)).not.toMatch(/\\u000[01]/);
      expect(unknownKey.body.issues).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'a\ufffdb', rule: 'unknown_field' })]),
      );
    });

    it('a NUL in a free-text query, an impossible date and an unknown phase are 400s naming the field (were 500s or silently empty)', async () => {
      const nul = await raw('henan.admin', `/api/v1/warning-journals?title=${encodeURIComponent('ab\u0000c')}`);
      expect(nul.status).toBe(400);
      expect(nul.body.issues).toEqual([expect.objectContaining({ path: 'title', rule: 'no_nul' })]); // refused before routing (common/http-hardening.ts)
      const date = await raw('hospb.officer', '/api/v1/cases?dueBefore=2026-02-30');
      expect(date.status).toBe(400);
      expect(date.body.issues).toEqual([expect.objectContaining({ path: 'dueBefore', rule: 'isCalendarDate' })]);
      const phase = await raw('hospb.officer', '/api/v1/cases?phase=archived');
      expect(phase.status).toBe(400);
      expect(phase.body.issues).toEqual([
        expect.objectContaining({ path: 'phase', message: expect.stringContaining('phase must be one of intake') }),
      ]);
    });

    it('an organisation filter outside the subtree is a 404 on every list, papers included', async () => {
      for (const path of ['/api/v1/papers', '/api/v1/papers/progress', '/api/v1/cases', '/api/v1/supervision/overdue']) {
        const res = await raw('hospb.admin', `${path}?orgId=${DEMO_ORGS.hospitalA.id}`);
        expect([path, res.status, res.body.error]).toEqual([path, 404, 'NOT_FOUND']);
      }
    });

    it('a stored file whose bytes are gone answers an error, and the API keeps serving', async () => {
      const c = await register('hospb.officer', 'hospitalB');
      const api = await client('hospb.officer');
      const up = await api.POST('/api/v1/cases/{id}/files', {
        params: { path: { id: c.id } },
        body: { kind: 'other' as never, file: '' },
        bodySerializer: () => {
          const form = new FormData();
          form.append('kind', 'other');
          form.append('file', new Blob(['bytes'], { type: 'text/plain' }), 'gone.txt');
          return form;
        },
      });
      const [row] = (await s.db.query(`SELECT storage_key FROM case_files WHERE id = $1`, [up.data!.id])) as Array<{ storage_key: string }>;
      rmSync(join(process.env.DATA_DIR!, 'files', row!.storage_key));
      const gone = await raw('hospb.officer', `/api/v1/cases/${c.id}/files/${up.data!.id}`);
      expect(gone).toEqual({ status: 500, body: { error: 'INTERNAL_ERROR', message: expect.any(String), issues: [] } });
      expect((await api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } })).response.status).toBe(200);
    });
  });
});
