/**
 * Lays a filled document (libs/domain/src/documents) out as a PDF in the format of Chinese official documents,
 * GB/T 9704-2012 《党政机关公文格式》:
 *  - A4; 版心 156 mm × 225 mm, 天头 37 mm, 订口 28 mm (5.2); 22 lines of 28 characters of 3号 (16 pt) per page (5.2.2).
 *  - 版头: 发文机关标志 centred in red 小标宋 (7.2.3); 发文字号 two lines below it, centred (7.2.4); a red separator
 *    the width of the 版心 4 mm below the number (7.2.6).
 *  - 主体: 标题 in 2号 (22 pt) 小标宋, centred, two lines below the separator (7.3.1); 主送机关 one line below the title,
 *    flush left, with a full-width colon (7.3.2); 正文 in 3号 仿宋, each paragraph indented two characters, first-level
 *    headings in 黑体 (7.3.3); 发文机关署名 centred over the 成文日期, the date four characters from the right, in Arabic
 *    numerals (7.3.5.1); 附注 below the date, indented two characters, in parentheses (7.3.6).
 *  - 版记 at the foot of the last page: 抄送机关 and 印发机关和印发日期 in 4号 (14 pt) between a thick first and last
 *    rule and a thin one between (7.4).
 *  - 页码 in 4号 宋体 Arabic numerals between em dashes, 7 mm below the 版心, odd pages right and even pages left, one
 *    character in (7.5).
 * Fonts: libs/documents/src/fonts.ts (Noto CJK stand-ins for 小标宋, 仿宋, 黑体).
 *
 * Deterministic: the same document gives the same bytes (creation and modification dates are the 成文日期 at 00:00
 * Asia/Shanghai, the file ID is derived from the metadata, subsets are named by font order), so its SHA-256 identifies
 * its content.
 */
import PDFDocument from 'pdfkit';
import type { FilledDocument } from '@libs/domain/src/documents/fill';
import { DOCUMENT_KIND_SPECS } from '@libs/domain/src/documents/kinds';
import { loadFonts, type FontRole } from './fonts';

const MM = 72 / 25.4;
const TOP = 37 * MM;
const LEFT = 28 * MM;
const WIDTH = 156 * MM;
const HEIGHT = 225 * MM;
const LINES = 22;
const CHARS = 28;
/** One line of the grid (5.2.2: 22 lines in the 版心). */
const PITCH = HEIGHT / LINES;
const BODY = 16; // 3号
const SMALL = 14; // 4号
const TITLE = 22; // 2号
/** One character of the body grid (5.2.2: 28 characters a line). */
const CHAR = WIDTH / CHARS;
const RED = '#FF0000';
/** Characters a line may not start with, and ones it may not end with (避头尾). */
const NO_START = new Set([...'，。、；：？！）》」』”’〕】…—·%,.;:?!)]}']);
const NO_END = new Set([...'（《「『“‘〔【([{']);

export interface RenderOptions {
  fontsDir?: string;
}

/** The PDF of a filled document; rejects with FontsMissingError (code DOCUMENT_FONTS_MISSING) when the fonts are not there. */
export async function renderDocumentPdf(doc: FilledDocument, opts: RenderOptions = {}): Promise<Buffer> {
  const fonts = loadFonts(opts.fontsDir);
  const created = new Date(`${doc.isoDate}T00:00:00+08:00`);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 0, left: 0, bottom: 0, right: 0 },
    autoFirstPage: true,
    bufferPages: true,
    compress: true,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: doc.title,
      Author: doc.issuer,
      Subject: `${DOCUMENT_KIND_SPECS[doc.kind].zh} ${doc.number}`,
      Keywords: doc.kind,
      Creator: 'integrity-cases',
      Producer: 'integrity-cases (pdfkit)',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  for (const role of Object.keys(fonts) as FontRole[]) pdf.registerFont(role, fonts[role]);
  new Layout(pdf).document(doc);
  pdf.end();
  return done;
}

interface Line {
  text: string;
  /** The paragraph's last line (not stretched to the full width). */
  last: boolean;
  indent: number;
}

/** A line of the body grid: drawn on grid line `line` of its page once pages are decided. */
type Row = (line: number) => void;

class Layout {
  private page = 0;

  constructor(private readonly pdf: PDFDocument) {}

