import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DASHBOARD_CSS } from './dashboard-style';
import { DASHBOARD_HTML } from './dashboard-page';
import { DASHBOARD_JS } from './dashboard-script';

/** The page, its script and its style sheet. No secrets: the page signs in through the API and holds the token in memory. */
const ASSETS: Record<string, { type: string; body: string }> = {
  '/dashboard': { type: 'text/html; charset=utf-8', body: DASHBOARD_HTML },
  '/dashboard/': { type: 'text/html; charset=utf-8', body: DASHBOARD_HTML },
  '/dashboard/app.js': { type: 'text/javascript; charset=utf-8', body: DASHBOARD_JS },
  '/dashboard/app.css': { type: 'text/css; charset=utf-8', body: DASHBOARD_CSS },
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
 * Serves the supervision dashboard at `/dashboard` (outside the `/api/v1` prefix, like `/health`).
 *
 * Registered directly on the HTTP adapter while modules initialise (after Nest's routes, before its 404 handler):
 * the global prefix excludes only `/health` (bootstrap.ts), so a controller would land at `/api/v1/dashboard`. These
 * routes sit outside Nest's guards altogether, so they are public by construction, the equivalent of `@Public()`;
 * the page holds nothing secret and every data request it makes carries the signed-in user's bearer token.
 */
@Injectable()
export class DashboardRoutes implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // no HTTP server (e.g. a standalone application context)
    for (const [path, asset] of Object.entries(ASSETS)) {
      const body = Buffer.from(asset.body, 'utf8');
      adapter.get(path, (_req: Request, res: Response) => {
        res.status(200);
        res.setHeader('Content-Type', asset.type);
        for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
        res.end(body);
      });
    }
  }
}
