/**
 * The abuse suite (issue 16): hundreds of malformed requests against every write and query endpoint, generated from
 * the served OpenAPI document (a new endpoint is covered without touching this file), plus the requests the issue
 * reproduced by hand. Whatever is sent: never a 5xx; a 4xx in the one error body; no row written in any table, no
 * workflow changed; every refused write in the audit trail, with its status.
 */
import { expect } from 'expect';
import { Connection, Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createApiApp } from '@apps/api/src/bootstrap';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS, DEMO_USERS, demoUserId } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';

type Json = Record<string, unknown>;
type Schema = Json & {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  format?: string;
  example?: unknown;
  anyOf?: Schema[];
  allOf?: Schema[];
  oneOf?: Schema[];
};

interface Probe {
  /** What it is, for the failure message. */
  what: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  user?: string;
  query?: string;
  headers?: Record<string, string>;
  /** A raw body (sent as is) or a value (sent as JSON). */
  raw?: string | Buffer;
  json?: unknown;
  contentType?: string;
  multipart?: { fields: Array<[string, string]>; file?: { name: string; content: Buffer; filename: string; type: string } };
  /** A read that must be refused too (a NUL, an impossible date, an absurd page): writes always must. */
  refuse?: boolean;
}

const userId = (username: string) => demoUserId(DEMO_USERS.findIndex((u) => u.username === username));
const HUGE = 'x'.repeat(20_000);
/** Long, but within the 16 KB Node allows for a request's head (a longer one is refused by Node's parser: 431). */
const LONG = 'x'.repeat(8_000);
const BAD_DATES = ['2026-02-30', '9999-99-99', '0000-00-00', '2026-13-45'];
const BAD_IDS = [
  '%00',
  'a%00b',
  'x'.repeat(3000),
  '..%2F..%2Fetc%2Fpasswd',
  "1'%20OR%20'1'%3D'1",
  '%ED%A0%80',
  '-1',
  '1e300',
  '%25',
  '%FF',
];

