/**
 * Filling a document template (templates.ts) with a case's fields (data.ts): pure, no I/O. The result is the content
 * of an official document in the parts GB/T 9704-2012 names (版头: 发文机关标志, 发文字号; 主体: 标题, 主送机关, 正文,
 * 发文机关署名, 成文日期, 附注; 版记: 抄送机关, 印发机关和印发日期); the PDF renderer lays it out.
 *
 * Template language (kept small on purpose):
 *  - `{a.b.c}` in a text is the field at that path; `{item.x}` inside an `each` block is the list item's field. A
 *    missing field, or one that is not text, is an error (a template bug, reported with the template and path).
 *  - `when` (a path, `!path` for its negation, or a list of them that must all hold): a block is written only when the
 *    field is true, a non-empty text, or a non-empty list. A path that does not exist counts as false.
 *  - `each`: one paragraph per item of a list field.
 *  - `h` blocks are first-level headings; they are numbered 一、二、… in the order they are written.
 */
import { DomainError } from '../shared/domain-error';
import type { TemplateData, TemplateValue } from './data';
import { chineseNumeral } from './format';
import type { DocumentKind } from './kinds';

export type Condition = string | readonly string[];

export type Block =
  /** A paragraph of the body (正文), first line indented two characters. */
  | { p: string; when?: Condition; each?: string }
  /** A first-level heading (一、…), numbered when written. */
  | { h: string; when?: Condition };

export interface DocumentTemplate {
  kind: DocumentKind;
  /** 标题 */
  title: string;
  /** 发文字号 before 〔year〕n号, e.g. 诚信处 */
  numberPrefix: string;
  /** Who issues it: the handling organisation, or its superior (the appeal is heard there: 003 art.42; 001 art.45). */
  issuer: 'handling' | 'superior';
  /** 主送机关 (the addressee; a colon is added). */
  addressee: string;
  body: readonly Block[];
  /** 抄送机关, omitted when it fills to nothing. */
  cc?: string;
  /** 附注 */
  note?: string;
  /** ID numbers printed in full (where the law requires them) or masked (RULES.md §4). */
  idNumbers: 'full' | 'masked';
}

/** The templates of one policy profile: one per document kind, and the regulation they cite. */
export interface ProfileTemplates {
  profile: string;
  /** The regulation as cited in the text, e.g. 《科研失信行为调查处理规则》 */
  regulation: string;
  templates: Readonly<Record<DocumentKind, DocumentTemplate>>;
}

export interface FilledParagraph {
  style: 'p' | 'h';
  text: string;
}

/** A document's content in the parts of GB/T 9704-2012, ready to lay out. */
export interface FilledDocument {
  kind: DocumentKind;
  /** 发文机关标志 (and 发文机关署名) */
  issuer: string;
  /** 发文字号 */
  number: string;
  /** 标题 */
  title: string;
  /** 主送机关, with its colon */
  addressee: string;
  /** 正文 */
  body: FilledParagraph[];
  /** 发文机关署名 */
  signature: string;
  /** 成文日期 in Chinese (2026年3月5日) and as YYYY-MM-DD (the PDF's creation date) */
  date: string;
  isoDate: string;
  /** 附注 */
  note: string | null;
  /** 抄送机关 */
  cc: string | null;
  /** 印发机关和印发日期 */
  printedBy: string;
  printedOn: string;
}

export class TemplateError extends DomainError {
  constructor(kind: string, message: string) {
    super('TEMPLATE_INVALID', `template ${kind}: ${message}`);
  }
}

