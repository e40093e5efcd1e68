import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_BUILD_DIR } from '../../public-dir';

/** Where scripts/build-web.ts puts the dashboard: dist/public/dashboard/. Its source is web/dashboard/. */
export const DASHBOARD_BUILD_DIR = join(PUBLIC_BUILD_DIR, 'dashboard');
/** Injection token: another folder to serve the dashboard from (tests). */
export const DASHBOARD_DIR = Symbol('DASHBOARD_DIR');

/** The page, its script and its style sheet, as built. No secrets: the page signs in through the API and holds the token in memory. */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/dashboard': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; " +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/**
 * Serves the supervision dashboard at `/dashboard` (outside the `/api/v1` prefix, like `/health`): the files esbuild
 * built from web/dashboard/, read once when the module starts.
 *
 * Registered directly on the HTTP adapter while modules initialise (after Nest's routes, before its 404 handler):
 * the global prefix excludes only `/health` (bootstrap.ts), so a controller would land at `/api/v1/dashboard`. These
 * routes sit outside Nest's guards altogether, so they are public by construction, the equivalent of `@Public()`;
 * the page holds nothing secret and every data request it makes carries the signed-in user's bearer token.
 *
 * A build without the front-end (tsc alone, no `npm run build:web`) still starts: the dashboard's paths then answer
 * 503 naming the command, and the API logs the same once.
 */
@Injectable()
export class DashboardRoutes implements OnModuleInit {
  private readonly log = new Logger('Dashboard');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(DASHBOARD_DIR) private readonly dir: string = DASHBOARD_BUILD_DIR,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // no HTTP server (e.g. a standalone application context)
    let missing: string | undefined;
    const bodies = new Map<string, Buffer>();
    for (const { file } of Object.values(ASSETS)) {
      try {
        bodies.set(file, readFileSync(join(this.dir, file)));
      } catch {
        missing ??= join(this.dir, file);
      }
    }
    if (missing) this.log.error({ msg: 'dashboard not built: /dashboard answers 503 (run npm run build:web)', missing });
    for (const [path, asset] of Object.entries(ASSETS)) {
      const body = bodies.get(asset.file);
      adapter.get(path, (_req: Request, res: Response) => {
        res.status(body && !missing ? 200 : 503);
        res.setHeader('Content-Type', body && !missing ? asset.type : 'text/plain; charset=utf-8');
        for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
        res.end(body && !missing ? body : 'dashboard not built: run npm run build:web\n');
      });
    }
  }
}
