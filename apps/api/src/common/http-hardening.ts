/**
 * What every request meets before any route (issue 16), in this order:
 *  1. security headers (helmet) on every response, CORS only for the origins in CORS_ORIGINS;
 *  2. `Expect: 100-continue` answered only when a route asks for the body (uploads check access and size first);
 *  3. a body of any other type than JSON (or multipart, for the upload routes) is refused (415);
 *  4. JSON bodies: at most BODY_MAX_BYTES (413) and JSON_MAX_DEPTH levels of nesting (400), checked on the raw bytes
 *     before parsing, so a 4 KB body of 2,000 `[` costs nothing;
 *  5. no NUL character in any string of the path, the query or the body (400 naming where: PostgreSQL text cannot
 *     hold one, so it must never reach a query), and no prototype key (`__proto__`, `constructor`, `prototype`);
 *  6. every answer under /api/ is `Cache-Control: private, no-store` and `Vary: Authorization` (`privateAnswers`).
 * Refusals here go through the one error filter (the one body, and the audit of a refused write).
 */
import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AppConfig } from '@libs/config/src';
import { DomainError, validationFailed, type Issue } from '@libs/domain/src/shared';

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Set on a request whose `100 Continue` is held back until a route reads the body (see `continueBody`). */
const CONTINUE_HELD = Symbol('continueHeld');

export function hardenHttp(app: INestApplication, config: AppConfig): void {
  const http = config.http;
  app.use(
    helmet({
      // The API answers JSON; /docs (Swagger UI) needs its own files and inline styles, /dashboard sets a stricter
      // policy of its own. No upgrade-insecure-requests: the embedded stack serves plain HTTP on 127.0.0.1.
      contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null, frameAncestors: ["'none'"] } },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use(privateAnswers);
  if (http.corsOrigins.length) {
    app.enableCors({
      origin: http.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
      exposedHeaders: ['ETag', 'Retry-After', 'Content-Disposition', 'X-Content-SHA256'],
      maxAge: 600,
    });
  }
  holdContinue(app.getHttpServer() as Server);
  answerParserRefusals(app.getHttpServer() as Server);
  app.use(refuseOtherBodies);
  app.use(
    express.json({
      limit: http.bodyMaxBytes,
      strict: true,
      verify: (_req: IncomingMessage, _res: ServerResponse, buf: Buffer) => {
        const depth = nestingDepth(buf, http.jsonMaxDepth);
        if (depth > http.jsonMaxDepth) {
          throw Object.assign(new Error(`body: JSON nested deeper than ${http.jsonMaxDepth} levels`), {
            status: 400,
            expose: true,
            type: 'entity.too.deep',
          });
        }
      },
    }),
  );
  app.use(refuseForbidden);
}

/**
 * Every answer of the API is the caller's own: scoped to their organisation, and `GET /cases/{id}` (papers, leads)
 * carries the caller's `allowedActions` under an `ETag` that is only the version. No cache may keep it: with
 * `no-store` a browser never holds a body it could revalidate after a change of user (a 304 would otherwise show the
 * previous user's allowedActions, or a revealed reporter identity), and no shared proxy stores it; `Vary:
 * Authorization` says the same to any cache that ignores `no-store`. A route may set a stricter or equal policy of its
 * own (exports and the calendar send `no-store`). A client that sends If-None-Match from its own copy still gets 304.
 */
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

function privateAnswers(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/api/')) {
    res.setHeader('Cache-Control', PRIVATE_CACHE_CONTROL);
    res.vary('Authorization');
  }
  next();
}

/**
 * Node answers `Expect: 100-continue` at once unless the server listens for 'checkContinue'. Here a multipart body
 * (an upload) gets its `100 Continue` only when its route has checked the caller's access and the announced size
 * (`continueBody`); every other request gets it at once, as before.
 */
function holdContinue(server: Server): void {
  if (server.listenerCount('checkContinue') > 0) return;
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) (req as unknown as Record<symbol, boolean>)[CONTINUE_HELD] = true;
    else res.writeContinue();
    server.emit('request', req, res);
  });
}

/**
 * What Node's HTTP parser refuses before any request exists (a request head over 16 KB: 431; a malformed request
 * line: 400) is answered in the one error body too, instead of Node's bare status line. There is no request to audit.
 */