/** Fills `template` with `data`; `issuer` is the issuing organisation's name, `isoDate` the 成文日期. */
export function fillTemplate(
  template: DocumentTemplate,
  data: TemplateData,
  issued: { issuer: string; number: string; isoDate: string; date: string },
): FilledDocument {
  const fill = (text: string, scope: TemplateData, item?: TemplateData) =>
    text.replace(/\{([^{}]*)\}/g, (_, path: string) => {
      const v = lookup(path, scope, item);
      if (typeof v !== 'string') throw new TemplateError(template.kind, `{${path}} is ${v === undefined ? 'not a field' : 'not text'}`);
      return v;
    });
  const body: FilledParagraph[] = [];
  let headings = 0;
  for (const block of template.body) {
    if ('h' in block) {
      if (!holds(block.when, data)) continue;
      headings += 1;
      body.push({ style: 'h', text: `${chineseNumeral(headings)}、${fill(block.h, data)}` });
      continue;
    }
    if (block.each !== undefined) {
      const list = lookup(block.each, data);
      if (!Array.isArray(list)) throw new TemplateError(template.kind, `each: ${block.each} is not a list`);
      for (const item of list) if (holds(block.when, data, item)) body.push({ style: 'p', text: fill(block.p, data, item) });
      continue;
    }
    if (holds(block.when, data)) body.push({ style: 'p', text: fill(block.p, data) });
  }
  const cc = template.cc === undefined ? '' : fill(template.cc, data);
  return {
    kind: template.kind,
    issuer: issued.issuer,
    number: issued.number,
    title: fill(template.title, data),
    addressee: `${fill(template.addressee, data)}：`,
    body,
    signature: issued.issuer,
    date: issued.date,
    isoDate: issued.isoDate,
    note: template.note === undefined ? null : fill(template.note, data),
    cc: cc === '' ? null : cc,
    printedBy: issued.issuer,
    printedOn: issued.date,
  };
}

/** 发文字号: prefix〔year〕n号 (GB/T 9704-2012 7.2.4: 年份用六角括号, 序号不编虚位). */
export function documentNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}

function lookup(path: string, scope: TemplateData, item?: TemplateData): TemplateValue | undefined {
  const parts = path.split('.');
  let node: TemplateValue | undefined = parts[0] === 'item' ? item : scope;
  for (const key of parts[0] === 'item' ? parts.slice(1) : parts) {
    if (node === undefined || typeof node !== 'object' || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, key))
      return undefined;
    node = (node as TemplateData)[key];
  }
  return node;
}

function holds(when: Condition | undefined, scope: TemplateData, item?: TemplateData): boolean {
  if (when === undefined) return true;
  const all = typeof when === 'string' ? [when] : when;
  return all.every((c) => {
    const negate = c.startsWith('!');
    const v = lookup(negate ? c.slice(1) : c, scope, item);
    const truthy =
      v === true ||
      (typeof v === 'string' && v !== '') ||
      (Array.isArray(v) && v.length > 0) ||
      (typeof v === 'object' && v !== null && !Array.isArray(v));
    return negate ? !truthy : truthy;
  });
}

/** Every field path a template uses (texts, `when`, `each`), for the check that each one exists. */
export function templatePaths(template: DocumentTemplate): Array<{ path: string; inItem: boolean; condition: boolean }> {
  const out: Array<{ path: string; inItem: boolean; condition: boolean }> = [];
  const texts = (text: string, inItem: boolean) => {
    for (const m of text.matchAll(/\{([^{}]*)\}/g)) out.push({ path: m[1]!, inItem, condition: false });
  };
  const conditions = (when: Condition | undefined, inItem: boolean) => {
    for (const c of when === undefined ? [] : typeof when === 'string' ? [when] : when)
      out.push({ path: c.replace(/^!/, ''), inItem, condition: true });
  };
  texts(template.title, false);
  texts(template.addressee, false);
  if (template.cc) texts(template.cc, false);
  if (template.note) texts(template.note, false);
  for (const b of template.body) {
    if ('h' in b) {
      texts(b.h, false);
      conditions(b.when, false);
    } else {
      const inItem = b.each !== undefined;
      if (inItem) out.push({ path: b.each!, inItem: false, condition: false });
      texts(b.p, inItem);
      conditions(b.when, inItem);
    }
  }
  return out;
}
