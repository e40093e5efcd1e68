/**
 * Cost of generated documents (issue 23): loading the fonts once, then composing and rendering each kind of each
 * profile `rounds` times in one thread (the API renders on a worker thread, one document at a time). Prints the
 * median and the maximum per kind, the PDF's size, and documents per second over all of them.
 *
 * Build and run:  npm run build:ts && node dist/bench/documents.bench.js [rounds=5]
 */
import { composeDocument, DOCUMENT_KINDS } from '@libs/domain/src/documents';
import { loadFonts } from '@libs/documents/src/fonts';
import { renderDocumentPdf } from '@libs/documents/src/render-pdf';
import { sampleDocumentFacts } from '@test/support/document-facts';

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  let t = performance.now();
  loadFonts();
  console.log(`fonts loaded (3 faces of fonts-noto-cjk): ${(performance.now() - t).toFixed(0)} ms`);
  const first = performance.now();
  await renderDocumentPdf(composeDocument('acceptance_notice', sampleDocumentFacts('national-2022'), { prefixSeq: 1, date: '2026-11-02' }));
  console.log(`first document (warm-up): ${(performance.now() - first).toFixed(0)} ms`);
  const all: number[] = [];
  for (const profile of ['national-2022', 'henan-2021']) {
    for (const kind of DOCUMENT_KINDS) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < rounds; i += 1) {
        t = performance.now();
        const pdf = await renderDocumentPdf(composeDocument(kind, sampleDocumentFacts(profile), { prefixSeq: i + 1, date: '2026-11-02' }));
        times.push(performance.now() - t);
        bytes = pdf.length;
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      console.log(
        `RESULT ${profile} ${kind}: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, max ${times[times.length - 1]!.toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KiB`,
      );
    }
  }
  const total = all.reduce((a, b) => a + b, 0);
  console.log(
    `RESULT all: ${all.length} documents in ${(total / 1000).toFixed(1)} s = ${((all.length * 1000) / total).toFixed(1)} documents/s`,
  );
}

void main();
