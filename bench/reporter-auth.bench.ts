/**
 * How long the reporter channel's sign-in takes for a right password, a wrong password and an unknown key (issue 23:
 * "similar timing for a wrong key and a wrong password"): the real ReporterAuth against a real PostgreSQL, one request
 * at a time, alternating the three so that machine load hits them alike. Prints median, p10 and p90 of each, and the
 * difference of the medians of the two failures.
 *
 * Build and run:  npm run build:ts && node dist/bench/reporter-auth.bench.js [rounds]
 */
import type { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { ReporterAuth } from '@apps/api/src/reports/reporter-auth';
import type { AppConfig } from '@libs/config/src';
import { DEMO_ORGS, prepareDatabase } from '@libs/persistence/src/seed';
import { insertReport } from '@libs/persistence/src/reports';
import { generateReportKey, hashPassword, normaliseReportKey, reportKeyHash } from '@libs/security/src';
import { startPostgres } from '@test/support/servers';

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 40);
  const pg = await startPostgres();
  const { db } = await prepareDatabase(pg.url, { demo: true });
  try {
    const key = generateReportKey();
    const password = 'a reporter passphrase';
    const [org] = await db.query(`SELECT id, path, policy_profile FROM organisations WHERE id = $1`, [DEMO_ORGS.hospitalB.id]);
    await insertReport(db, {
      id: randomUUID(),
      orgId: org.id,
      orgPath: org.path,
      profile: org.policy_profile,
      keyHash: reportKeyHash(normaliseReportKey(key)!),
      passwordHash: await hashPassword(password),
      anonymous: true,
      reporter: null,
      title: 't',
      summary: 's',
      subjects: [{ name: 'x' }],
      allegations: [],
      paper: null,
    });
    // Limits far away: this measures the hash and the look-ups, not the 429.
    const config = {
      get: () => ({ reporters: { perAddressPerMinute: 1e9, failuresPerKeyPerWindow: 1e9, filingsPerAddressPerHour: 1e9 } }),
    } as unknown as ConfigService<{ app: AppConfig }, true>;
    const auth = new ReporterAuth(db, config);
    const req = (k: string, pw: string) =>
      ({ headers: { authorization: `Basic ${Buffer.from(`${k}:${pw}`).toString('base64')}` }, ip: '192.0.2.1' }) as unknown as Request;
    const unknownKey = generateReportKey();
    const cases = {
      'right password': () => req(key, password),
      'wrong password': () => req(key, `${password}!`),
      'unknown key': () => req(unknownKey, password),
    };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    await auth.authenticate(req(key, password)); // warm up (the dummy hash is made on first use)
    await auth.authenticate(req(unknownKey, password)).catch(() => undefined);
    for (let i = 0; i < rounds; i++) {
      for (const [name, make] of Object.entries(cases)) {
        const t0 = process.hrtime.bigint();
        await auth.authenticate(make()).catch(() => undefined);
        times[name]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }
    const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
    for (const [name, xs] of Object.entries(times))
      console.log(
        `${name.padEnd(15)} median ${q(xs, 0.5).toFixed(1)} ms  p10 ${q(xs, 0.1).toFixed(1)} ms  p90 ${q(xs, 0.9).toFixed(1)} ms  (${xs.length} requests)`,
      );
    const diff = q(times['unknown key']!, 0.5) - q(times['wrong password']!, 0.5);
    console.log(
      `unknown key − wrong password, medians: ${diff.toFixed(1)} ms (${((diff / q(times['wrong password']!, 0.5)) * 100).toFixed(1)} %)`,
    );
  } finally {
    await db.destroy();
    await pg.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
