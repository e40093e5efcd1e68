import { fileError, readUploadedTable } from '../common/tabular-upload';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_POLICY_PROFILE, POLICY_PROFILES } from '@libs/domain/src/policy';
import { AuditService } from '../audit/audit.service';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import { isOrgLevel, ORG_LEVELS, PARENT_LEVELS, type OrgLevel } from '@libs/domain/src/shared';
import {
  insertOrganisations,
  lockOrganisationImport,
  organisationsByRegionCode,
  type NewOrganisation,
  type OrgRow,
} from '@libs/persistence/src/organisations';
import type { ImportErrorView, ImportResultView } from './organisation.view';

/** The part of a multer upload (memory storage) the importer reads. */
export interface UploadedCsv {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 5000;

const COLUMNS = ['name', 'level', 'parentRegionCode', 'regionCode', 'policyProfile'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED_COLUMNS: readonly Column[] = ['name', 'level', 'parentRegionCode', 'regionCode'];
const REGION_CODE = /^\d{6}$/;
const NAME_MAX = 200;

interface CsvRecord {
  row: number;
  values: Record<Column, string>;
  /** A non-empty cell outside the header's named columns. */
  extra: boolean;
}

interface Placed {
  id: string;
  level: OrgLevel;
  path: string;
}

/** A region code claimed by a row of the file: imported (placed) or refused. */
interface FileEntry {
  row: number;
  placed: Placed | null;
}

/**
 * Imports organisations from a CSV file (UTF-8, header `name,level,parentRegionCode,regionCode,policyProfile`).
 * Good rows are imported, bad ones reported row by row; all in one transaction. The region code is the natural key:
 * a row whose code exists is reported as a duplicate, so importing the same file again creates nothing.
 */
@Injectable()
export class OrganisationImportService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: OrgScope,
    private readonly audit: AuditService,
  ) {}

  async import(p: Principal, file: UploadedCsv | undefined): Promise<ImportResultView> {
    const records = await readTable(file);
    const { result, created } = await this.ds.transaction(async (tx) => {
      // Imports run one at a time, so two concurrent imports cannot both create the same region code.
      await lockOrganisationImport(tx);
      const codes = [
        ...new Set(records.flatMap((r) => [r.values.regionCode, r.values.parentRegionCode]).filter((c) => REGION_CODE.test(c))),
      ];
      const existing: OrgRow[] = codes.length ? await organisationsByRegionCode(tx, codes) : [];
      const byCode = new Map(existing.map((o) => [o.region_code, o]));
      const laterRow = new Map<string, number>();
      for (const r of [...records].reverse()) if (REGION_CODE.test(r.values.regionCode)) laterRow.set(r.values.regionCode, r.row);

      const inFile = new Map<string, FileEntry>();
      const errors: ImportErrorView[] = [];
      const created: NewOrganisation[] = [];

      for (const r of records) {
        const v = r.values;
        const rowErrors: ImportErrorView[] = [];
        const fail = (field: Column | null, message: string) => rowErrors.push({ row: r.row, field, message });

        // A region code that exists already: a duplicate, nothing else to say about the row.
        const known = REGION_CODE.test(v.regionCode) ? byCode.get(v.regionCode) : undefined;
        if (known) {
          errors.push({
            row: r.row,
            field: 'regionCode',
            message: this.scope.sees(p, known.path)
              ? `duplicate: organisation ${JSON.stringify(known.name)} (${known.id}) already has region code ${v.regionCode}`
              : `duplicate: region code ${v.regionCode} is already in use`,
          });
          continue;
        }

        if (r.extra) fail(null, 'the row has values outside the header’s columns');
        if (!v.name) fail('name', 'required');
        else if (v.name.length > NAME_MAX) fail('name', `at most ${NAME_MAX} characters`);
        const level = v.level.toLowerCase();
        if (!level) fail('level', 'required');
        else if (!isOrgLevel(level)) fail('level', `must be one of ${ORG_LEVELS.join(', ')}`);
        if (!v.regionCode) fail('regionCode', 'required');
        else if (!REGION_CODE.test(v.regionCode)) fail('regionCode', 'must be 6 digits (administrative-region code)');
        else if (inFile.has(v.regionCode)) fail('regionCode', `duplicate of row ${inFile.get(v.regionCode)!.row}`);
        const profile = v.policyProfile || DEFAULT_POLICY_PROFILE;
        if (!Object.prototype.hasOwnProperty.call(POLICY_PROFILES, profile)) {
          fail('policyProfile', `must be one of ${Object.keys(POLICY_PROFILES).join(', ')} (empty: ${DEFAULT_POLICY_PROFILE})`);
        }

        const parent = this.parentOf(p, r, level, byCode, inFile, laterRow, fail);

        if (REGION_CODE.test(v.regionCode) && !inFile.has(v.regionCode)) {
          let placed: Placed | null = null;
          if (rowErrors.length === 0 && parent && isOrgLevel(level)) {
            const id = randomUUID();
            placed = { id, level, path: `${parent.path}/${id}` };
            created.push({
              id,
              name: v.name,
              level,
              parentId: parent.id,
              path: placed.path,
              regionCode: v.regionCode,
              policyProfile: profile,
            });
          }
          inFile.set(v.regionCode, { row: r.row, placed });
        }
        errors.push(...rowErrors);
      }

      if (created.length) {
        await insertOrganisations(tx, created);
      }
      return { result: { imported: created.length, errors }, created };
    });
    // Each organisation created (RULES.md §7: before/after), once the import committed.
    for (const o of created) await this.audit.change('organisation', o.id, null, o);
    return result;
  }

