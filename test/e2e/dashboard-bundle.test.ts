/**
 * The dashboard the API serves is the one built from web/dashboard/ (issue 19): esbuild builds the source again in
 * memory and every served file equals it byte for byte, with the headers the route sends. The script carries the
 * phase and deadline-kind names of supervision.labels.ts. Without a build the paths answer 503 and the API still starts.
 * Only the dashboard's routes run here (no database, no Temporal); test/e2e/dashboard.test.ts drives the page itself.
 *
 * The page's local answer types (web/dashboard/src/api-types.ts) are checked against the API's own at compile time below.
 */
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { expect } from 'expect';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { AuthController } from '@apps/api/src/auth/auth.controller';
import { DASHBOARD_BUILD_DIR, DASHBOARD_DIR, DashboardRoutes } from '@apps/api/src/supervision/dashboard/dashboard.routes';
import { KIND_LABELS, PHASE_LABELS } from '@apps/api/src/supervision/supervision.labels';
import type {
  OverdueTrendView,
  SupervisedDeadlinePage as PageView,
  SupervisionSummaryView,
} from '@apps/api/src/supervision/supervision.view';
import { buildDashboard, ROOT, WEB_DIST, type BuiltApp } from '@scripts/build-web';
import type * as Page from '../../web/dashboard/src/api-types';

// ---- compile-time: what the API answers is assignable to what the page reads (a field renamed or retyped fails tsc) ----
type Assignable<From, To> = [From] extends [To] ? true : false;
const typesMatch: [
  Assignable<Awaited<ReturnType<AuthController['login']>>, Page.LoginResult>,
  Assignable<ReturnType<AuthController['me']>, Page.Me>,
  Assignable<SupervisionSummaryView, Page.SupervisionSummary>,
  Assignable<PageView, Page.SupervisedDeadlinePage>,
  Assignable<OverdueTrendView, Page.OverdueTrend>,
] = [true, true, true, true, true];

const HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; " +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

async function serveDashboard(dir?: string): Promise<INestApplication> {
  @Module({ providers: [DashboardRoutes, ...(dir ? [{ provide: DASHBOARD_DIR, useValue: dir }] : [])] })
  class DashboardOnly {}
  const app = await NestFactory.create(DashboardOnly, { logger: false });
  await app.init();
  return app;
}

describe('the dashboard bundle', () => {
  let app: INestApplication;
  let built: BuiltApp;

  before(async () => {
    built = await buildDashboard();
    app = await serveDashboard();
  });
  after(async () => {
    await app?.close();
  });

  it('is served from dist/public/dashboard, where scripts/build-web.ts writes it', () => {
    expect(DASHBOARD_BUILD_DIR).toBe(join(WEB_DIST, 'dashboard'));
    expect(typesMatch).toEqual([true, true, true, true, true]);
  });

  for (const [path, file, type] of [
    ['/dashboard', 'index.html', 'text/html; charset=utf-8'],
    ['/dashboard/', 'index.html', 'text/html; charset=utf-8'],
    ['/dashboard/app.js', 'app.js', 'text/javascript; charset=utf-8'],
    ['/dashboard/app.css', 'app.css', 'text/css; charset=utf-8'],
  ] as const) {
    it(`serves ${path} as built from web/dashboard/ now, with the page's headers`, async () => {
      const res = await request(app.getHttpServer())
        .get(path)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers).toMatchObject({ 'content-type': type, ...HEADERS });
      const body = res.body as Buffer;
      expect(body.length).toBeGreaterThan(0);
      expect(Buffer.compare(body, Buffer.from(built.files.get(file)!))).toBe(0);
    });
  }

  it('builds the page from web/dashboard/: index.html as it is, one script from src/main.ts, one style sheet', () => {
    expect([...built.files.keys()].sort()).toEqual(['app.css', 'app.js', 'index.html']);
    expect(Buffer.from(built.files.get('index.html')!).toString('utf8')).toBe(readFileSync(join(ROOT, 'web/dashboard/index.html'), 'utf8'));
    const inputs = Object.keys(built.metafile.inputs);
    expect(inputs).toEqual(
      expect.arrayContaining(['web/dashboard/src/main.ts', 'web/dashboard/src/app.css', 'apps/api/src/supervision/supervision.labels.ts']),
    );
  });

  it('carries the phase and deadline-kind names the API writes into its exports', () => {
    const js = Buffer.from(built.files.get('app.js')!).toString('utf8');
    for (const name of [...Object.values(PHASE_LABELS), ...Object.values(KIND_LABELS)]) expect(js).toContain(name);
  });

  it('answers 503 naming the build command when the front-end was not built, and the API still starts', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-dashboard-'));
    const bare = await serveDashboard(empty);
    try {
      for (const path of ['/dashboard', '/dashboard/app.js']) {
        const res = await request(bare.getHttpServer()).get(path);
        expect(res.status).toBe(503);
        expect(res.headers).toMatchObject({ 'content-type': 'text/plain; charset=utf-8', ...HEADERS });
        expect(res.text).toContain('npm run build:web');
      }
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
