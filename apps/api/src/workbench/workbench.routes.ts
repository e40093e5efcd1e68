import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { PUBLIC_BUILD_DIR } from '../public-dir';

/** Where Vite puts the officers' workbench (web/workbench/vite.config.mjs): dist/public/app/. */
export const WORKBENCH_BUILD_DIR = join(PUBLIC_BUILD_DIR, 'app');
/** Injection token: another folder to serve the workbench from (tests). */
export const WORKBENCH_DIR = Symbol('WORKBENCH_DIR');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Scripts only from this origin, as for the dashboard. Styles: Ant Design writes its styles at run time (CSS-in-JS,
 * `<style>` elements), so `style-src` allows inline styles **[decision]**; scripts stay `'self'` only, and the page puts
 * the API's values into the page as text (React escapes them), never as HTML.
 */
export const WORKBENCH_SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; " +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Serves the workbench at `/app`: the built assets under `/app/assets/` (names carry their content hash, so cached for a
 * year), and `index.html` for `/app` and every other path below it (the page's own routes: `/app/cases/<id>`, …), so a
 * reload or a shared link opens the same page. Registered on the HTTP adapter like the dashboard
 * (supervision/dashboard/dashboard.routes.ts): outside `/api/v1` and outside the guards; the page holds nothing secret
 * and every data request carries the signed-in user's bearer token.
 *
 * A build without the workbench still starts: `/app` then answers 503 naming the command, and the API logs it once.
 */
@Injectable()
export class WorkbenchRoutes implements OnModuleInit {
  private readonly log = new Logger('Workbench');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(WORKBENCH_DIR) private readonly dir: string = WORKBENCH_BUILD_DIR,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return;
    const assets = new Map<string, { body: Buffer; type: string }>();
    let index: Buffer | undefined;
    try {
      index = readFileSync(join(this.dir, 'index.html'));
      for (const file of filesUnder(join(this.dir, 'assets'))) {
        assets.set(`/app/${relative(this.dir, file).split('\\').join('/')}`, {
          body: readFileSync(file),
          type: TYPES[extname(file)] ?? 'application/octet-stream',
        });
      }
    } catch {
      this.log.error({ msg: 'workbench not built: /app answers 503 (run npm run build:web)', dir: this.dir });
    }
    const send = (res: Response, status: number, type: string, body: Buffer | string, cache: string) => {
      res.status(status);
      res.setHeader('Content-Type', type);
      for (const [k, v] of Object.entries(WORKBENCH_SECURITY_HEADERS)) res.setHeader(k, v);
      res.setHeader('Cache-Control', cache);
      res.end(body);
    };
    adapter.get(/^\/app(\/.*)?$/, (req: Request, res: Response) => {
      if (!index) return send(res, 503, 'text/plain; charset=utf-8', 'workbench not built: run npm run build:web\n', 'no-cache');
      const asset = assets.get(req.path);
      if (asset) return send(res, 200, asset.type, asset.body, 'public, max-age=31536000, immutable');
      if (req.path.startsWith('/app/assets/')) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n', 'no-cache');
      return send(res, 200, 'text/html; charset=utf-8', index, 'no-cache');
    });
  }
}