function answerParserRefusals(server: Server): void {
  if (server.listenerCount('clientError') > 0) return;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: import('node:net').Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const message = tooLarge ? 'the request head (request line and headers) is larger than 16 KB' : 'not a well-formed HTTP request';
    const body = JSON.stringify({
      error: tooLarge ? 'REQUEST_HEADER_TOO_LARGE' : 'BAD_REQUEST',
      message,
      issues: [{ path: tooLarge ? 'headers' : 'request', message }],
    });
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nContent-Security-Policy: default-src 'none'\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/** A route that is about to read the body releases a held `100 Continue`. */
export function continueBody(req: IncomingMessage, res: ServerResponse): void {
  const r = req as unknown as Record<symbol, boolean>;
  if (r[CONTINUE_HELD]) {
    r[CONTINUE_HELD] = false;
    res.writeContinue();
  }
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Bodies are JSON, or multipart for the upload routes; anything else is refused before it is read (415). */
function refuseOtherBodies(req: Request, _res: Response, next: NextFunction): void {
  if (!WRITE.has(req.method) || !hasBody(req)) return next();
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type === 'multipart/form-data' || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return next();
  next(
    new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `content-type: ${type ? `"${type.slice(0, 100)}" is not accepted` : 'missing'}; send application/json (multipart/form-data for file uploads)`,
      {
        issues: [{ path: 'content-type', rule: 'content_type', message: 'send application/json (multipart/form-data for file uploads)' }],
      },
    ),
  );
}

/**
 * Deepest nesting of arrays and objects in JSON text, counted on the bytes (strings skipped), stopping once past
 * `stopAbove`: linear, no recursion, nothing allocated.
 */
export function nestingDepth(buf: Buffer, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Keys that reach an object's prototype when a library assigns them: never part of a request. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What `value` holds that no request may: NUL characters (in a string or a key) and prototype keys (`__proto__`,
 * `constructor`, `prototype`, which JSON.parse keeps as own keys and class-transformer would assign), as issue paths:
 * `subjects[0].name`.
 */
export function forbiddenPaths(
  value: unknown,
  path: string,
  out: Array<{ path: string; rule: 'no_nul' | 'unknown_field' }> = [],
  budget = { nodes: 100_000 },
) {
  if (out.length >= 20 || --budget.nodes < 0) return out;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ path, rule: 'no_nul' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => forbiddenPaths(v, `${path}[${i}]`, out, budget));
  } else if (value !== null && typeof value === 'object') {
    for (const k of Object.keys(value)) {
      const name = k.replace(/\u0000/g, '\\0').slice(0, 100);
      const at = path ? `${path}.${name}` : name;
      if (k.includes('\u0000')) out.push({ path: at, rule: 'no_nul' });
      if (PROTOTYPE_KEYS.has(k.replace(/\[.*$/, ''))) out.push({ path: at, rule: 'unknown_field' });
      else forbiddenPaths((value as Record<string, unknown>)[k], at, out, budget);
    }
  }
  return out;
}

/**
 * One 400 naming every place a NUL character or a prototype key was sent: `path`, a query parameter `phase`, a body
 * field `subjects[0].name`.
 */
function refuseForbidden(req: Request, _res: Response, next: NextFunction): void {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return next(validationFailed([{ path: 'path', rule: 'encoding', message: 'the path has a malformed percent-encoding' }]));
  }
  const issue =
    (where: string) =>
    (f: { path: string; rule: 'no_nul' | 'unknown_field' }): Issue =>
      f.rule === 'no_nul'
        ? { path: f.path, rule: 'no_nul', message: `${where} must not contain a NUL character (\\u0000)` }
        : { path: f.path, rule: 'unknown_field', message: 'unknown field: not part of any request' };
  const issues: Issue[] = [
    ...(path.includes('\u0000') ? [issue('the path')({ path: 'path', rule: 'no_nul' })] : []),
    ...forbiddenPaths(req.query, '').map(issue('a query parameter')),
    ...(req.body !== undefined ? forbiddenPaths(req.body, '').map(issue('a body field')) : []),
  ];
  if (issues.length) return next(validationFailed(issues));
  next();
}
