/**
 * The PDF layout of generated documents, checked on the file: the text poppler's pdftotext extracts holds every part
 * of the document, the page is A4, the text stays inside the 版心 of GB/T 9704-2012, the fonts are embedded subsets,
 * and the same document gives the same bytes. Needs Debian's fonts-noto-cjk and poppler-utils (scripts/setup --tests).
 * KEEP_PDF_DIR=<dir> keeps the rendered files (e.g. to look at them with pdftoppm).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeDocument, DOCUMENT_KINDS, type FilledDocument } from '@libs/domain/src/documents';
import { sampleDocumentFacts } from '@test/support/document-facts';
import { FontsMissingError, loadFonts } from './fonts';
import { renderDocumentPdf, wrap } from './render-pdf';

jest.setTimeout(120_000);

const dir = process.env.KEEP_PDF_DIR ?? mkdtempSync(join(tmpdir(), 'documents-'));
afterAll(() => {
  if (!process.env.KEEP_PDF_DIR) rmSync(dir, { recursive: true, force: true });
});

const facts = sampleDocumentFacts;

const squash = (s: string) => s.replace(/\s+/g, '');
const pdftotext = (file: string, ...args: string[]) => execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });

/** Every part of the document: what the PDF's text must hold. */
function parts(d: FilledDocument): string[] {
  return [
    d.issuer,
    d.number,
    d.title,
    d.addressee,
    ...d.body.map((p) => p.text),
    d.signature,
    d.date,
    ...(d.cc ? [`抄送：${d.cc}。`] : []),
    d.printedBy,
    `${d.printedOn}印发`,
  ];
}

describe.each(['national-2022', 'henan-2021'])('PDF of every kind, %s', (profile) => {
  it.each([...DOCUMENT_KINDS])(
    '%s: every part in the text, in order, A4, inside the 版心, fonts embedded, same bytes twice',
    async (kind) => {
      const doc = composeDocument(kind, facts(profile), { prefixSeq: 12, date: '2026-11-02' });
      const pdf = await renderDocumentPdf(doc);
      const file = join(dir, `${profile}-${kind}.pdf`);
      writeFileSync(file, pdf);

      // every part, in the order of the document (pdftotext reads the pages top to bottom)
      const pageNumber = /^—\s*\d+\s*—$/;
      const text = squash(
        pdftotext(file)
          .split(/\n|\f/)
          .filter((l) => !pageNumber.test(l.trim()))
          .join('\n'),
      );
      expect(
        pdftotext(file)
          .split('\n')
          .filter((l) => pageNumber.test(l.trim())).length,
      ).toBe(
        pdftotext(file)
          .split('\f')
          .filter((p) => p.trim()).length,
      );
      let at = 0;
      for (const part of parts(doc)) {
        const found = text.indexOf(squash(part), at);
        expect({ part, found: found >= 0 }).toEqual({ part, found: true });
        at = found + squash(part).length;
      }

      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      expect(info).toContain(`Title:           ${doc.title}`);
      expect(info).toMatch(/CreationDate:\s+Sun Nov\s+1 16:00:00 2026 UTC/); // the 成文日期 at 00:00 Asia/Shanghai

      // fonts: embedded subsets of the Noto CJK faces
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
      const faces = fonts.map((f) => f.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')).sort();
      const headings = doc.body.some((p) => p.style === 'h');
      expect(faces).toEqual(['NotoSerifCJKsc-Bold', 'NotoSerifCJKsc-Regular', ...(headings ? ['NotoSansCJKsc-Regular'] : [])].sort());
      for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+NotoS(erif|ans)CJKsc-(Regular|Bold)\s+CID Type 0C\s+Identity-H\s+yes yes yes/);

      // the 版心 (GB/T 9704 5.2.1): left 28 mm, width 156 mm, top 37 mm, height 225 mm; only the page number is below it
      const mm = 72 / 25.4;
      const boxes = [
        ...pdftotext(file, '-bbox').matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
      ].map((m) => ({
        x0: Number(m[1]),
        y0: Number(m[2]),
        x1: Number(m[3]),
        y1: Number(m[4]),
        w: m[5]!,
      }));
      expect(boxes.length).toBeGreaterThan(10);
      for (const b of boxes) {
        const pageNumber = /^(—|\d+)$/.test(b.w);
        expect({ w: b.w, inside: b.x0 >= 28 * mm - 1 && b.x1 <= (28 + 156) * mm + 1 }).toEqual({ w: b.w, inside: true });
        if (!pageNumber) expect({ w: b.w, inside: b.y0 >= 37 * mm - 1 && b.y1 <= (37 + 225) * mm + 1 }).toEqual({ w: b.w, inside: true });
      }

      // deterministic: the SHA-256 identifies the content
      const again = await renderDocumentPdf(composeDocument(kind, facts(profile), { prefixSeq: 12, date: '2026-11-02' }));
      expect(createHash('sha256').update(again).digest('hex')).toBe(createHash('sha256').update(pdf).digest('hex'));
      const other = await renderDocumentPdf(composeDocument(kind, facts(profile), { prefixSeq: 13, date: '2026-11-02' }));
      expect(other.equals(pdf)).toBe(false);
    },
  );
});

