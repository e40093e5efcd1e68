/**
 * The parts of pdfkit 0.20 and fontkit 2 this library uses (neither ships TypeScript declarations for these).
 */
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    layout(text: string): unknown;
  }
  /** A font file's bytes; for a collection (.ttc), `postscriptName` picks the face. */
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}

declare module 'pdfkit' {
  import type { Font } from 'fontkit';
  interface TextOptions {
    lineBreak?: boolean;
    characterSpacing?: number;
    width?: number;
    align?: 'left' | 'center' | 'right' | 'justify';
  }
  interface DocumentOptions {
    size?: string | [number, number];
    margins?: { top: number; left: number; bottom: number; right: number };
    info?: Record<string, string | Date>;
    autoFirstPage?: boolean;
    compress?: boolean;
    pdfVersion?: string;
    lang?: string;
    displayTitle?: boolean;
    bufferPages?: boolean;
  }
  class PDFDocument {
    constructor(options?: DocumentOptions);
    page: { width: number; height: number };
    on(event: 'data', listener: (chunk: Buffer) => void): this;
    on(event: 'end' | 'error', listener: (err?: Error) => void): this;
    registerFont(name: string, src: Font | Uint8Array | string, family?: string): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    lineWidth(width: number): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    stroke(): this;
    text(text: string, x: number, y: number, options?: TextOptions): this;
    widthOfString(text: string, options?: TextOptions): number;
    addPage(options?: DocumentOptions): this;
    switchToPage(n: number): this;
    bufferedPageRange(): { start: number; count: number };
    end(): void;
  }
  export = PDFDocument;
}
