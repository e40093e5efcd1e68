/**
 * The PDF renderer's thread (worker_threads): laying out a document and subsetting its CJK fonts takes a few hundred
 * milliseconds of CPU, which would stall every other request on the API's event loop. Fonts are loaded once per thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FilledDocument } from '@libs/domain/src/documents/fill';
import { renderDocumentPdf } from '@libs/documents/src/render-pdf';

const { fontsDir } = workerData as { fontsDir: string };

parentPort!.on('message', (msg: { id: number; doc: FilledDocument }) => {
  Promise.resolve(msg.doc)
    .then((doc) => renderDocumentPdf(doc, { fontsDir }))
    .then(
      (pdf) => parentPort!.postMessage({ id: msg.id, pdf }),
      (err: Error & { code?: string }) => parentPort!.postMessage({ id: msg.id, error: { message: err.message, code: err.code ?? null } }),
    );
});