describe('abuse: malformed requests against every endpoint (issue 16)', () => {
  let s: E2EStack;
  let temporal: Client;
  let doc: { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Schema> } };
  const tokens: Record<string, string> = {};
  let fixture: { id: string; number: string };
  const statuses: Array<{
    probe: string;
    write: boolean;
    refuse: boolean;
    status: number;
    body: unknown;
    headers: Record<string, string>;
  }> = [];

  before(async () => {
    process.env.WRITE_LIMIT_PER_ACCOUNT = '1000000'; // the suite itself sends hundreds of writes from one account
    process.env.LOGIN_LIMIT_PER_ACCOUNT = '1000';
    process.env.LOGIN_LIMIT_PER_ADDRESS = '1000';
    s = await startStack();
    for (const u of ['hospb.admin', 'hospb.officer', 'henan.admin', 'nhc.sysadmin', 'hospa.investigator']) tokens[u] = await s.login(u);
    fixture = (
      await s.http
        .post('/api/v1/cases')
        .set(as('hospb.officer'))
        .send({
          source: 'report',
          handlingOrgId: DEMO_ORGS.hospitalB.id,
          receivedAt: isoDateOf(Date.now()),
          title: '滥用测试',
          allegations: ['2'],
          subjects: [{ name: '王五' }],
          reporter: { name: '李四', realName: true },
        })
        .expect(201)
    ).body;
    doc = (await s.http.get('/docs-json').expect(200)).body;
    temporal = new Client({ connection: await Connection.connect({ address: s.temporalAddress }) });
  });
  after(async () => {
    for (const v of ['WRITE_LIMIT_PER_ACCOUNT', 'LOGIN_LIMIT_PER_ACCOUNT', 'LOGIN_LIMIT_PER_ADDRESS']) delete process.env[v];
    await temporal?.connection.close();
    await s?.stop();
  });

  function as(u: string) {
    return { Authorization: `Bearer ${tokens[u]}` };
  }

  /** Whose token a path is tried with: someone allowed there, so refusals come from the input, not the role. */
  function userFor(path: string): string | undefined {
    if (path === '/api/v1/auth/login') return undefined;
    if (path.startsWith('/api/v1/papers') || path.startsWith('/api/v1/warning-journals')) return 'henan.admin';
    if (/^\/api\/v1\/(users|calendar|policy-profiles|organisations\/import)/.test(path)) return 'nhc.sysadmin';
    if (path.startsWith('/api/v1/organisations')) return 'henan.admin';
    return 'hospb.admin';
  }

  /** Real ids where a path names something, so that a malformed body reaches its checks. */
  function fill(path: string): string {
    return path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name === 'id' && path.startsWith('/api/v1/cases')) return fixture.id;
      if (name === 'id' && path.startsWith('/api/v1/organisations')) return DEMO_ORGS.hospitalB.id;
      if (name === 'id' && path.startsWith('/api/v1/users')) return userId('hospb.officer');
      if (name === 'userId') return userId('hospb.head');
      if (name === 'orgId') return DEMO_ORGS.province.id;
      if (name === 'code') return 'national-2022';
      if (name === 'year') return '2031';
      return randomUUID();
    });
  }

  const resolve = (schema: Schema | undefined): Schema => {
    let sch = schema ?? {};
    for (let i = 0; sch.$ref && i < 10; i++) sch = doc.components.schemas[sch.$ref.split('/').pop()!] ?? {};
    if (sch.allOf?.length === 1) return resolve(sch.allOf[0]);
    return sch;
  };

  /** A plausible value of the schema (examples, enums, formats): mutated one way at a time below. */
  function sample(schema: Schema | undefined, depth = 0): unknown {
    const sch = resolve(schema);
    if (sch.example !== undefined && typeof sch.example !== 'object') return sch.example;
    if (sch.enum?.length) return sch.enum[0];
    if (sch.anyOf?.length || sch.oneOf?.length) return sample((sch.anyOf ?? sch.oneOf)![0], depth + 1);
    switch (sch.type) {
      case 'object':
        return Object.fromEntries(Object.entries(sch.properties ?? {}).map(([k, v]) => [k, depth > 4 ? null : sample(v, depth + 1)]));
      case 'array':
        return depth > 4 ? [] : [sample(sch.items, depth + 1)];
      case 'integer':
      case 'number':
        return (sch.minimum as number | undefined) ?? 1;
      case 'boolean':
        return true;
      case 'string':
        return sch.format === 'uuid'
          ? randomUUID()
          : sch.format === 'date'
            ? '2026-11-02'
            : sch.format === 'email'
              ? 'a@example.org'
              : 'abcd';
      default:
        return sch.properties ? sample({ ...sch, type: 'object' }, depth) : 'abcd';
    }
  }

  /** Paths to every leaf of a value, with the schema that describes it. */
  function leaves(
    value: unknown,
    schema: Schema | undefined,
    at: Array<string | number> = [],
  ): Array<{ at: Array<string | number>; schema: Schema; value: unknown }> {
    const sch = resolve(schema);
    if (Array.isArray(value)) return [{ at, schema: sch, value }, ...value.flatMap((v, i) => leaves(v, sch.items, [...at, i]))];
    if (value && typeof value === 'object')
      return [{ at, schema: sch, value }, ...Object.entries(value).flatMap(([k, v]) => leaves(v, sch.properties?.[k], [...at, k]))];
    return [{ at, schema: sch, value }];
  }

  function setAt(root: unknown, at: Array<string | number>, v: unknown): unknown {
    if (!at.length) return v;
    const copy = JSON.parse(JSON.stringify(root)) as Record<string | number, unknown>;
    let node = copy;
    for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
    node[at.at(-1)!] = v;
    return copy;
  }

  const wrongType = (v: unknown): unknown =>
    typeof v === 'string'
      ? 12345
      : typeof v === 'number'
        ? 'twelve'
        : typeof v === 'boolean'
          ? 'yes'
          : Array.isArray(v)
            ? { not: 'a list' }
            : v === null
              ? []
              : 'not an object';

  /** Every malformed request for one operation of the document. */
  function probesFor(path: string, method: Probe['method'], op: Json): Probe[] {
    const user = userFor(path);
    const filled = fill(path);
    const params = (op.parameters ?? []) as Array<{ name: string; in: string; schema?: Schema }>;
    const query = params.filter((p) => p.in === 'query');
    const out: Probe[] = [];
    const write = method !== 'get';
    const base = { method, user, path: filled };

    // path parameters that are not what they should be
    if (path.includes('{')) {
      for (const bad of BAD_IDS)
        out.push({
          ...base,
          what: `path id ${bad.slice(0, 20)}`,
          path: path.replace(/\{\w+\}/g, bad),
          ...(write ? { json: {} } : {}),
          refuse: bad.includes('%00') || bad === '%FF',
        });
    }

    // query parameters: NUL, huge, impossible dates and numbers, repeated, nested, unknown
    const valid = Object.fromEntries(query.map((p) => [p.name, String(sample(p.schema))]));
    const qs = (q: Record<string, string>) => new URLSearchParams(q).toString();
    for (const p of query) {
      const sch = resolve(p.schema);
      const date = sch.format === 'date';
      const paging = /^page(Size)?$/.test(p.name);
      for (const v of ['a\u0000b', LONG, ...BAD_DATES.slice(0, 2), '1e300', '99999999999999999999', '-1', '%%', '__proto__']) {
        const refuse =
          v.includes('\u0000') || (date && BAD_DATES.includes(v)) || (paging && ['1e300', '99999999999999999999', '-1'].includes(v));
        out.push({ ...base, what: `query ${p.name}=${JSON.stringify(v.slice(0, 12))}`, query: qs({ ...valid, [p.name]: v }), refuse });
      }
      out.push({ ...base, what: `query ${p.name} twice`, query: `${qs(valid)}&${p.name}=a&${p.name}=b` });
      out.push({ ...base, what: `query ${p.name}[x]`, query: `${qs(valid)}&${p.name}[x]=1` });
    }
    if (!write)
      out.push(
        { ...base, what: 'unknown query parameter', query: `${qs(valid)}&zz_unknown=1` },
        { ...base, what: '__proto__ query', query: `${qs(valid)}&__proto__[admin]=1` },
      );

    if (!write) return out;

    // bodies the parser refuses: wrong content type, bad JSON, not an object, too deep, too large
    out.push(
      { ...base, what: 'text/plain body', raw: '{"a":1}', contentType: 'text/plain' },
      { ...base, what: 'xml body', raw: '<a>1</a>', contentType: 'application/xml' },
      { ...base, what: 'form body', raw: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
      { ...base, what: 'bad JSON', raw: '{"a":', contentType: 'application/json' },
      { ...base, what: 'JSON null', raw: 'null', contentType: 'application/json' },
      { ...base, what: 'JSON string', raw: '"x"', contentType: 'application/json' },
      { ...base, what: '2,000 nested [', raw: '['.repeat(2000), contentType: 'application/json' },
      { ...base, what: 'deep objects', raw: '{"a":'.repeat(100) + '1' + '}'.repeat(100), contentType: 'application/json' },
      {
        ...base,
        what: 'body over BODY_MAX_BYTES',
        raw: JSON.stringify({ a: 'x'.repeat(1024 * 1024 + 10) }),
        contentType: 'application/json',
      },
      { ...base, what: 'latin1 charset', raw: '{"a":1}', contentType: 'application/json; charset=latin1' },
    );
    const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content ?? {};
    if (content['multipart/form-data']) {
      // not UTF-8 text and no XLSX: an importer refuses it whatever else the request says
      const file = {
        name: 'file',
        content: Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x25, 0x50, 0x44, 0x46]),
        filename: 'a.pdf',
        type: 'application/pdf',
      };
      out.push(
        { ...base, what: 'multipart: NUL in kind', multipart: { fields: [['kind', 'oth\u0000er']], file } },
        {
          ...base,
          what: 'multipart: unknown field',
          multipart: {
            fields: [
              ['kind', 'other'],
              ['zz', '1'],
            ],
            file,
          },
        },
        { ...base, what: 'multipart: no file', multipart: { fields: [['kind', 'other']] } },
        { ...base, what: 'multipart: bad kind', multipart: { fields: [['kind', 'selfie']], file } },
        {
          ...base,
          what: 'multipart: disallowed type',
          multipart: { fields: [['kind', 'other']], file: { ...file, type: 'application/x-msdownload', filename: 'a.exe' } },
        },
        {
          ...base,
          what: 'multipart: NUL in file name',
          multipart: { fields: [['kind', 'other']], file: { ...file, filename: 'a\u0000.pdf' } },
        },
        { ...base, what: 'multipart: empty file', multipart: { fields: [['kind', 'other']], file: { ...file, content: Buffer.alloc(0) } } },
        {
          ...base,
          what: 'multipart: broken',
          raw: '--xyz\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother',
          contentType: 'multipart/form-data; boundary=xyz',
        },
        { ...base, what: 'JSON to an upload', json: { kind: 'other' } },
      );
      return out;
    }
    const schema = content['application/json']?.schema;
    if (!schema) return out; // takes no body: the refusals above are enough (a valid empty request would be a real write)
    const good = sample(schema);
    const sch = resolve(schema);
    const withHeaders = path.includes('/actions/') ? { headers: { 'If-Match': '"0"' } } : {};
    const b = { ...base, ...withHeaders };
    if (sch.required?.length) out.push({ ...b, what: 'empty object', json: {} });
    out.push(
      { ...b, what: 'array body', json: [] },
      { ...b, what: 'unknown key', json: { ...(good as Json), zz_unknown: true } },
      {
        ...b,
        what: '__proto__ key',
        raw: JSON.stringify(good).replace(/^\{/, '{"__proto__":{"isAdmin":true},'),
        contentType: 'application/json',
      },
      { ...b, what: 'constructor.prototype key', json: { ...(good as Json), constructor: { prototype: { isAdmin: true } } } },
    );
    for (const leaf of leaves(good, schema)) {
      if (!leaf.at.length) continue;
      const where = leaf.at.join('.');
      out.push({ ...b, what: `${where}: wrong type`, json: setAt(good, leaf.at, wrongType(leaf.value)) });
      if (typeof leaf.value === 'string') {
        out.push({ ...b, what: `${where}: NUL`, json: setAt(good, leaf.at, `${leaf.value}\u0000`) });
        const name = String(leaf.at.at(-1));
        if (leaf.schema.format === 'date' || /date/i.test(name) || /(On|At)$/.test(name) || /^(on|from|to)$/.test(name)) {
          for (const d of BAD_DATES) out.push({ ...b, what: `${where}: ${d}`, json: setAt(good, leaf.at, d) });
        }
      }
      if (Array.isArray(leaf.value))
        out.push({
          ...b,
          what: `${where}: 10,000 items`,
          json: setAt(
            good,
            leaf.at,
            Array.from({ length: 10_000 }, () => (leaf.value as unknown[])[0] ?? 'x'),
          ),
        });
    }
    const huge = JSON.parse(JSON.stringify(good, (_k, v: unknown) => (typeof v === 'string' ? HUGE : v))) as unknown;
    if (JSON.stringify(huge) !== JSON.stringify(good)) out.push({ ...b, what: 'every string huge', json: huge }); // a body without strings stays valid: not a probe
    return out;
  }

  async function send(p: Probe) {
    const url = `${p.path}${p.query ? `?${p.query}` : ''}`;
    let req = s.http[p.method](url);
    if (p.user) req = req.set(as(p.user));
    for (const [k, v] of Object.entries(p.headers ?? {})) req = req.set(k, v);
    if (p.multipart) {
      for (const [k, v] of p.multipart.fields) req = req.field(k, v);
      if (p.multipart.file)
        req = req.attach(p.multipart.file.name, p.multipart.file.content, {
          filename: p.multipart.file.filename,
          contentType: p.multipart.file.type,
        });
    } else if (p.raw !== undefined) {
      req = req.set('Content-Type', p.contentType ?? 'application/json').send(p.raw as string);
    } else if (p.json !== undefined) {
      req = req.send(p.json as object);
    }
    const res = await req;
    statuses.push({
      probe: `${p.method.toUpperCase()} ${p.path.slice(0, 80)}${p.query ? `?${p.query.slice(0, 60)}` : ''} — ${p.what}`,
      write: p.method !== 'get',
      refuse: p.method !== 'get' || p.refuse === true,
      status: res.status,
      body: res.body,
      headers: res.headers as Record<string, string>,
    });
    return res;
  }

  async function snapshot() {
    const tables: Array<{ tablename: string }> = await s.db.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    // every table's row count and a digest of its rows: a row added, removed or changed shows
    const counts: Record<string, number> = {};
    const digests: Record<string, string> = {};
    for (const { tablename } of tables) {
      const [row] = (await s.db.query(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${tablename}" t`,
      )) as Array<{ n: number; h: string }>;
      counts[tablename] = row!.n;
      if (tablename !== 'audit_log') digests[tablename] = row!.h;
    }
    const [c] = await s.db.query(`SELECT phase, version, allowed_actions, details, reporter FROM cases WHERE id = $1`, [fixture.id]);
    const workflow = await temporal.workflow.getHandle(fixture.number).describe();
    let workflows = 0;
    for await (const _ of temporal.workflow.list()) workflows++;
    return { counts, digests, fixture: c, historyLength: workflow.historyLength, workflows };
  }

  it(
    'generated from the OpenAPI document and by hand: no 5xx, a 4xx in the one error body, nothing written, every refused write audited',
    { timeout: 300_000 },
    async () => {
      const probes: Probe[] = [];
      const operations: string[] = [];
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
          operations.push(`${method} ${path}`);
          probesFor(path, method as Probe['method'], op).forEach((p) => probes.push(p));
        }
      }
      const c = `/api/v1/cases/${fixture.id}`;
      // The requests issue 16 reproduced with curl, each a 500 before.
      const issue: Probe[] = [
        { what: 'issue 1: phase=%00', method: 'get', path: '/api/v1/cases', query: 'phase=%00', user: 'hospb.admin' },
        { what: 'issue 1: profile=%00', method: 'get', path: '/api/v1/cases', query: 'profile=%00', user: 'hospb.admin' },
        ...['2026-02-30', '2026-13-45', '9999-99-99', '0000-00-00'].map((d): Probe => ({
          what: `issue 2: dueBefore=${d}`,
          method: 'get',
          path: '/api/v1/cases',
          query: `dueBefore=${d}`,
          user: 'hospb.admin',
        })),
        { what: 'issue 3: /cases/%00', method: 'get', path: '/api/v1/cases/%00', user: 'hospb.admin' },
        { what: 'issue 3: /cases/%00/timeline', method: 'get', path: '/api/v1/cases/%00/timeline', user: 'hospb.admin' },
        { what: 'issue 4: registry q=ab%00', method: 'get', path: '/api/v1/registry/persons', query: 'q=ab%00', user: 'hospb.admin' },
        { what: 'issue 5: papers page=1e300', method: 'get', path: '/api/v1/papers', query: 'page=1e300', user: 'henan.admin' },
        {
          what: 'issue 5: papers page=99999999999999999999',
          method: 'get',
          path: '/api/v1/papers',
          query: 'page=99999999999999999999',
          user: 'henan.admin',
        },
        {
          what: 'issue 6: receivedAt 0000-01-01',
          method: 'post',
          path: '/api/v1/cases',
          user: 'hospb.officer',
          json: newCase({ receivedAt: '0000-01-01' }),
        },
        ...(['title', 'subjects', 'reporter', 'paper'] as const).map((field): Probe => ({
          what: `issue 7: NUL in ${field}`,
          method: 'post',
          path: '/api/v1/cases',
          user: 'hospb.officer',
          json: newCase(
            field === 'title'
              ? { title: 'a\u0000b' }
              : field === 'subjects'
                ? { subjects: [{ name: '王\u0000五' }] }
                : field === 'reporter'
                  ? { reporter: { name: '李\u0000四', realName: true } }
                  : { paper: { title: 't', doi: '10.1000/a\u0000b' } },
          ),
        })),
        {
          what: 'issue 8: 2,000 nested [',
          method: 'post',
          path: '/api/v1/cases',
          user: 'hospb.officer',
          raw: '['.repeat(2000),
          contentType: 'application/json',
        },
        {
          what: 'issue 9: NUL in otherText',
          method: 'put',
          path: `${c}/decision`,
          user: 'hospb.officer',
          json: { result: 'other', otherText: 'x\u0000y', authors: [] },
        },
        {
          what: 'issue 10: NUL in a denial reason',
          method: 'put',
          path: `${c}/denials/${userId('hospb.head')}`,
          user: 'hospb.admin',
          json: { reason: '回避\u0000原因' },
        },
        {
          what: 'issue 11: PUT /cases/%00/denials/%00',
          method: 'put',
          path: '/api/v1/cases/%00/denials/%00',
          user: 'hospb.admin',
          json: { reason: '回避原因' },
        },
        {
          what: 'allegation not in the catalogue',
          method: 'post',
          path: '/api/v1/cases',
          user: 'hospb.officer',
          json: newCase({ allegations: ['99'] }),
        },
        {
          what: 'allegation of 10,000 characters',
          method: 'post',
          path: '/api/v1/cases',
          user: 'hospb.officer',
          json: newCase({ allegations: ['1'.repeat(10_000)] }),
        },
        {
          what: '__proto__ in a draft',
          method: 'put',
          path: `${c}/decision`,
          user: 'hospb.officer',
          raw: '{"result":"other","authors":[],"__proto__":{"result":"misconduct"}}',
          contentType: 'application/json',
        },
        {
          what: 'registry entry as an investigator',
          method: 'get',
          path: `/api/v1/registry/entries/${randomUUID()}`,
          user: 'hospa.investigator',
        },
        { what: 'papers pageSize=1e3', method: 'get', path: '/api/v1/papers', query: 'pageSize=1e3', user: 'henan.admin' },
        { what: 'papers status=%00', method: 'get', path: '/api/v1/papers', query: 'status=%00&batch=%00', user: 'henan.admin' },
        { what: 'no token, a write', method: 'post', path: '/api/v1/cases', json: newCase() },
        {
          what: 'a forged token, a write',
          method: 'post',
          path: '/api/v1/cases',
          headers: { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIyMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDIifQ.' },
          json: newCase(),
        },
        { what: 'an unknown route, a write', method: 'post', path: '/api/v1/nothing-here', user: 'hospb.admin', json: {} },
        { what: 'login with NUL', method: 'post', path: '/api/v1/auth/login', json: { username: 'hospb.admin\u0000', password: 'x' } },
        {
          what: 'a request head over 16 KB (refused by the HTTP parser: 431)',
          method: 'get',
          path: '/api/v1/cases',
          query: `phase=${HUGE}`,
          user: 'hospb.admin',
        },
      ];
      probes.push(...issue.map((p) => ({ ...p, refuse: true })));

      const before = await snapshot();
      const auditBefore = ((await s.db.query(`SELECT max(id)::int AS id FROM audit_log`)) as Array<{ id: number }>)[0]!.id;
      const started = Date.now();
      for (const p of probes) await send(p);
      const seconds = (Date.now() - started) / 1000;
      const after = await snapshot();

      const writes = statuses.filter((r) => r.write);
      console.log(
        `abuse: ${operations.length} operations, ${statuses.length} requests (${writes.length} writes) in ${seconds.toFixed(1)} s`,
      );
      expect(operations.length).toBeGreaterThan(90);
      expect(statuses.length).toBeGreaterThan(1000);
      expect(statuses.filter((r) => r.status >= 500).map((r) => `${r.status} ${r.probe}`)).toEqual([]);
      // every write refused, and every read sent a NUL, an impossible date or an absurd page (another read may find
      // nothing, or ignore a parameter it does not take)
      expect(statuses.filter((r) => r.refuse && r.status < 400).map((r) => `${r.status} ${r.probe}`)).toEqual([]);
      expect(statuses.filter((r) => r.refuse).length).toBeGreaterThan(2000);
      // one error body, security headers on every answer
      const malformedBody = statuses
        .filter((r) => r.status >= 400)
        .filter((r) => {
          const b = r.body as { error?: unknown; message?: unknown; issues?: unknown };
          return typeof b?.error !== 'string' || typeof b.message !== 'string' || !Array.isArray(b.issues);
        });
      expect(malformedBody.map((r) => `${r.status} ${r.probe}: ${JSON.stringify(r.body).slice(0, 100)}`)).toEqual([]);
      expect(
        statuses
          .filter((r) => r.headers['x-content-type-options'] !== 'nosniff' || !r.headers['content-security-policy'])
          .map((r) => r.probe),
      ).toEqual([]);
      // the eleven of the issue: a 4xx that names what is wrong
      for (const r of statuses.filter((x) => x.probe.includes('— issue '))) {
        expect({
          probe: r.probe,
          status: r.status >= 400 && r.status < 500,
          issues: ((r.body as { issues: unknown[] }).issues ?? []).length > 0,
        }).toEqual({ probe: r.probe, status: true, issues: true });
      }

      // nothing written anywhere but the audit trail; the case and its workflow untouched
      const { audit_log: auditAfter, ...rest } = after.counts;
      const { audit_log: auditCountBefore, ...restBefore } = before.counts;
      expect(rest).toEqual(restBefore);
      expect(after.digests).toEqual(before.digests);
      expect({ fixture: after.fixture, historyLength: after.historyLength, workflows: after.workflows }).toEqual({
        fixture: before.fixture,
        historyLength: before.historyLength,
        workflows: before.workflows,
      });
      // every refused write audited, once, with the status it was answered with
      const audited: Array<{ outcome: number }> = await s.db.query(
        `SELECT outcome FROM audit_log WHERE id > $1 AND action ~ '^(POST|PUT|PATCH|DELETE) ' ORDER BY id`,
        [auditBefore],
      );
      expect(audited.length).toBe(writes.length);
      // Reads add only the records of reads audited by design (reporter identity, messages and files, full ID numbers,
      // organisation members: each `READ …`; exports of personal-data lists: `EXPORT …`), never a record per ordinary request.
      const reads: Array<{ action: string }> = await s.db.query(
        `SELECT action FROM audit_log WHERE id > $1 AND action !~ '^(POST|PUT|PATCH|DELETE) ' ORDER BY id`,
        [auditBefore],
      );
      expect(reads.length).toBe(auditAfter! - auditCountBefore! - audited.length);
      expect([...new Set(reads.map((r) => r.action).filter((a) => !/^(READ|EXPORT) /.test(a)))]).toEqual([]);
      const tally = (xs: number[]) => xs.reduce<Record<number, number>>((t, x) => ({ ...t, [x]: (t[x] ?? 0) + 1 }), {});
      expect(tally(audited.map((a) => a.outcome))).toEqual(tally(writes.map((w) => w.status)));
      const verified = (await s.http.get('/api/v1/audit/verify').set(as('nhc.sysadmin')).expect(200)).body;
      expect(verified).toMatchObject({ ok: true });
    },
  );

  it('rate limits: writes per account and logins answer 429 in the one error body with Retry-After, and the refusal is audited', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { WRITE_LIMIT_PER_ACCOUNT: '3', LOGIN_LIMIT_PER_ACCOUNT: '2', CORS_ORIGINS: 'https://cases.example.org' });
    const app = await createApiApp({ logger: false });
    for (const k of ['WRITE_LIMIT_PER_ACCOUNT', 'LOGIN_LIMIT_PER_ACCOUNT', 'CORS_ORIGINS']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    try {
      await app.init();
      const http = request(app.getHttpServer());
      const auditBefore = ((await s.db.query(`SELECT count(*)::int AS n FROM audit_log`)) as Array<{ n: number }>)[0]!.n;
      const answers: number[] = [];
      for (let i = 0; i < 4; i++) answers.push((await http.post('/api/v1/cases').set(as('hospb.officer')).send({ title: 'x' })).status);
      expect(answers).toEqual([400, 400, 400, 429]);
      const limited = await http.put(`/api/v1/cases/${fixture.id}/decision`).set(as('hospb.officer')).send({});
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ error: 'RATE_LIMITED', message: expect.stringContaining('at most 3 a minute'), issues: [] });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      // reads are not limited; another account is not limited by this one
      await http.get(`/api/v1/cases/${fixture.id}`).set(as('hospb.officer')).expect(200);
      expect((await http.post('/api/v1/cases').set(as('hospb.admin')).send({ title: 'x' })).status).toBe(400);
      const audited: Array<{ outcome: number; action: string }> = await s.db.query(
        `SELECT outcome, action FROM audit_log ORDER BY id DESC LIMIT $1`,
        [((await s.db.query(`SELECT count(*)::int AS n FROM audit_log`)) as Array<{ n: number }>)[0]!.n - auditBefore],
      );
      expect(audited.filter((a) => a.outcome === 429)).toHaveLength(2);

      const logins: Array<{ status: number; retry: string | undefined; error: string }> = [];
      for (let i = 0; i < 3; i++) {
        const r = await http.post('/api/v1/auth/login').send({ username: 'hospb.admin', password: 'wrong password' });
        logins.push({ status: r.status, retry: r.headers['retry-after'] as string | undefined, error: r.body.error });
      }
      expect(logins.map((l) => l.status)).toEqual([401, 401, 429]);
      expect(logins[2]).toMatchObject({ error: 'RATE_LIMITED', retry: expect.stringMatching(/^\d+$/) });

      // CORS: only the configured origin is let in
      const preflight = await http
        .options('/api/v1/cases')
        .set('Origin', 'https://cases.example.org')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBe('https://cases.example.org');
      const other = await http.options('/api/v1/cases').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await app.close();
    }
    // without CORS_ORIGINS (the suite's own API) no origin is let in
    const closed = await s.http.get('/api/v1/policy-profiles').set(as('hospb.admin')).set('Origin', 'https://cases.example.org');
    expect(closed.headers['access-control-allow-origin']).toBeUndefined();
  });

  function newCase(over: Json = {}): Json {
    return {
      source: 'report',
      handlingOrgId: DEMO_ORGS.hospitalB.id,
      receivedAt: isoDateOf(Date.now()),
      title: '滥用测试',
      allegations: ['2'],
      subjects: [{ name: '王五' }],
      ...over,
    };
  }
});
