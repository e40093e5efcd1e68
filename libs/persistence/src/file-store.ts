/**
 * Where evidence files live. Local disk under the data folder by default; an S3-compatible store implements the same
 * three calls (put by key, stream by key, delete by key).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FileStore {
  put(key: string, content: Buffer): Promise<void>;
  /** Writes what `content` streams under `key` as it arrives (nothing held in memory); removes it if the stream fails. */
  putStream(key: string, content: Readable): Promise<void>;
  open(key: string): Readable;
  delete(key: string): Promise<void>;
}

export const FILE_STORE = Symbol('FILE_STORE');

export class LocalDiskFileStore implements FileStore {
  private readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    if (!/^[A-Za-z0-9/_-]+$/.test(key) || key.includes('..')) throw new Error(`invalid storage key ${key}`);
    return join(this.root, key);
  }

  async put(key: string, content: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, { flag: 'wx' });
  }

  async putStream(key: string, content: Readable): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    try {
      await pipeline(content, createWriteStream(path, { flags: 'wx' }));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') await rm(path, { force: true });
      throw err;
    }
  }

  open(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