  document(d: FilledDocument): void {
    const start = this.header(d);
    const flow: Row[] = [...this.block(d.addressee, 'body', BODY, 0)];
    for (const p of d.body) flow.push(...this.block(p.text, p.style === 'h' ? 'heading' : 'body', BODY, 2 * CHAR));
    const closing = this.closing(d);
    const imprint = this.imprint(d);

    // Pages: the flow fills the grid; the signature and date follow two lines below it (room for the seal), closer
    // where the page has less room, and never alone on a page: the flow's last line comes along (GB/T 9704 7.3.5.1).
    const placed: Array<{ page: number; line: number; row: Row }> = [];
    let page = 0;
    let line = start;
    for (const row of flow) {
      if (line >= LINES) [page, line] = [page + 1, 0];
      placed.push({ page, line, row });
      line += 1;
    }
    const left = LINES - line;
    let gap = left >= closing.length + 2 ? 2 : left >= closing.length + 1 ? 1 : 0;
    if (left < closing.length) {
      const last = placed[placed.length - 1]!;
      [page, line, gap] = [page + 1, 0, 2];
      if (last.line > 0 && placed.length > 1) {
        last.page = page;
        last.line = 0;
        line = 1;
      }
    }
    line += gap;
    for (const row of closing) placed.push({ page, line: line++, row });
    // 版记 at the foot of the last page, on a page of its own where the last one has no room (7.4)
    if (line > LINES - imprint.rows) page += 1;
    placed.push({ page, line: LINES - imprint.rows, row: imprint.draw });

    for (const p of placed) {
      while (this.page < p.page) this.newPage();
      p.row(p.line);
    }
    this.pageNumbers();
  }

  /** 版头 and 标题 on the first page, by position; returns the grid line the body starts on (one line below the title). */
  private header(d: FilledDocument): number {
    const markSize = Math.min(36, Math.floor((WIDTH / ([...d.issuer].length + 1)) * 10) / 10);
    this.centred(d.issuer, 'title', markSize, TOP, RED);
    const markBottom = TOP + markSize * 1.2;
    const numberTop = markBottom + 2 * PITCH;
    this.centred(d.number, 'body', BODY, numberTop);
    const rule = numberTop + BODY * 1.25 + 4 * MM;
    this.pdf
      .lineWidth(1)
      .strokeColor(RED)
      .moveTo(LEFT, rule)
      .lineTo(LEFT + WIDTH, rule)
      .stroke();
    let y = rule + 2 * PITCH - PITCH / 2;
    for (const l of wrap(d.title, WIDTH - 2 * TITLE, 0, (s) => this.width(s, 'title', TITLE, 0))) {
      this.centred(l.text, 'title', TITLE, y);
      y += TITLE * 1.45;
    }
    return Math.ceil((y - TOP) / PITCH) + 1;
  }

  /** A paragraph on the grid, wrapped at 28 characters, justified but for its last line. */
  private block(text: string, role: FontRole, size: number, indent: number): Row[] {
    const spacing = CHAR - size;
    return wrap(text, WIDTH, indent, (s) => this.width(s, role, size, spacing)).map((l) => {
      const avail = WIDTH - l.indent;
      const n = [...l.text].length;
      const natural = this.width(l.text, role, size, 0);
      const stretched = (avail - natural) / Math.max(1, n - 1);
      // Stretch a full line to the margin (Chinese text is set justified); a short or last line keeps the grid spacing.
      const cs = !l.last && n > 1 && stretched - spacing < 3 ? stretched : spacing;
      return (line: number) => this.put(l.text, role, size, LEFT + l.indent, line, { characterSpacing: cs });
    });
  }

  /** 发文机关署名 centred over the 成文日期, the date four characters from the right (7.3.5.1); then 附注 (7.3.6). */
  private closing(d: FilledDocument): Row[] {
    const grid = CHAR - BODY;
    const dateWidth = this.width(d.date, 'body', BODY, grid);
    const dateLeft = LEFT + WIDTH - 4 * CHAR - dateWidth; // 右空四字
    const sigWidth = this.width(d.signature, 'body', BODY, grid);
    const sigLeft = Math.max(LEFT, Math.min(LEFT + WIDTH - sigWidth, dateLeft + (dateWidth - sigWidth) / 2));
    return [
      (line) => this.put(d.signature, 'body', BODY, sigLeft, line, { characterSpacing: grid }),
      (line) => this.put(d.date, 'body', BODY, dateLeft, line, { characterSpacing: grid }),
      ...(d.note ? this.block(`（${d.note}）`, 'body', BODY, 2 * CHAR) : []),
    ];
  }

  /** 版记 (7.4): 抄送机关 and 印发机关和印发日期 between rules, its last rule on the foot of the 版心. */
  private imprint(d: FilledDocument): { rows: number; draw: Row } {
    const inner = WIDTH - 2 * SMALL; // 左右各空一字
    const cc = d.cc ? this.hanging(`抄送：${d.cc}。`, '抄送：', inner) : [];
    const rows = cc.length + 1;
    const draw = (first: number) => {
      const y = (i: number) => TOP + i * PITCH;
      this.rule(y(first), 0.35 * MM);
      cc.forEach((l, i) => this.put(l.text, 'body', SMALL, LEFT + SMALL + l.indent, first + i, {}));
      if (cc.length) this.rule(y(LINES - 1), 0.25 * MM);
      this.put(d.printedBy, 'body', SMALL, LEFT + SMALL, LINES - 1, {});
      const printed = `${d.printedOn}印发`;
      this.put(printed, 'body', SMALL, LEFT + WIDTH - SMALL - this.width(printed, 'body', SMALL, 0), LINES - 1, {});
      this.rule(y(LINES), 0.35 * MM); // 末条分隔线与版心下边缘重合
    };
    return { rows, draw };
  }

