/**
 * Bulk imports check the caller before they read the file (issue 16): a caller without the import's role gets 403
 * whatever the upload holds, before the server reads or parses it; a caller who may import gets the file's own 400
 * for the same malformed file. Refusals are audited. And what Node's HTTP parser refuses (a request head over 16 KB)
 * is answered in the one error body but cannot be audited: there is no request yet (README, "Security at the edge").
 */
import { expect } from 'expect';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startStack, type E2EStack } from '../support/app';
import { rawUpload } from '../support/raw-upload';

/** Not UTF-8, not XLSX: every importer refuses it as a file (400) once it parses it. */
const MALFORMED = Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0xc3, 0x28, 0x0a]);
const NO_PLAN = '00000000-0000-4000-8000-000000000000';

/** Each import, a caller without its role, and a caller with it. */
const IMPORTS = [
  { path: '/api/v1/papers/import', refused: 'hospb.officer', allowed: 'henan.admin' },
  { path: '/api/v1/leads/import', refused: 'hospb.officer', allowed: 'hospb.admin' },
  { path: '/api/v1/warning-journals/import', refused: 'hospb.officer', allowed: 'henan.admin' },
  { path: '/api/v1/archives/trainings/import', refused: 'hospb.officer', allowed: 'hospb.admin' },
  { path: `/api/v1/spot-checks/${NO_PLAN}/papers/import`, refused: 'hospb.officer', allowed: undefined },
  { path: '/api/v1/organisations/import', refused: 'hospb.admin', allowed: 'nhc.sysadmin' },
];

describe('imports: the role before the file (issue 16)', () => {
  let s: E2EStack;
  /** The API on a real port, for the requests written by hand over a socket. */
  let port: number;
  const tokens: Record<string, string> = {};
  const as = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });
  const lastAuditId = async () =>
    ((await s.db.query(`SELECT coalesce(max(id), 0)::int AS id FROM audit_log`)) as Array<{ id: number }>)[0]!.id;

  before(async () => {
    s = await startStack();
    for (const u of ['hospb.officer', 'hospb.admin', 'henan.admin', 'nhc.sysadmin']) tokens[u] = await s.login(u);
    await new Promise<void>((resolve) => s.api.getHttpServer().listen(0, '127.0.0.1', resolve));
    port = (s.api.getHttpServer().address() as { port: number }).port;
  });
  after(async () => {
    if (port) await new Promise<void>((resolve) => s.api.getHttpServer().close(() => resolve()));
    await s?.stop();
  });

  it('a malformed file from a caller without the role is 403 (not 400), audited; with the role it is the file’s 400', async () => {
    for (const imp of IMPORTS) {
      const since = await lastAuditId();
      const refused = await s.http
        .post(imp.path)
        .set(as(imp.refused))
        .attach('file', MALFORMED, { filename: 'list.csv', contentType: 'text/csv' });
      expect({ path: imp.path, status: refused.status, error: refused.body.error }).toEqual({
        path: imp.path,
        status: 403,
        error: 'FORBIDDEN',
      });
      const audited = (await s.db.query(`SELECT action, outcome FROM audit_log WHERE id > $1 ORDER BY id`, [since])) as Array<{
        action: string;
        outcome: number;
      }>;
      expect(audited).toEqual([expect.objectContaining({ outcome: 403, action: expect.stringContaining('POST ') })]);
      if (!imp.allowed) continue;
      const parsed = await s.http
        .post(imp.path)
        .set(as(imp.allowed))
        .attach('file', MALFORMED, { filename: 'list.csv', contentType: 'text/csv' });
      expect({ path: imp.path, status: parsed.status, message: parsed.body.message }).toEqual({
        path: imp.path,
        status: 400,
        message: expect.stringContaining('file'),
      });
    }
  });

  it('a spot-check plan the caller cannot see is 404 before its file is parsed', async () => {
    const res = await s.http
      .post(`/api/v1/spot-checks/${NO_PLAN}/papers/import`)
      .set(as('hospb.admin'))
      .attach('file', MALFORMED, { filename: 'p.csv', contentType: 'text/csv' });
    expect(res.status).toBe(404);
  });

  it('a large upload from a caller without the role is refused before the body is read', async () => {
    const fileBytes = 8 * 1024 * 1024;
    const r = await rawUpload({ port, path: '/api/v1/leads/import', token: tokens['hospb.officer']!, fileBytes, expectContinue: false });
    expect(r.status).toBe(403);
    // The server answered and closed the connection rather than reading the rest of the body.
    expect(r.closedByServer).toBe(true);
  });

  it('a request head over 16 KB: 431 in the one error body from the HTTP parser, with nothing audited (known limit)', async () => {
    const since = await lastAuditId();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let out = '';
      socket.on('connect', () =>
        socket.write(
          `POST /api/v1/leads/import HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${tokens['hospb.officer']}\r\nX-Pad: ${'a'.repeat(17 * 1024)}\r\nContent-Length: 0\r\n\r\n`,
        ),
      );
      socket.on('data', (d: Buffer) => (out += d.toString('utf8')));
      socket.on('close', () => resolve(out));
      socket.on('error', reject);
      setTimeout(() => socket.destroy(), 10_000).unref();
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      error: 'REQUEST_HEADER_TOO_LARGE',
      issues: [{ path: 'headers' }],
    });
    // Node's parser refuses the head before a request object exists: neither Express nor the audit ever see it.
    await new Promise((r) => setTimeout(r, 300));
    expect(await lastAuditId()).toBe(since);
  });
});
