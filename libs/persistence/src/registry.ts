/**
 * The one writer of `registry_entries` and `registry_entry_history` (RULES.md §6), and the reads the bar check makes.
 * Entries are born when a decision takes effect and revoked with it (decisions.ts, from the projection); an issuing
 * organisation's integrity administrator changes one (a reduction, 003 art.40; a changed decision's new period).
 *
 * `ends_on` is the last barred day, inclusive (libs/domain/src/decision/registry-bar.ts).
 */
import type { Queryable } from './queryable';

export interface NewRegistryEntry {
  decisionId: string;
  caseId: string;
  authorOrder: number;
  personName: string;
  organisation: string;
  idNumberEnc: string;
  idNumberHash: string;
  idNumberMasked: string;
  profile: string;
  measureCode: string;
  measureLabel: string;
  startsOn: string;
  endsOn: string | null;
  permanent: boolean;
}

/** Unique by (decision, author, measure): a retried projection adds nothing. */
export async function recordEntries(q: Queryable, entries: NewRegistryEntry[]): Promise<void> {
  for (const e of entries) {
    await q.query(
      `INSERT INTO registry_entries (id, decision_id, case_id, author_order, person_name, organisation, id_number_enc, id_number_hash,
         id_number_masked, profile, measure_code, measure_label, starts_on, ends_on, permanent, status)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::date, $13::date, $14, 'active')
       ON CONFLICT (decision_id, author_order, measure_code) DO NOTHING`,
      [e.decisionId, e.caseId, e.authorOrder, e.personName, e.organisation, e.idNumberEnc, e.idNumberHash, e.idNumberMasked, e.profile,
        e.measureCode, e.measureLabel, e.startsOn, e.endsOn, e.permanent],
    );
  }
}

/** The decision was revoked: its entries stop counting, each change kept in the entry's history. Only entries not yet
 *  revoked are touched, so a retry adds no second history row. */
export async function revokeEntriesOfDecision(q: Queryable, decisionId: string, reason: string): Promise<void> {
  await q.query(
    `WITH revoked AS (
       UPDATE registry_entries r SET status = 'revoked', updated_at = now()
        WHERE r.decision_id = $1 AND r.status <> 'revoked'
       RETURNING r.id, r.ends_on, r.permanent, (SELECT status FROM registry_entries o WHERE o.id = r.id) AS old_status
     )
     INSERT INTO registry_entry_history (entry_id, changed_by, reason, before, after)
     SELECT id, NULL, $2, jsonb_build_object('endsOn', ends_on, 'permanent', permanent, 'status', old_status),
            jsonb_build_object('endsOn', ends_on, 'permanent', permanent, 'status', 'revoked')
       FROM revoked`,
    [decisionId, reason],
  );
}

export interface EntryValues {
  endsOn: string | null;
  permanent: boolean;
  status: string;
}

/** An administrator's change of one entry, with its history row (before, after, who, why). */
export async function changeEntry(q: Queryable, c: { id: string; before: EntryValues; after: EntryValues; userId: string; reason: string }): Promise<void> {
  await q.query(`UPDATE registry_entries SET ends_on = $2, permanent = $3, status = $4, updated_at = now() WHERE id = $1`, [c.id, c.after.endsOn, c.after.permanent, c.after.status]);
  await q.query(`INSERT INTO registry_entry_history (entry_id, changed_by, reason, before, after) VALUES ($1, $2, $3, $4, $5)`, [
    c.id,
    c.userId,
    c.reason,
    JSON.stringify(c.before),
    JSON.stringify(c.after),
  ]);
}

export interface PersonEntryRow {
  id: string;
  case_id: string;
  case_number: string;
  handling_org_id: string;
  person_name: string;
  organisation: string;
  id_number_masked: string;
  profile: string;
  measure_code: string;
  measure_label: string;
  starts_on: string;
  ends_on: string | null;
  permanent: boolean;
  status: string;
  decision_status: string;
}

/** Columns of an entry as the registry's answers show it, with its decision's status. */
export const ENTRY_SELECT = `SELECT r.id, r.case_id, c.number AS case_number, c.handling_org_id, r.person_name, r.organisation, r.id_number_masked,
  r.profile, r.measure_code, r.measure_label, to_char(r.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(r.ends_on, 'YYYY-MM-DD') AS ends_on,
  r.permanent, r.status, d.status AS decision_status
  FROM registry_entries r JOIN cases c ON c.id = r.case_id JOIN decisions d ON d.id = r.decision_id`;

/** Every entry of one person (by the keyed hashes of the ID number: one per key in use), whatever its status: the bar
 *  check decides. */
export async function entriesOfPerson(q: Queryable, idNumberHashes: readonly string[]): Promise<PersonEntryRow[]> {
  return (await q.query(`${ENTRY_SELECT} WHERE r.id_number_hash = ANY($1::text[]) ORDER BY r.starts_on, r.profile, r.measure_code`, [
    [...idNumberHashes],
  ])) as PersonEntryRow[];
}
