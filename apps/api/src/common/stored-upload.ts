/**
 * An uploaded file kept in the file store and recorded in a table (case evidence, a paper's letters): checked at the
 * edge (non-empty, size limit, content-type allow-list), stored, then recorded; if the record fails the stored bytes
 * are removed again, so nothing is half-written.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../../../../libs/domain/src/shared';
import type { FileStore } from '../../../../libs/persistence/src/file-store';

export interface UploadedFileLike {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export function checkUpload(file: UploadedFileLike | undefined, limits: { maxBytes: number; allowedTypes: string[] }): UploadedFileLike {
  if (!file || !file.buffer?.length) throw new DomainError('VALIDATION_FAILED', 'file: a non-empty file is required (multipart field "file")', { field: 'file' });
  if (file.size > limits.maxBytes) throw new DomainError('PAYLOAD_TOO_LARGE', `file: larger than the limit of ${limits.maxBytes} bytes`, { field: 'file' });
  if (!limits.allowedTypes.includes(file.mimetype)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `file: content type ${file.mimetype} is not allowed (allowed: ${limits.allowedTypes.join(', ')})`, { field: 'file' });
  }
  return file;
}

/** Stores the bytes under `key`, then runs `record(sha256)`; removes the bytes if recording fails. Returns the SHA-256. */
export async function storeThenRecord(store: FileStore, key: string, file: UploadedFileLike, record: (sha256: string) => Promise<unknown>): Promise<string> {
  const sha256 = createHash('sha256').update(file.buffer).digest('hex');
  await store.put(key, file.buffer);
  try {
    await record(sha256);
  } catch (err) {
    await store.delete(key); // nothing half-written
    throw err;
  }
  return sha256;
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
