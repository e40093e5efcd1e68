/**
 * A multipart upload sent by hand over a socket, to see what the server reads: a file of `fileBytes` (its exact
 * Content-Length announced), sent in 1 MiB chunks as fast as the socket takes them, stopping when the answer comes.
 * With `expectContinue` the body waits for `100 Continue`, as curl does for large bodies.
 */
import { connect } from 'node:net';

export interface RawUploadResult {
  status: number;
  body: string;
  /** Body bytes handed to the socket before the answer arrived. */
  bodyBytesSent: number;
  /** The server closed the connection after answering (the rest of the body was never read). */
  closedByServer: boolean;
  /** From connecting to the end of the answer's head. */
  ms: number;
}

export function rawUpload(opts: {
  port: number;
  path: string;
  token: string;
  fileBytes: number;
  expectContinue: boolean;
  kind?: string;
}): Promise<RawUploadResult> {
  const boundary = '----abuse' + Date.now().toString(16);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${opts.kind ?? 'other'}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.zip"\r\nContent-Type: application/zip\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(opts.port, '127.0.0.1');
    let response = '';
    let answered = false;
    let continued = false;
    let sent = 0;
    let headerEnd = -1;
    let closed = false;
    let answeredAfter = 0;
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const finish = () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, ''))?.[1] ?? 0);
      const body = headerEnd >= 0 ? response.slice(headerEnd + 4) : '';
      resolve({ status, body, bodyBytesSent: sent, closedByServer: closed, ms: answeredAfter });
    };
    const pump = () => {
      while (!answered && sent < opts.fileBytes) {
        const n = Math.min(chunk.length, opts.fileBytes - sent);
        const piece = sent === 0 ? Buffer.concat([head, chunk.subarray(0, n)]) : chunk.subarray(0, n);
        sent += n;
        if (sent >= opts.fileBytes) socket.write(Buffer.concat([piece, tail]));
        else if (!socket.write(piece)) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      socket.write(
        `POST ${opts.path} HTTP/1.1\r\nHost: 127.0.0.1:${opts.port}\r\nAuthorization: Bearer ${opts.token}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${opts.fileBytes + head.length + tail.length}\r\n` +
          (opts.expectContinue ? 'Expect: 100-continue\r\n' : '') +
          '\r\n',
      );
      if (!opts.expectContinue) pump();
    });
    socket.on('data', (d: Buffer) => {
      response += d.toString('latin1');
      if (opts.expectContinue && !continued && response.startsWith('HTTP/1.1 100')) {
        continued = true;
        response = response.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '');
        return pump();
      }
      const end = response.indexOf('\r\n\r\n');
      if (end >= 0 && !answered) {
        answered = true;
        headerEnd = end;
        answeredAfter = Date.now() - started;
      }
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(response)?.[1] ?? -1);
      if (answered && length >= 0 && response.length >= headerEnd + 4 + length) {
        // Give the server a moment to close; a server still reading would keep the connection open.
        setTimeout(() => {
          socket.destroy();
          finish();
        }, 200);
      }
    });
    socket.on('end', () => (closed = true));
    socket.on('close', () => (closed = true));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') closed = true;
      else reject(err);
    });
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within 60 s (sent ${sent} bytes)`));
    }, 60_000).unref();
  });
}
