/**
 * Evidence files (RULES.md §4): upload and byte-identical download with SHA-256, size limit and content-type allow-list
 * refusing with nothing stored, handler-only report materials.
 */
import { expect } from 'expect';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { rawUpload } from '../support/raw-upload';

const LIMIT = 64 * 1024;

describe('evidence files', () => {
  let s: E2EStack;
  let caseId: string;
  const tokens: Record<string, string> = {};
  before(async () => {
    process.env.FILES_MAX_BYTES = String(LIMIT);
    s = await startStack();
    for (const u of ['hospb.officer', 'hospb.admin', 'henan.supervisor', 'hospa.officer']) tokens[u] = await s.login(u);
    const res = await s.http
      .post('/api/v1/cases')
      .set(as('hospb.officer'))
      .send({
        source: 'retraction',
        handlingOrgId: DEMO_ORGS.hospitalB.id,
        receivedAt: isoDateOf(Date.now()),
        title: '撤稿论文',
        allegations: ['1'],
        subjects: [{ name: '周九' }],
      })
      .expect(201);
    caseId = res.body.id;
  });
  after(async () => {
    delete process.env.FILES_MAX_BYTES;
    await s?.stop();
  });

  function as(u: string) {
    return { Authorization: `Bearer ${tokens[u]}` };
  }
  const upload = (u: string, kind: string, content: Buffer, filename: string, contentType: string) =>
    s.http.post(`/api/v1/cases/${caseId}/files`).set(as(u)).field('kind', kind).attach('file', content, { filename, contentType });
  const stored = async () => ({
    rows: ((await s.db.query(`SELECT count(*)::int AS n FROM case_files WHERE case_id = $1`, [caseId])) as Array<{ n: number }>)[0]!.n,
    files: existsSync(join(process.env.DATA_DIR!, 'files', 'cases', caseId))
      ? readdirSync(join(process.env.DATA_DIR!, 'files', 'cases', caseId)).length
      : 0,
  });

  it('uploads and downloads byte for byte, with the SHA-256 stored and returned', async () => {
    const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(40_000)]);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const up = await upload('hospb.officer', 'institution_report', content, '调查报告.pdf', 'application/pdf').expect(201);
    expect(up.body).toMatchObject({
      kind: 'institution_report',
      filename: '调查报告.pdf',
      size: content.length,
      sha256,
      contentType: 'application/pdf',
    });

    const down = await s.http
      .get(`/api/v1/cases/${caseId}/files/${up.body.id}`)
      .set(as('hospb.officer'))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(down.body as Buffer, content)).toBe(0);
    expect(down.headers['x-content-sha256']).toBe(sha256);
    expect(down.headers['content-type']).toBe('application/pdf');

    const list = await s.http.get(`/api/v1/cases/${caseId}/files`).set(as('henan.supervisor')).expect(200); // supervisors above see evidence
    expect(list.body).toEqual([expect.objectContaining({ id: up.body.id, sha256 })]);
  });

  it('refuses oversized and disallowed files, and bad kinds, storing nothing', async () => {
    const before = await stored();
    const big = await upload('hospb.officer', 'raw_data', randomBytes(LIMIT + 1), 'data.bin', 'application/zip');
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(new RegExp(`limit of ${LIMIT} bytes`));
    const exe = await upload('hospb.officer', 'raw_data', Buffer.from('MZ...'), 'tool.exe', 'application/x-msdownload');
    expect(exe.status).toBe(415);
    expect(exe.body.message).toMatch(/application\/x-msdownload is not allowed/);
    const kind = await upload('hospb.officer', 'selfie', Buffer.from('x'), 'a.txt', 'text/plain');
    expect(kind.status).toBe(400);
    expect(kind.body).toMatchObject({ error: 'VALIDATION_FAILED', issues: [expect.objectContaining({ path: 'kind' })] });
    expect((await s.http.post(`/api/v1/cases/${caseId}/files`).set(as('hospb.officer')).field('kind', 'other')).status).toBe(400); // no file
    expect(await stored()).toEqual(before);
  });

  it('only handlers add evidence; report materials are for handlers only; other branches get 404', async () => {
    const before = await stored();
    expect((await upload('henan.supervisor', 'other', Buffer.from('x'), 'a.txt', 'text/plain')).status).toBe(403);
    expect((await upload('hospa.officer', 'other', Buffer.from('x'), 'a.txt', 'text/plain')).status).toBe(404);
    expect(await stored()).toEqual(before);

    const material = await upload('hospb.admin', 'report_material', Buffer.from('举报信全文'), '举报信.txt', 'text/plain').expect(201);
    const supervisorList = await s.http.get(`/api/v1/cases/${caseId}/files`).set(as('henan.supervisor')).expect(200);
    expect(supervisorList.body.map((f: { id: string }) => f.id)).not.toContain(material.body.id);
    await s.http.get(`/api/v1/cases/${caseId}/files/${material.body.id}`).set(as('henan.supervisor')).expect(404);
    await s.http.get(`/api/v1/cases/${caseId}/files/${material.body.id}`).set(as('hospb.officer')).expect(200);
  });

  describe('streamed: access and the announced size are checked before the body is read (issue 16)', () => {
    const SIXTY_MB = 60 * 1024 * 1024;
    let port: number;
    before(async () => {
      await new Promise<void>((resolve) => s.api.getHttpServer().listen(0, '127.0.0.1', resolve));
      port = (s.api.getHttpServer().address() as { port: number }).port;
    });
    after(() => new Promise<void>((resolve) => s.api.getHttpServer().close(() => resolve())));
    const to = (id: string, u: string, expectContinue: boolean, bytes = SIXTY_MB) =>
      rawUpload({ port, path: `/api/v1/cases/${id}/files`, token: tokens[u]!, fileBytes: bytes, expectContinue });

    it('60 MB to a case the caller cannot see: 404 before the body is read, nothing stored, the refusal audited', async () => {
      const before = await stored();
      const auditBefore = await auditCount();
      const patient = await to(caseId, 'hospa.officer', true);
      expect(patient.status).toBe(404);
      expect(patient.bodyBytesSent).toBe(0); // the 100 Continue never came: not a byte of the body was sent
      const eager = await to(caseId, 'hospa.officer', false);
      expect(eager.status).toBe(404);
      // the server stopped reading: what the client pushed before the answer is what socket buffers held, and the
      // connection was closed instead of being read to the end
      expect(eager.bodyBytesSent).toBeLessThan(SIXTY_MB / 4);
      expect(eager.closedByServer).toBe(true);
      expect(await stored()).toEqual(before);
      expect(await auditCount()).toBe(auditBefore + 2);
    });

    it('a body announced larger than FILES_MAX_BYTES: 413 before it is read, even for a handler', async () => {
      const r = await to(caseId, 'hospb.officer', true);
      expect(r.status).toBe(413);
      expect(r.bodyBytesSent).toBe(0);
      expect(JSON.parse(r.body)).toMatchObject({ error: 'PAYLOAD_TOO_LARGE', issues: [{ path: 'file', rule: 'max_bytes' }] });
    });

    it('a file over FILES_MAX_BYTES in a body announced within the framing allowance stops at the limit, its partial file removed', async () => {
      const before = await stored();
      const r = await to(caseId, 'hospb.officer', false, LIMIT + 8192);
      expect(r.status).toBe(413);
      expect(await stored()).toEqual(before);
    });
  });

  async function auditCount(): Promise<number> {
    const [{ n }] = (await s.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'POST %files%'`)) as Array<{ n: number }>;
    return n;
  }
});
