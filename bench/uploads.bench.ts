/**
 * Uploads (issue 16): how long 60 MB sent to a case the caller cannot see takes to be refused, how many of its bytes
 * the client got into the connection before the answer, and the same for a body announced above FILES_MAX_BYTES; then
 * a 60 MB upload that is taken (streamed to the file store), with the API process's peak RSS growth.
 *
 * Build and run:  npm run build:ts && node dist/bench/uploads.bench.js [runs]
 */
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { startStack } from '@test/support/app';
import { rawUpload } from '@test/support/raw-upload';

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  process.env.FILES_MAX_BYTES = String(100 * MB);
  const s = await startStack();
  try {
    const server = s.api.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const token = async (u: string) => s.login(u);
    const [outsider, handler] = [await token('hospa.officer'), await token('hospb.officer')];
    const created = await s.http
      .post('/api/v1/cases')
      .set({ Authorization: `Bearer ${handler}` })
      .send({
        source: 'retraction',
        handlingOrgId: DEMO_ORGS.hospitalB.id,
        receivedAt: isoDateOf(Date.now()),
        title: 'upload bench',
        allegations: ['1'],
        subjects: [{ name: 'X' }],
      });
    const caseId = created.body.id as string;
    const path = `/api/v1/cases/${caseId}/files`;

    const series = async (label: string, opts: { token: string; fileBytes: number; expectContinue: boolean }) => {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await rawUpload({ port, path, ...opts }));
      const ms = results.map((r) => r.ms).sort((a, b) => a - b);
      const sent = results.map((r) => r.bodyBytesSent);
      console.log(
        `RESULT ${label}: status ${[...new Set(results.map((r) => r.status))].join('/')}, ` +
          `answer after ${ms[0]}–${ms.at(-1)} ms (median ${ms[Math.floor(ms.length / 2)]}), ` +
          `body bytes sent before it ${(Math.min(...sent) / MB).toFixed(1)}–${(Math.max(...sent) / MB).toFixed(1)} MB of ${(opts.fileBytes / MB).toFixed(0)} MB, ` +
          `connection closed by the server: ${results.every((r) => r.closedByServer)}`,
      );
    };
    await series('60 MB to a case the caller cannot see (no Expect)', { token: outsider, fileBytes: 60 * MB, expectContinue: false });
    await series('60 MB to a case the caller cannot see (Expect: 100-continue, as curl sends)', {
      token: outsider,
      fileBytes: 60 * MB,
      expectContinue: true,
    });
    process.env.FILES_MAX_BYTES = String(10 * MB);
    // the limit is read at start: a second API with 10 MB shows the announced-size refusal
    const { createApiApp } = await import('@apps/api/src/bootstrap');
    const small = await createApiApp({ logger: false });
    await small.init();
    const smallServer = small.getHttpServer();
    await new Promise<void>((resolve) => smallServer.listen(0, '127.0.0.1', resolve));
    const smallPort = (smallServer.address() as { port: number }).port;
    const over = [];
    for (let i = 0; i < runs; i++)
      over.push(await rawUpload({ port: smallPort, path, token: handler, fileBytes: 60 * MB, expectContinue: false }));
    console.log(
      `RESULT 60 MB announced, FILES_MAX_BYTES 10 MB, a handler: status ${over[0]!.status}, answer after ${Math.min(...over.map((r) => r.ms))}–${Math.max(...over.map((r) => r.ms))} ms, ${(Math.max(...over.map((r) => r.bodyBytesSent)) / MB).toFixed(1)} MB sent at most`,
    );
    await small.close();

    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const taken = await rawUpload({ port, path, token: handler, fileBytes: 60 * MB, expectContinue: true });
    clearInterval(timer);
    console.log(
      `RESULT 60 MB taken by a handler: status ${taken.status} in ${taken.ms} ms (${(60 / (taken.ms / 1000)).toFixed(0)} MB/s); RSS of this process (API in-process) grew by ${((peak - rss0) / MB).toFixed(1)} MB at most`,
    );
    await new Promise<void>((resolve) => server.close(() => resolve()));
  } finally {
    await s.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
