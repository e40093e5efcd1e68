import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppConfig } from '@libs/config/src';
import type { FilledDocument } from '@libs/domain/src/documents/fill';
import { DomainError } from '@libs/domain/src/shared';

type Pending = { worker: Worker; resolve: (pdf: Buffer) => void; reject: (err: Error) => void };

/**
 * Renders documents as PDF on one worker thread (render.worker.ts), started on first use, one document at a time in
 * the order asked. Missing fonts answer 503 (SERVICE_UNAVAILABLE), naming the package to install.
 */
@Injectable()
export class PdfRenderer implements OnModuleDestroy {
  private readonly log = new Logger('PdfRenderer');
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  constructor(private readonly config: ConfigService<{ app: AppConfig }, true>) {}

  render(doc: FilledDocument): Promise<Buffer> {
    const worker = this.worker ?? this.start();
    const id = (this.next += 1);
    return new Promise<Buffer>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage({ id, doc });
    });
  }

  private start(): Worker {
    const worker = new Worker(join(__dirname, 'render.worker.js'), {
      workerData: { fontsDir: this.config.get('app', { infer: true }).documents.fontsDir },
    });
    worker.on('message', (msg: { id: number; pdf?: Uint8Array; error?: { message: string; code: string | null } }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.pdf) p.resolve(Buffer.from(msg.pdf.buffer, msg.pdf.byteOffset, msg.pdf.byteLength));
      else if (msg.error?.code === 'DOCUMENT_FONTS_MISSING') p.reject(new DomainError('SERVICE_UNAVAILABLE', msg.error.message));
      else p.reject(new Error(`rendering failed: ${msg.error?.message ?? 'unknown error'}`));
    });
    const fail = (err: Error) => {
      this.log.error(`renderer thread stopped: ${err.message}`);
      if (this.worker === worker) this.worker = null;
      for (const [id, p] of this.pending) {
        if (p.worker !== worker) continue; // a thread stopped on purpose ends its own requests only
        this.pending.delete(id);
        p.reject(err);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`renderer thread exited (${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  async onModuleDestroy(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
