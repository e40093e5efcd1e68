/**
 * The fonts of generated documents: Debian's Noto CJK (package `fonts-noto-cjk`, installed by scripts/setup and the
 * Docker image), loaded once per process and embedded as subsets. The faces stand in for the GB/T 9704-2012 fonts
 * the package does not have:
 *   小标宋 (发文机关标志, 标题)                    → Noto Serif CJK SC Bold
 *   仿宋 (正文, 发文字号, 主送, 署名, 日期, 版记)    → Noto Serif CJK SC Regular
 *   黑体 (一级标题)                                → Noto Sans CJK SC Regular
 *   宋体 (页码)                                    → Noto Serif CJK SC Regular
 * DOCUMENT_FONTS_DIR points elsewhere (same file names), e.g. where another distribution installs them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';

export const DEFAULT_FONTS_DIR = '/usr/share/fonts/opentype/noto';

export const FONT_FACES = {
  title: { file: 'NotoSerifCJK-Bold.ttc', face: 'NotoSerifCJKsc-Bold' },
  body: { file: 'NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
  heading: { file: 'NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
} as const;
export type FontRole = keyof typeof FONT_FACES;

export type LoadedFonts = Record<FontRole, fontkit.Font>;

/** Code DOCUMENT_FONTS_MISSING: the fonts are not installed where configured (503, not the caller's fault). */
export class FontsMissingError extends Error {
  readonly code = 'DOCUMENT_FONTS_MISSING';
  constructor(dir: string, cause: string) {
    super(
      `the document fonts are not available in ${dir} (${cause}); install Debian's fonts-noto-cjk (scripts/setup does) or set DOCUMENT_FONTS_DIR`,
    );
  }
}

const cache = new Map<string, LoadedFonts>();

export function loadFonts(dir: string = DEFAULT_FONTS_DIR): LoadedFonts {
  const hit = cache.get(dir);
  if (hit) return hit;
  const fonts = {} as LoadedFonts;
  for (const [role, { file, face }] of Object.entries(FONT_FACES) as Array<[FontRole, { file: string; face: string }]>) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, file));
    } catch (err) {
      throw new FontsMissingError(dir, `${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    const font = fontkit.create(bytes, face);
    if (!font || font.postscriptName !== face) throw new FontsMissingError(dir, `${file} has no face ${face}`);
    fonts[role] = font;
  }
  cache.set(dir, fonts);
  return fonts;
}
