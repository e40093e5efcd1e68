/**
 * An uploaded file kept in the file store and recorded in a table (case evidence, a paper's letters), streamed: the
 * route checks the caller's access first, then `receiveUpload` refuses a body announced larger than FILES_MAX_BYTES
 * before reading a byte of it (413; an `Expect: 100-continue` client never sends it), and otherwise streams the file
 * part straight to the file store, hashing as it goes and stopping at FILES_MAX_BYTES (413, the partial file removed).
 * The content type is checked when the part starts (415). Nothing is held in memory; nothing is half-written: the
 * stored bytes are removed again if the fields are refused or the row cannot be recorded (`recordOrDiscard`).
 */
import busboy from 'busboy';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, validationFailed, type Issue } from '@libs/domain/src/shared';
import type { FileStore } from '@libs/persistence/src/file-store';
import { continueBody } from './http-hardening';

export interface ReceivedFile {
  originalname: string;
  mimetype: string;
  size: number;
  sha256: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: ReceivedFile;
}

/** Room for the multipart framing and the few small fields beside the file, over the file's own limit. */
const FRAMING_ALLOWANCE = 16 * 1024;
const FIELD_MAX_BYTES = 1024;

function tooLarge(maxBytes: number): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', `file: larger than the limit of ${maxBytes} bytes (FILES_MAX_BYTES)`, {
    issues: [{ path: 'file', rule: 'max_bytes', message: `larger than the limit of ${maxBytes} bytes` }],
  });
}

/**
 * Reads a multipart body (`file` and the named text `fields`) into the store under `key`. Call it only after the
 * caller's access has been checked. Refusals: 415 (not multipart, a content type outside the allow-list), 413 (too
 * large), 400 (no file, an empty one, an unknown or repeated field, a NUL character, a malformed body).
 */
