/**
 * The outside contract check (issue 15 point 10): Schemathesis, installed by `scripts/setup --tests` into
 * .tools/schemathesis, fuzzes the API against the document it serves (`/docs-json`) with the checks and the time
 * budget of schemathesis.toml. Exits with Schemathesis's code, so `scripts/test` fails on any failure.
 *
 * The instance is the end-to-end stack (test/support/app.ts: embedded PostgreSQL, Temporal dev server, worker, SMTP
 * catcher, demo data) listening on a free loopback port. It signs in once (CONTRACT_USER, default henan.admin: an
 * integrity administrator of a provincial commission, who sees cases, papers and organisations below it) and passes
 * the bearer token; the login operation is left out (rate-limited, and the token is all the other operations need).
 *
 *   node dist/test/contract/schemathesis.js [extra schemathesis run options]
 *   CONTRACT_API_LOGS=1 …   the API logs to stdout (a 500's cause)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS, DEMO_USERS, demoUserId } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { ROOT } from '../support/servers';

const SCHEMATHESIS = join(ROOT, '.tools', 'schemathesis', 'bin', 'schemathesis');

async function main(): Promise<number> {
  if (!existsSync(SCHEMATHESIS)) {
    console.error(`${SCHEMATHESIS} is missing: run scripts/setup --tests`);
    return 2;
  }
  const stack = await startStack({ apiLogs: process.env.CONTRACT_API_LOGS === '1', checkAnswers: false });
  try {
    await stack.api.listen(0, '127.0.0.1');
    const base = (await stack.api.getUrl()).replace('[::1]', '127.0.0.1');
    const token = await stack.login(process.env.CONTRACT_USER ?? 'henan.admin');
    const reportDir = join(ROOT, 'test-output', 'schemathesis');
    mkdirSync(join(reportDir, 'dict'), { recursive: true });
    writeDictionaries(join(reportDir, 'dict'), await seed(stack, token));
    const args = [
      '--config-file',
      join(ROOT, 'schemathesis.toml'),
      'run',
      `${base}/docs-json`,
      '--url',
      base,
      '--report',
      'junit,ndjson',
      '--report-dir',
      reportDir,
      ...process.argv.slice(2),
    ];
    console.log(`schemathesis ${args.join(' ')}`);
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(SCHEMATHESIS, args, {
        stdio: 'inherit',
        cwd: ROOT,
        env: { ...process.env, CONTRACT_TOKEN: token, NO_COLOR: '1' },
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await stack.stop();
  }
}

/**
 * Data for the operations to find (schemathesis.toml binds path parameters to these dictionaries): two cases of either
 * profile, one with an evidence file and a saved decision draft, a problem paper, a warning journal. Without them
 * nearly every path parameter names nothing and the success answers would go unchecked.
 */
async function seed(stack: E2EStack, token: string): Promise<Record<string, string[]>> {
  const as = async (username: string) => ({ Authorization: `Bearer ${await stack.login(username)}` });
  const ok = <T>(res: { status: number; body: unknown }, what: string): T => {
    if (res.status >= 300) throw new Error(`seeding ${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const cases: Array<{ id: string; number: string }> = [];
  const files: string[] = [];
  for (const [officer, org] of [
    ['hospa.officer', DEMO_ORGS.hospitalA.id],
    ['hospb.officer', DEMO_ORGS.hospitalB.id],
  ] as const) {
    const headers = await as(officer);
    const c = ok<{ id: string; number: string }>(
      await stack.http
        .post('/api/v1/cases')
        .set(headers)
        .send({
          source: 'report',
          handlingOrgId: org,
          receivedAt: isoDateOf(Date.now()),
          title: '论文图片重复使用',
          allegations: ['2'],
          subjects: [{ name: '张三', organisation: '某医院' }],
          reporter: { name: '李四', contact: 'lisi@example.org', realName: true },
        }),
      'a case',
    );
    cases.push(c);
    const f = ok<{ id: string }>(
      await stack.http
        .post(`/api/v1/cases/${c.id}/files`)
        .set(headers)
        .field('kind', 'institution_report')
        .attach('file', Buffer.from('调查报告'), { filename: 'report.txt', contentType: 'text/plain' }),
      'an evidence file',
    );
    files.push(f.id);
    ok(
      await stack.http
        .put(`/api/v1/cases/${c.id}/decision`)
        .set(headers)
        .send({
          result: 'no_misconduct',
          authors: [{ order: 1, name: '张三', organisation: '某医院', idNumber: '11010519491231002X', penalise: false }],
        }),
      'a decision draft',
    );
  }
  const admin = { Authorization: `Bearer ${token}` };
  const imported = ok<{ papers: Array<{ id: string }> }>(
    await stack.http
      .post('/api/v1/papers/import')
      .set(admin)
      .attach(
        'file',
        Buffer.from(
          '批次,编号,标题,作者姓名,第一通讯作者单位,行政区划,期刊,DOI,撤稿日期,来源\nCONTRACT-1,1,Apatinib induces ferroptosis,张三,郑州市第一人民医院,410102,Oxid Med Cell Longev,10.1155/2022/1,2026-03-01,Retraction Watch\n',
        ),
        { filename: 'batch.csv', contentType: 'text/csv' },
      ),
    'a problem paper',
  );
  const journal = ok<{ id: string }>(
    await stack.http
      .post('/api/v1/warning-journals')
      .set(admin)
      .send({ issn: '1234-5679', title: 'Journal of Contract Checks', source: '预警名单 2026' }),
    'a warning journal',
  );
  return {
    cases: cases.flatMap((c) => [c.id, c.number]),
    files,
    papers: imported.papers.map((p) => p.id),
    organisations: Object.values(DEMO_ORGS).map((o) => o.id),
    users: DEMO_USERS.map((_, i) => demoUserId(i)),
    journals: [journal.id],
  };
}

/** One libFuzzer-style dictionary file per kind of id (`"value"` per line), as schemathesis.toml reads them. */
function writeDictionaries(dir: string, ids: Record<string, string[]>): void {
  for (const [name, values] of Object.entries(ids)) writeFileSync(join(dir, `${name}.dict`), values.map((v) => `"${v}"`).join('\n') + '\n');
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