  /**
   * The row's parent: an existing organisation of the caller's subtree, or an earlier row of the same file that was
   * imported; it must sit exactly one level up (PARENT_LEVELS). Reports what is wrong through `fail`.
   */
  private parentOf(
    p: Principal,
    r: CsvRecord,
    level: string,
    byCode: Map<string, OrgRow>,
    inFile: Map<string, FileEntry>,
    laterRow: Map<string, number>,
    fail: (field: Column | null, message: string) => void,
  ): Placed | null {
    const code = r.values.parentRegionCode;
    if (level === 'national') {
      if (code) fail('parentRegionCode', 'a national organisation has no parent; leave it empty');
      // Every caller sits in the existing tree, so a second root would be outside every caller's scope.
      else fail('level', 'a new national organisation would be a second root, outside your scope; import organisations below your own');
      return null;
    }
    if (!code) {
      fail('parentRegionCode', 'required (the region code of the organisation one level up)');
      return null;
    }
    if (!REGION_CODE.test(code)) {
      fail('parentRegionCode', 'must be 6 digits (administrative-region code)');
      return null;
    }
    if (code === r.values.regionCode) {
      fail('parentRegionCode', 'an organisation cannot be its own parent');
      return null;
    }
    // Earlier rows first, then the order rule, then the database: the verdict depends on the file and on organisations
    // outside it only, so importing the same file again gives the same answers (rows imported the first time then
    // count as duplicates) and creates nothing.
    let parent: Placed;
    const earlier = inFile.get(code);
    const later = laterRow.get(code);
    const existing = byCode.get(code);
    if (earlier) {
      if (!earlier.placed) {
        fail('parentRegionCode', `the parent (row ${earlier.row}) was not imported`);
        return null;
      }
      parent = earlier.placed;
    } else if (later !== undefined && later > r.row) {
      fail('parentRegionCode', `the parent is row ${later}; parents must come before their children`);
      return null;
    } else if (existing && this.scope.sees(p, existing.path)) {
      parent = { id: existing.id, level: existing.level as OrgLevel, path: existing.path };
    } else {
      fail('parentRegionCode', `no organisation with region code ${code} in your scope or earlier in this file`);
      return null;
    }
    if (isOrgLevel(level) && !PARENT_LEVELS[level].includes(parent.level)) {
      fail(
        'parentRegionCode',
        `a ${level} organisation must sit directly under a ${PARENT_LEVELS[level].join(' or ')} one; ${code} is ${parent.level}`,
      );
      return null;
    }
    return parent;
  }
}

/** The upload as records with named values; refuses the file as a whole (400/415) when it cannot be read as a table. */
async function readTable(file: UploadedCsv | undefined): Promise<CsvRecord[]> {
  const table = await readUploadedTable(file);
  const header = (table[0] ?? []).map((h) => h.trim());
  const byLower = new Map(COLUMNS.map((c) => [c.toLowerCase(), c]));
  const index = new Map<Column, number>();
  const unknown: string[] = [];
  header.forEach((h, i) => {
    const col = byLower.get(h.toLowerCase());
    if (!col) {
      if (h) unknown.push(h);
    } else if (index.has(col)) {
      throw fileError(`header: column "${col}" appears twice`);
    } else {
      index.set(col, i);
    }
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length || unknown.length) {
    throw fileError(
      [missing.length ? `missing column(s) ${missing.join(', ')}` : '', unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '']
        .filter(Boolean)
        .join('; ') + `; the header must be ${COLUMNS.join(',')}`,
    );
  }

  const mapped = new Set(index.values());
  const records: CsvRecord[] = [];
  table.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return; // blank line
    const values = Object.fromEntries(COLUMNS.map((c) => [c, index.has(c) ? (cells[index.get(c)!] ?? '').trim() : ''])) as Record<
      Column,
      string
    >;
    const extra = cells.some((c, j) => !mapped.has(j) && c.trim() !== '');
    records.push({ row: i + 2, values, extra });
  });
  if (records.length === 0) throw fileError('the file has a header but no rows');
  if (records.length > IMPORT_MAX_ROWS) throw fileError(`at most ${IMPORT_MAX_ROWS} rows per file (this one has ${records.length})`);
  return records;
}