export function receiveUpload(
  req: IncomingMessage,
  res: ServerResponse,
  opts: {
    store: FileStore;
    key: string;
    maxBytes: number;
    allowedTypes: string[];
    fields: readonly string[];
    /** Checks that need the text fields sent before the file (a kind that decides who may upload): throw to refuse before the file is read. */
    beforeFile?: (fields: Readonly<Record<string, string>>) => void;
  },
): Promise<ReceivedUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    return Promise.reject(
      new DomainError('UNSUPPORTED_MEDIA_TYPE', 'content-type: send the file as multipart/form-data (field "file")', {
        issues: [{ path: 'content-type', rule: 'content_type', message: 'send the file as multipart/form-data (field "file")' }],
      }),
    );
  }
  const announced = Number(req.headers['content-length']);
  if (Number.isFinite(announced) && announced > opts.maxBytes + FRAMING_ALLOWANCE) return Promise.reject(tooLarge(opts.maxBytes));

  return new Promise<ReceivedUpload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: {
          files: 1,
          fileSize: opts.maxBytes,
          fields: opts.fields.length + 4,
          fieldSize: FIELD_MAX_BYTES,
          parts: opts.fields.length + 5,
          fieldNameSize: 100,
        },
      });
    } catch (err) {
      return reject(
        validationFailed([
          { path: 'body', rule: 'multipart', message: `not a readable multipart/form-data body: ${(err as Error).message}` },
        ]),
      );
    }
    const fields: Record<string, string> = {};
    const issues: Issue[] = [];
    let file: ReceivedFile | undefined;
    let writing: Promise<void> | undefined;
    let stored = false;
    let settled = false;
    let part: (NodeJS.ReadableStream & { destroy(): void }) | undefined;

    const stop = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      parser.removeAllListeners();
      parser.on('error', () => undefined);
      // The rest of the body is not read: the error answer closes the connection (DomainErrorFilter).
      req.pause();
      part?.destroy(); // a write under way fails and removes its partial file
      const cleanup =
        stored || writing
          ? (writing ?? Promise.resolve()).catch(() => undefined).then(() => opts.store.delete(opts.key))
          : Promise.resolve();
      void cleanup.finally(() => reject(err));
    };

    parser.on('field', (name, value, info) => {
      if (name.includes('\u0000') || value.includes('\u0000'))
        issues.push({ path: name.replace(/\u0000/g, '\\0'), rule: 'no_nul', message: 'must not contain a NUL character (\\u0000)' });
      else if (info.valueTruncated) issues.push({ path: name, rule: 'max_bytes', message: `longer than ${FIELD_MAX_BYTES} bytes` });
      else if (!opts.fields.includes(name))
        issues.push({ path: name.slice(0, 100), rule: 'unknown_field', message: 'unknown field: not part of this request' });
      else if (name in fields) issues.push({ path: name, rule: 'repeated', message: 'given more than once' });
      else fields[name] = value;
    });

    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || file || writing) {
        stream.resume();
        issues.push({
          path: name.slice(0, 100),
          rule: name === 'file' ? 'repeated' : 'unknown_field',
          message: name === 'file' ? 'one file per upload' : 'files go in the field "file"',
        });
        return;
      }
      try {
        opts.beforeFile?.(fields);
      } catch (err) {
        stream.resume();
        return stop(err);
      }
      const mimetype = info.mimeType;
      if (!opts.allowedTypes.includes(mimetype)) {
        stream.resume();
        return stop(
          new DomainError(
            'UNSUPPORTED_MEDIA_TYPE',
            `file: content type ${mimetype} is not allowed (allowed: ${opts.allowedTypes.join(', ')})`,
            {
              issues: [{ path: 'file', rule: 'content_type', message: `content type ${mimetype} is not allowed` }],
            },
          ),
        );
      }
      const filename = info.filename ?? '';
      if (filename.includes('\u0000'))
        issues.push({ path: 'file', rule: 'no_nul', message: 'the file name must not contain a NUL character (\\u0000)' });
      const hash = createHash('sha256');
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          hash.update(chunk);
          done(null, chunk);
        },
      });
      stream.on('limit', () => stop(tooLarge(opts.maxBytes)));
      part = counter;
      stored = true;
      writing = opts.store.putStream(opts.key, stream.pipe(counter)).then(() => {
        file = { originalname: filename.replace(/\u0000/g, '').slice(0, 255), mimetype, size, sha256: hash.digest('hex') };
      });
      writing.catch((err: unknown) => stop(err));
    });

    parser.on('error', (err: Error) =>
      stop(validationFailed([{ path: 'body', rule: 'multipart', message: `not a readable multipart/form-data body: ${err.message}` }])),
    );
    parser.on('partsLimit', () => stop(validationFailed([{ path: 'body', rule: 'multipart', message: 'too many parts' }])));
    parser.on('filesLimit', () => issues.push({ path: 'file', rule: 'repeated', message: 'one file per upload' }));
    parser.on('fieldsLimit', () => stop(validationFailed([{ path: 'body', rule: 'multipart', message: 'too many fields' }])));
    parser.on('close', () => {
      void (writing ?? Promise.resolve()).then(
        () => {
          if (settled) return;
          if (!file) issues.push({ path: 'file', rule: 'required', message: 'a non-empty file is required (multipart field "file")' });
          else if (file.size === 0) issues.push({ path: 'file', rule: 'required', message: 'the file is empty' });
          if (issues.length) return stop(validationFailed(issues));
          settled = true;
          resolve({ fields, file: file! });
        },
        (err: unknown) => stop(err),
      );
    });
    req.on('aborted', () => stop(validationFailed([{ path: 'body', rule: 'multipart', message: 'the upload was interrupted' }])));

    continueBody(req, res);
    req.pipe(parser);
  });
}

/** Records the stored upload (`record` writes its row); if the fields are refused or recording fails, the bytes go. */
export async function recordOrDiscard<T>(store: FileStore, key: string, record: () => Promise<T>): Promise<T> {
  try {
    return await record();
  } catch (err) {
    await store.delete(key); // nothing half-written
    throw err;
  }
}

/**
 * Sends a stored file: headers only once its bytes can be read, so a file whose bytes are gone (or a store that fails)
 * is an error answer through the one filter, not a crashed process or a cut-off 200. A read failing midway ends the
 * connection (the client sees a short body, never a complete-looking one).
 */
export async function sendStoredFile(
  res: import('express').Response,
  file: { contentType: string; size: number; filename: string; sha256: string },
  stream: import('node:stream').Readable,
): Promise<void> {
  try {
    await once(stream, 'readable');
  } catch (err) {
    stream.destroy();
    throw new Error(`stored file unreadable: ${(err as Error).message}`);
  }
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  res.setHeader('X-Content-SHA256', file.sha256);
  pipeline(stream, res).catch(() => res.destroy());
}
