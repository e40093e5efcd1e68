/**
 * What the case timeline records of a generated document (event `document_generated`), and what the projection
 * writes from it: the file among the case's files and the document's row. Nothing personal: no reporter, no ID number.
 * Pure: the case workflow's Update validator checks it.
 */
import { DomainError } from '../shared/domain-error';
import { isDocumentKind, type DocumentKind } from './kinds';

export const DOCUMENT_EVENT = 'document_generated';

export interface DocumentRecord {
  /** The file's id among the case's files (GET /cases/{id}/files/{documentId}). */
  documentId: string;
  kind: DocumentKind;
  title: string;
  /** 发文字号 */
  number: string;
  numbering: { prefix: string; year: number; seq: number };
  issuerOrgId: string;
  /** 成文日期, YYYY-MM-DD */
  date: string;
  filename: string;
  size: number;
  sha256: string;
  /** `<profile>/<kind>`: the template it was written from. */
  template: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The record as sent, checked field by field (a malformed one is refused before it enters history). */
export function checkDocumentRecord(v: unknown): DocumentRecord {
  const r = (v ?? {}) as Record<string, unknown>;
  const n = (r.numbering ?? {}) as Record<string, unknown>;
  const bad = (field: string) =>
    new DomainError('VALIDATION_FAILED', `document.${field}: missing or malformed`, { field: `document.${field}` });
  const text = (x: unknown, max = 300) => typeof x === 'string' && x.trim() !== '' && x.length <= max;
  if (!text(r.documentId) || !UUID.test(String(r.documentId))) throw bad('documentId');
  if (!isDocumentKind(r.kind)) throw bad('kind');
  for (const f of ['title', 'number', 'filename', 'template'] as const) if (!text(r[f])) throw bad(f);
  if (!text(r.issuerOrgId) || !UUID.test(String(r.issuerOrgId))) throw bad('issuerOrgId');
  if (typeof r.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(r.date)) throw bad('date');
  if (typeof r.size !== 'number' || !Number.isInteger(r.size) || r.size <= 0) throw bad('size');
  if (typeof r.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(r.sha256)) throw bad('sha256');
  if (!text(n.prefix, 40) || !Number.isInteger(n.year) || !Number.isInteger(n.seq) || (n.seq as number) < 1) throw bad('numbering');
  const keys = ['documentId', 'kind', 'title', 'number', 'numbering', 'issuerOrgId', 'date', 'filename', 'size', 'sha256', 'template'];
  const extra = Object.keys(r).filter((k) => !keys.includes(k));
  if (extra.length) throw bad(extra[0]!);
  return r as unknown as DocumentRecord;
}