describe('line breaking (避头尾) and the grid', () => {
  const m = (s: string) => [...s].reduce((a, c) => a + (c.charCodeAt(0) < 128 ? 8 : 16), 0);

  it('never starts a line with closing punctuation nor ends one with opening punctuation, never splits a Latin run', () => {
    expect(wrap('一二三四五（《六七', 6 * 16, 0, m).map((l) => l.text)).toEqual(['一二三四五', '（《六七']);
    expect(wrap('一二三四（《五六', 6 * 16, 0, m).map((l) => l.text)).toEqual(['一二三四', '（《五六']);
    expect(wrap('一二三四五六）。七', 6 * 16, 0, m).map((l) => l.text)).toEqual(['一二三四五', '六）。七']);
    expect(wrap('编号SC-2026-000123号', 8 * 16, 0, m).map((l) => l.text)).toEqual(['编号', 'SC-2026-000123号']);
    expect(wrap('一二三四五六七八九十', 4 * 16, 2 * 16, m).map((l) => [l.text, l.indent, l.last])).toEqual([
      ['一二', 32, false],
      ['三四五六', 0, false],
      ['七八九十', 0, true],
    ]);
  });

  it('a body of many paragraphs runs over pages with the signature never alone on the last one', async () => {
    const doc = composeDocument('decision_letter', facts('national-2022'), { prefixSeq: 1, date: '2026-11-02' });
    for (let n = 0; n < 5; n += 1) {
      const padded: FilledDocument = {
        ...doc,
        body: [...doc.body, ...Array.from({ length: n }, (_, i) => ({ style: 'p' as const, text: `补充段落${i + 1}。` }))],
      };
      const file = join(dir, `pages-${n}.pdf`);
      writeFileSync(file, await renderDocumentPdf(padded));
      const pages = pdftotext(file)
        .split('\f')
        .filter((p) => p.trim() !== '');
      const withDate = pages.find((p) => p.includes('2026年11月2日\n'))!;
      // the page with the signature and date holds body text too
      const lines = withDate
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !/^—/.test(l) && !l.startsWith('抄送') && !l.endsWith('印发') && l !== doc.issuer && l !== '2026年11月2日');
      expect({ n, bodyLines: lines.length > 0 }).toEqual({ n, bodyLines: true });
    }
  });

  it('fonts missing: a clear error naming the package', () => {
    expect(() => loadFonts('/nonexistent')).toThrow(FontsMissingError);
    expect(() => loadFonts('/nonexistent')).toThrow(/fonts-noto-cjk/);
  });
});
