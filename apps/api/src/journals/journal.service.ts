import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@libs/domain/src/shared';
import { AuditService } from '../audit/audit.service';
import { organisationLevel } from '@libs/persistence/src/organisations';
import {
  deleteJournal,
  insertJournal,
  journalsByIssn,
  journalsByTitlePrefix,
  journalsWithoutIssnByTitleKey,
  type WarningJournalRow,
} from '@libs/persistence/src/warning-journals';
import type { Principal } from '../auth/principal';
import { fileError, readUploadedTable } from '../common/tabular-upload';

const ISSN = /^\d{4}-\d{3}[\dX]$/;
const COLUMNS = ['issn', 'title', 'publisher', 'source'] as const;

/** ISSN check digit (ISO 3297): weights 8..2, mod 11, 10 = X. */
export function isValidIssn(issn: string): boolean {
  if (!ISSN.test(issn)) return false;
  const d = issn.replace('-', '');
  const sum = [...d.slice(0, 7)].reduce((acc, c, i) => acc + Number(c) * (8 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  return d[7] === (check === 10 ? 'X' : String(check));
}

/** Titles compare case-, space- and punctuation-insensitively. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

export interface JournalInput {
  issn?: string | null;
  title: string;
  publisher?: string | null;
  source: string;
}

/**
 * The warning-journal list (预警期刊, RULES.md §6; 004). [decision] Maintained by integrity administrators and system
 * administrators of national and provincial commissions; looked up by every signed-in user.
 */
@Injectable()
export class JournalService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async lookup(q: { issn?: string; title?: string }) {
    if (!q.issn && !q.title) throw new DomainError('VALIDATION_FAILED', 'issn or title: give one to look up', { field: 'issn' });
    const rows = q.issn ? await journalsByIssn(this.ds, q.issn.toUpperCase()) : await journalsByTitlePrefix(this.ds, titleKey(q.title!));
    return { listed: rows.length > 0, journals: rows.map(view) };
  }

  async add(p: Principal, input: JournalInput) {
    await this.requireMaintainer(p);
    const added = await this.ds.transaction(async (tx) => {
      const error = validate(input);
      if (error) throw new DomainError('VALIDATION_FAILED', `${error.field}: ${error.message}`, { field: error.field });
      const existing = await find(tx, input);
      if (existing) throw new DomainError('CONFLICT', `already listed: ${existing.title}`);
      return view(await insert(tx, p, input));
    });
    await this.audit.change('warning_journal', added.id, null, audited(added));
    return added;
  }

  async remove(p: Principal, id: string) {
    await this.requireMaintainer(p);
    const removed = await deleteJournal(this.ds, id);
    if (!removed) throw new DomainError('NOT_FOUND', 'journal not found');
    await this.audit.change('warning_journal', id, audited(view(removed)), null);
  }

  /** CSV or XLSX with columns issn,title,publisher,source; good rows are listed, bad rows come back; re-import adds nothing. */
  async import(p: Principal, file: { buffer: Buffer; originalname?: string } | undefined) {
    await this.requireMaintainer(p);
    const table = await readUploadedTable(file);
    const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
    const index = COLUMNS.map((c) => header.indexOf(c));
    if (index[1] === -1 || index[3] === -1) throw fileError(`the header must be ${COLUMNS.join(',')} (title and source required)`);
    const { result, added } = await this.ds.transaction(async (tx) => {
      let imported = 0;
      const added: WarningJournalRow[] = [];
      const errors: Array<{ row: number; field: string; message: string }> = [];
      for (const [i, cells] of table.slice(1).entries()) {
        if (cells.every((c) => !c.trim())) continue;
        const cell = (k: number) => (index[k]! >= 0 ? (cells[index[k]!] ?? '').trim() : '');
        const input: JournalInput = { issn: cell(0) || null, title: cell(1), publisher: cell(2) || null, source: cell(3) };
        const error = validate(input);
        if (error) {
          errors.push({ row: i + 2, ...error });
          continue;
        }
        if (await find(tx, input)) {
          errors.push({ row: i + 2, field: input.issn ? 'issn' : 'title', message: 'duplicate: already listed' });
          continue;
        }
        added.push(await insert(tx, p, input));
        imported += 1;
      }
      return { result: { imported, errors }, added };
    });
    for (const row of added) await this.audit.change('warning_journal', row.id, null, audited(view(row)));
    return result;
  }

  private async requireMaintainer(p: Principal): Promise<void> {
    const level = await organisationLevel(this.ds, p.orgId);
    const commission = level === 'national' || level === 'provincial';
    if (!commission || !p.roles.some((r) => r === 'integrity_admin' || r === 'system_admin')) {
      throw new DomainError(
        'FORBIDDEN',
        'the warning-journal list is kept by national and provincial commissions (integrity_admin or system_admin)',
      );
    }
  }
}

function validate(j: JournalInput): { field: string; message: string } | null {
  if (j.issn && !isValidIssn(j.issn.toUpperCase()))
    return { field: 'issn', message: `"${j.issn}" is not a valid ISSN (NNNN-NNNC, check digit)` };
  if (!j.title || j.title.length > 300) return { field: 'title', message: 'is required (at most 300 characters)' };
  if (!j.source || j.source.length > 300) return { field: 'source', message: 'is required: the list or notice it comes from' };
  return null;
}

async function find(tx: EntityManager, j: JournalInput): Promise<WarningJournalRow | undefined> {
  const rows = j.issn ? await journalsByIssn(tx, j.issn.toUpperCase()) : await journalsWithoutIssnByTitleKey(tx, titleKey(j.title));
  return rows[0];
}

function insert(tx: EntityManager, p: Principal, j: JournalInput): Promise<WarningJournalRow> {
  return insertJournal(tx, {
    id: randomUUID(),
    issn: j.issn ? j.issn.toUpperCase() : null,
    title: j.title,
    titleKey: titleKey(j.title),
    publisher: j.publisher ?? null,
    source: j.source,
    addedBy: p.userId,
  });
}

/** What the audit keeps of a listed journal. */
function audited(v: ReturnType<typeof view>) {
  return { issn: v.issn, title: v.title, publisher: v.publisher, source: v.source };
}

function view(r: WarningJournalRow) {
  return { id: r.id, issn: r.issn, title: r.title, publisher: r.publisher, source: r.source, addedAt: r.added_at.toISOString() };
}
