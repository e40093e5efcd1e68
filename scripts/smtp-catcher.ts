/**
 * The run command's mail catcher (issue 7): an SMTP server on 127.0.0.1:2525 that accepts every message and keeps the
 * last 500 in memory, and a small HTTP server on 127.0.0.1:2580 showing them: `GET /messages` (JSON, newest first),
 * `GET /messages/<id>`, `DELETE /messages` (forget all), and an HTML page at `/`. Started by scripts/dev-stack.ts when
 * SMTP_URL is unset; production points SMTP_URL at a real server. Loopback only, no authentication, no TLS.
 */
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: string;
  receivedAt: string;
  envelope: { from: string | null; to: string[] };
  messageId: string | null;
  from: string | null;
  to: string | null;
  subject: string | null;
  text: string | null;
  headers: Record<string, string>;
  size: number;
}

export interface MailCatcher {
  smtpUrl: string;
  httpUrl: string;
  messages(): CaughtMail[];
  stop(): Promise<void>;
}

export async function startMailCatcher(
  opts: { host?: string; smtpPort?: number; httpPort?: number; limit?: number } = {},
): Promise<MailCatcher> {
  const host = opts.host ?? '127.0.0.1';
  const limit = opts.limit ?? 500;
  const kept: CaughtMail[] = [];

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'integrity-cases mail catcher',
    size: 10 * 1024 * 1024,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (m) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of m.headers) headers[k] = headerText(v);
            kept.unshift({
              id: randomUUID(),
              receivedAt: new Date().toISOString(),
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              messageId: m.messageId ?? null,
              from: m.from?.text ?? null,
              to: addressText(m.to),
              subject: m.subject ?? null,
              text: m.text ?? null,
              headers,
              size: raw.length,
            });
            kept.splice(limit);
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((res, rej) => {
    smtp.once('error', rej);
    smtp.listen(opts.smtpPort ?? 2525, host, () => res());
  });
  smtp.on('error', (err) => console.error(JSON.stringify({ level: 'error', context: 'mail-catcher', message: String(err) })));

  const http: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://catcher');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body, null, 2));
    };
    if (req.method === 'GET' && url.pathname === '/messages') return json(200, kept);
    if (req.method === 'DELETE' && url.pathname === '/messages') {
      kept.length = 0;
      res.writeHead(204);
      return res.end();
    }
    const one = /^\/messages\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (req.method === 'GET' && one) {
      const m = kept.find((x) => x.id === one[1]);
      return m ? json(200, m) : json(404, { error: 'no such message' });
    }
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page(kept, limit));
    }
    json(404, { error: 'not found: GET /, GET /messages, GET /messages/<id>, DELETE /messages' });
  });
  try {
    await new Promise<void>((res, rej) => {
      http.once('error', rej);
      http.listen(opts.httpPort ?? 2580, host, () => res());
    });
  } catch (err) {
    await new Promise<void>((res) => smtp.close(() => res()));
    throw err;
  }
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const httpPort = (http.address() as { port: number }).port;

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    httpUrl: `http://${host}:${httpPort}`,
    messages: () => [...kept],
    stop: async () => {
      await new Promise<void>((res) => http.close(() => res()));
      http.closeAllConnections();
      await new Promise<void>((res) => smtp.close(() => res()));
    },
  };
}

/** mailparser's header values (text, date, address list, structured value with parameters) as one line. */
function headerText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(headerText).join(', ');
  if (v && typeof v === 'object') {
    const o = v as { text?: unknown; value?: unknown; params?: Record<string, string> };
    if (typeof o.text === 'string') return o.text;
    if (typeof o.value === 'string') return [o.value, ...Object.entries(o.params ?? {}).map(([k, p]) => `${k}=${p}`)].join('; ');
  }
  return JSON.stringify(v);
}

function addressText(a: { text: string } | Array<{ text: string }> | undefined): string | null {
  if (!a) return null;
  return Array.isArray(a) ? a.map((x) => x.text).join(', ') : a.text;
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(mails: CaughtMail[], limit: number): string {
  const rows = mails
    .map(
      (
        m,
      ) => `<details><summary><time>${escape(m.receivedAt)}</time> · <b>${escape(m.to ?? m.envelope.to.join(', '))}</b> · ${escape(m.subject ?? '(no subject)')}</summary>
<pre>${escape(m.text ?? '')}</pre><small>Message-ID ${escape(m.messageId ?? '-')} · from ${escape(m.from ?? '-')}</small></details>`,
    )
    .join('\n');
  return `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>Mail catcher</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}details{border-bottom:1px solid #ddd;padding:.4em 0}pre{white-space:pre-wrap;background:#f6f6f6;padding:.6em}time{color:#666}</style>
</head><body><h1>Mail catcher</h1><p>${mails.length} message(s), newest first (the last ${limit} are kept in memory). JSON: <a href="/messages">/messages</a>. Reload to refresh.</p>
${rows || '<p>No mail yet.</p>'}</body></html>`;
}