  /** Wrapped with continuation lines aligned with the first character after the label (回行时与冒号后的首字对齐). */
  private hanging(text: string, label: string, inner: number): Line[] {
    const labelWidth = this.width(label, 'body', SMALL, 0);
    const rest = wrap(text.slice(label.length), inner - labelWidth, 0, (s) => this.width(s, 'body', SMALL, 0));
    return rest.map((l, i) => ({ ...l, text: i === 0 ? `${label}${l.text}` : l.text, indent: i === 0 ? 0 : labelWidth }));
  }

  /** 页码 (7.5): 「— n —」, 7 mm below the 版心, odd pages right and even pages left, one character in. */
  private pageNumbers(): void {
    const { start, count } = this.pdf.bufferedPageRange();
    for (let i = start; i < start + count; i += 1) {
      this.pdf.switchToPage(i);
      const label = `— ${i - start + 1} —`;
      const w = this.width(label, 'body', SMALL, 0);
      const x = (i - start) % 2 === 0 ? LEFT + WIDTH - SMALL - w : LEFT + SMALL;
      this.pdf
        .font('body')
        .fontSize(SMALL)
        .fillColor('#000000')
        .text(label, x, TOP + HEIGHT + 7 * MM - SMALL * 0.2, { lineBreak: false });
    }
  }

  private newPage(): void {
    this.pdf.addPage({ size: 'A4', margins: { top: 0, left: 0, bottom: 0, right: 0 } });
    this.page += 1;
  }

  private rule(y: number, width: number): void {
    this.pdf
      .lineWidth(width)
      .strokeColor('#000000')
      .moveTo(LEFT, y)
      .lineTo(LEFT + WIDTH, y)
      .stroke();
  }

  /** Text on grid line `line` of the page, its em box centred in the line. */
  private put(text: string, role: FontRole, size: number, x: number, line: number, o: { characterSpacing?: number }): void {
    const y = TOP + line * PITCH + (PITCH - size) / 2 - 0.28 * size;
    this.pdf
      .font(role)
      .fontSize(size)
      .fillColor('#000000')
      .text(text, x, y, { lineBreak: false, characterSpacing: o.characterSpacing ?? 0 });
  }

  private centred(text: string, role: FontRole, size: number, top: number, color = '#000000'): void {
    const w = this.width(text, role, size, 0);
    this.pdf
      .font(role)
      .fontSize(size)
      .fillColor(color)
      .text(text, LEFT + (WIDTH - w) / 2, top, { lineBreak: false });
  }

  /** Width of `text` in the font at `size`, each character followed by `spacing` (the last one too: grid spacing). */
  private width(text: string, role: FontRole, size: number, spacing: number): number {
    this.pdf.font(role).fontSize(size);
    return this.pdf.widthOfString(text) + spacing * [...text].length;
  }
}

/**
 * Breaks `text` into lines at most `width` wide (the first `indent` narrower): between any two CJK characters, never
 * inside a run of Latin letters and digits (a case number, an ID number), and never starting a line with closing
 * punctuation or ending one with opening punctuation (避头尾), moving a character to the next line instead.
 */
export function wrap(text: string, width: number, indent: number, measure: (s: string) => number): Line[] {
  const tokens = text.match(/[\x21-\x7E]+|\s+|[\s\S]/gu) ?? [];
  const lines: Line[] = [];
  let cur: string[] = [];
  let used = indent;
  const flush = (last: boolean) => {
    const t = cur.join('').replace(/\s+$/u, '');
    lines.push({ text: t, last, indent: lines.length === 0 ? indent : 0 });
    cur = [];
    used = 0;
  };
  for (const tok of tokens) {
    if (cur.length === 0 && /^\s+$/u.test(tok)) continue;
    const w = measure(tok);
    if (used + w <= width + 0.01) {
      cur.push(tok);
      used += w;
      continue;
    }
    if (cur.length > 1 && (NO_START.has(tok) || NO_END.has(cur[cur.length - 1]!))) {
      // carry characters down until the next line starts with one that may start a line and this one ends with one
      // that may end a line
      const carried: string[] = [];
      do carried.unshift(cur.pop()!);
      while (cur.length > 1 && (NO_START.has(carried[0]!) || NO_END.has(cur[cur.length - 1]!)));
      flush(false);
      cur = [...carried, tok];
      used = cur.reduce((a, t) => a + measure(t), 0);
      continue;
    }
    if (w > width) {
      // a Latin run longer than a line: broken by character
      for (const ch of [...tok]) {
        const cw = measure(ch);
        if (used + cw > width + 0.01 && cur.length) flush(false);
        cur.push(ch);
        used += cw;
      }
      continue;
    }
    if (cur.length) flush(false);
    cur.push(tok);
    used = w;
  }
  if (cur.length || lines.length === 0) flush(true);
  else lines[lines.length - 1]!.last = true;
  return lines;
}
