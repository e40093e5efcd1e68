/**
 * The one writer of `warning_journals` (预警期刊, RULES.md §6; 004): the warning-journal list, looked up by ISSN or by
 * title key (titles compared case-, space- and punctuation-insensitively; the key is made by the caller).
 */
import type { Queryable } from './queryable';
import { prefixPattern } from './like';

export interface WarningJournalRow {
  id: string;
  issn: string | null;
  title: string;
  title_key: string;
  publisher: string | null;
  source: string;
  added_by: string | null;
  added_at: Date;
}

/** The journal with this ISSN (upper case), if listed. */
export async function journalsByIssn(q: Queryable, issn: string): Promise<WarningJournalRow[]> {
  return (await q.query(`SELECT * FROM warning_journals WHERE issn = $1`, [issn])) as WarningJournalRow[];
}

/** Journals whose title key starts with `key`, by title (at most 100). */
export async function journalsByTitlePrefix(q: Queryable, key: string): Promise<WarningJournalRow[]> {
  return (await q.query(`SELECT * FROM warning_journals WHERE title_key LIKE $1 ORDER BY title LIMIT 100`, [
    prefixPattern(key),
  ])) as WarningJournalRow[];
}

/** A journal without ISSN listed under exactly this title key. */
export async function journalsWithoutIssnByTitleKey(q: Queryable, key: string): Promise<WarningJournalRow[]> {
  return (await q.query(`SELECT * FROM warning_journals WHERE issn IS NULL AND title_key = $1`, [key])) as WarningJournalRow[];
}

export async function insertJournal(
  q: Queryable,
  j: { id: string; issn: string | null; title: string; titleKey: string; publisher: string | null; source: string; addedBy: string },
): Promise<WarningJournalRow> {
  const [row] = (await q.query(
    `INSERT INTO warning_journals (id, issn, title, title_key, publisher, source, added_by) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *`,
    [j.id, j.issn, j.title, j.titleKey, j.publisher, j.source, j.addedBy],
  )) as WarningJournalRow[];
  return row!;
}

/** Removes a journal from the list; the removed row, or undefined when there was none. */
export async function deleteJournal(q: Queryable, id: string): Promise<WarningJournalRow | undefined> {
  // TypeORM answers [rows, affected] for DELETE.
  const res = (await q.query(`DELETE FROM warning_journals WHERE id = $1 RETURNING *`, [id])) as [WarningJournalRow[], number];
  return res[1] === 0 ? undefined : res[0][0];
}
