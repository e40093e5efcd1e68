/**
 * The one writer of `registry_entries` and `registry_entry_history` (RULES.md §6), and the reads the bar check makes.
 * Entries are born when a decision takes effect and revoked with it (decisions.ts, from the projection); an issuing
 * organisation's integrity administrator changes one (a reduction, 003 art.40; a changed decision's new period).
 * Entries are also registered by hand (issue 22 point 2, `insertManualEntries`): when a decision of the system takes
 * effect, each of its entries first takes over the hand-registered entry it answers (libs/domain/src/archive/
 * manual-entry.ts `pickManualEntry`), so the person keeps one entry, with the change in its history.
 *
 * `ends_on` is the last barred day, inclusive (libs/domain/src/decision/registry-bar.ts).
 */
import { pickManualEntry, type ManualCandidate } from '@libs/domain/src/archive/manual-entry';
import { ensurePerson } from './archives';
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
  /** The severity level of the author's finding (the archives' 一票否决, 000 §6); null when the form has none. */
  severity?: string | null;
}

/**
 * Unique by (decision, author, measure): a retried projection adds nothing. Each entry first takes over the
 * hand-registered entry of the same person it answers (pickManualEntry): that entry gets the decision, its case and
 * the decision's period, one history row with the values before and after; otherwise a new entry is recorded.
 */
export async function recordEntries(q: Queryable, entries: NewRegistryEntry[]): Promise<void> {
  for (const e of entries) {
    const [known] = (await q.query(`SELECT 1 FROM registry_entries WHERE decision_id = $1 AND author_order = $2 AND measure_code = $3`, [
      e.decisionId,
      e.authorOrder,
      e.measureCode,
    ])) as unknown[];
    if (known) continue;
    await ensurePerson(q, {
      name: e.personName,
      organisation: e.organisation,
      idNumberEnc: e.idNumberEnc,
      idNumberHash: e.idNumberHash,
      idNumberMasked: e.idNumberMasked,
    });
    const candidates: Array<ManualCandidate & { ends_on: string | null; permanent: boolean; starts_on: string }> = (await q.query(
      `SELECT id, profile, measure_code AS measure, status, decision_id AS "decisionId", expected_case_id AS "expectedCaseId",
                awaits_decision AS "awaitsDecision", to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS "createdAt",
                to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, permanent
           FROM registry_entries WHERE origin = 'manual' AND decision_id IS NULL AND id_number_hash = $1 FOR UPDATE`,
      [e.idNumberHash],
    )) as Array<ManualCandidate & { ends_on: string | null; permanent: boolean; starts_on: string }>;
    const manual = pickManualEntry(candidates, { caseId: e.caseId, profile: e.profile, measure: e.measureCode });
    if (manual) {
      await q.query(
        `UPDATE registry_entries SET decision_id = $2, case_id = $3, author_order = $4, measure_label = $5, starts_on = $6::date, ends_on = $7::date,
                permanent = $8, severity = coalesce($9, severity), reconciled_at = now(), updated_at = now()
          WHERE id = $1`,
        [manual.id, e.decisionId, e.caseId, e.authorOrder, e.measureLabel, e.startsOn, e.endsOn, e.permanent, e.severity ?? null],
      );
      await q.query(`INSERT INTO registry_entry_history (entry_id, changed_by, reason, before, after) VALUES ($1, NULL, $2, $3, $4)`, [
        manual.id,
        '处理决定生效：登记在先的条目与该决定对账合并（一人一条）',
        JSON.stringify({
          startsOn: manual.starts_on,
          endsOn: manual.ends_on,
          permanent: manual.permanent,
          status: manual.status,
          decisionId: null,
        }),
        JSON.stringify({ startsOn: e.startsOn, endsOn: e.endsOn, permanent: e.permanent, status: manual.status, decisionId: e.decisionId }),
      ]);
      continue;
    }
    await q.query(
      `INSERT INTO registry_entries (id, decision_id, case_id, author_order, person_name, organisation, id_number_enc, id_number_hash,
         id_number_masked, profile, measure_code, measure_label, starts_on, ends_on, permanent, status, severity)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::date, $13::date, $14, 'active', $15)
       ON CONFLICT (decision_id, author_order, measure_code) DO NOTHING`,
      [
        e.decisionId,
        e.caseId,
        e.authorOrder,
        e.personName,
        e.organisation,
        e.idNumberEnc,
        e.idNumberHash,
        e.idNumberMasked,
        e.profile,
        e.measureCode,
        e.measureLabel,
        e.startsOn,
        e.endsOn,
        e.permanent,
        e.severity ?? null,
      ],
    );
  }
}

export interface NewManualEntry {
  registrationId: string;
  registeredOrgId: string;
  registeredBy: string;
  personName: string;
  organisation: string;
  idNumberEnc: string;
  idNumberHash: string;
  idNumberMasked: string;
  profile: string;
  severity: string | null;
  provenance: Record<string, unknown>;
  awaitsDecision: boolean;
  expectedCaseId: string | null;
  measures: Array<{ code: string; label: string; endsOn: string | null; permanent: boolean }>;
  startsOn: string;
}

/** A registration by hand: one entry per measure, grouped by `registrationId`, each with its first history row. */
export async function insertManualEntries(q: Queryable, m: NewManualEntry): Promise<string[]> {
  await ensurePerson(q, {
    name: m.personName,
    organisation: m.organisation,
    idNumberEnc: m.idNumberEnc,
    idNumberHash: m.idNumberHash,
    idNumberMasked: m.idNumberMasked,
  });
  const ids: string[] = [];
  for (const x of m.measures) {
    const [row] = (await q.query(
      `INSERT INTO registry_entries (id, origin, registration_id, registered_org_id, registered_by, person_name, organisation, id_number_enc, id_number_hash,
         id_number_masked, profile, measure_code, measure_label, starts_on, ends_on, permanent, status, severity, provenance, awaits_decision, expected_case_id)
       VALUES (gen_random_uuid(), 'manual', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::date, $13::date, $14, 'active', $15, $16, $17, $18)
       RETURNING id`,
      [
        m.registrationId,
        m.registeredOrgId,
        m.registeredBy,
        m.personName,
        m.organisation,
        m.idNumberEnc,
        m.idNumberHash,
        m.idNumberMasked,
        m.profile,
        x.code,
        x.label,
        m.startsOn,
        x.endsOn,
        x.permanent,
        m.severity,
        JSON.stringify(m.provenance),
        m.awaitsDecision,
        m.expectedCaseId,
      ],
    )) as Array<{ id: string }>;
    ids.push(row!.id);
    await q.query(`INSERT INTO registry_entry_history (entry_id, changed_by, reason, before, after) VALUES ($1, $2, $3, NULL, $4)`, [
      row!.id,
      m.registeredBy,
      '人工登记',
      JSON.stringify({ startsOn: m.startsOn, endsOn: x.endsOn, permanent: x.permanent, status: 'active' }),
    ]);
  }
  return ids;
}

/** The provenance document of hand-registered entries (one registration), as stored. */
export async function attachDocument(q: Queryable, registrationId: string, document: Record<string, unknown>): Promise<void> {
  await q.query(`UPDATE registry_entries SET document = $2, updated_at = now() WHERE registration_id = $1`, [
    registrationId,
    JSON.stringify(document),
  ]);
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
export async function changeEntry(
  q: Queryable,
  c: { id: string; before: EntryValues; after: EntryValues; userId: string; reason: string },
): Promise<void> {
  await q.query(`UPDATE registry_entries SET ends_on = $2, permanent = $3, status = $4, updated_at = now() WHERE id = $1`, [
    c.id,
    c.after.endsOn,
    c.after.permanent,
    c.after.status,
  ]);
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
  case_id: string | null;
  case_number: string | null;
  /** Who may change the entry: the issuing case's organisation, or the registering organisation of a hand entry. */
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
  /** null: registered by hand and not (yet) taken over by a decision of the system. */
  decision_status: string | null;
  decision_id: string | null;
  origin: 'decision' | 'manual';
  registration_id: string | null;
  registered_org_id: string | null;
  registered_org_name: string | null;
  severity: string | null;
  provenance: Record<string, unknown> | null;
  awaits_decision: boolean;
  expected_case_number: string | null;
  reconciled_at: Date | null;
  document: Record<string, unknown> | null;
  created_at: Date;
  author_order: number | null;
}

/** Columns of an entry as the registry's answers show it, with its decision's status (none for a hand entry). */
export const ENTRY_SELECT = `SELECT r.id, r.case_id, c.number AS case_number, coalesce(c.handling_org_id, r.registered_org_id) AS handling_org_id,
  r.person_name, r.organisation, r.id_number_masked,
  r.profile, r.measure_code, r.measure_label, to_char(r.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(r.ends_on, 'YYYY-MM-DD') AS ends_on,
  r.permanent, r.status, d.status AS decision_status, r.decision_id, r.origin, r.registration_id, r.registered_org_id, ro.name AS registered_org_name,
  r.severity, r.provenance, r.awaits_decision, ec.number AS expected_case_number, r.reconciled_at, r.document, r.created_at, r.author_order
  FROM registry_entries r LEFT JOIN cases c ON c.id = r.case_id LEFT JOIN decisions d ON d.id = r.decision_id
  LEFT JOIN organisations ro ON ro.id = r.registered_org_id LEFT JOIN cases ec ON ec.id = r.expected_case_id`;

/** Every entry of one person (by the keyed hashes of the ID number: one per key in use), whatever its status: the bar
 *  check decides. */
export async function entriesOfPerson(q: Queryable, idNumberHashes: readonly string[]): Promise<PersonEntryRow[]> {
  return (await q.query(`${ENTRY_SELECT} WHERE r.id_number_hash = ANY($1::text[]) ORDER BY r.starts_on, r.profile, r.measure_code`, [
    [...idNumberHashes],
  ])) as PersonEntryRow[];
}

/** Entries found by ID-number hash, masked ID number or part of the name (`namePattern`, a LIKE pattern), by name and
 *  start (at most 200). */
export async function searchEntries(
  q: Queryable,
  idNumberHashes: readonly string[],
  masked: string,
  namePattern: string,
): Promise<PersonEntryRow[]> {
  return (await q.query(
    `${ENTRY_SELECT} WHERE r.id_number_hash = ANY($1) OR r.id_number_masked = $2 OR r.person_name LIKE $3 ORDER BY r.person_name, r.starts_on LIMIT 200`,
    [idNumberHashes, masked, namePattern],
  )) as PersonEntryRow[];
}

export async function findEntry(q: Queryable, id: string): Promise<PersonEntryRow | undefined> {
  const rows = (await q.query(`${ENTRY_SELECT} WHERE r.id = $1`, [id])) as PersonEntryRow[];
  return rows[0];
}

/** An entry's changes, oldest first. */
export async function entryHistory(
  q: Queryable,
  id: string,
): Promise<Array<{ changed_at: Date; reason: string; before: unknown; after: unknown }>> {
  return (await q.query(`SELECT changed_at, reason, before, after FROM registry_entry_history WHERE entry_id = $1 ORDER BY id`, [
    id,
  ])) as Array<{
    changed_at: Date;
    reason: string;
    before: unknown;
    after: unknown;
  }>;
}

/** The entries of `ids`, by measure code. */
export async function entriesByIds(q: Queryable, ids: readonly string[]): Promise<PersonEntryRow[]> {
  return (await q.query(`${ENTRY_SELECT} WHERE r.id = ANY($1::uuid[]) ORDER BY r.measure_code`, [ids])) as PersonEntryRow[];
}

export interface EntryListSpec {
  /** `decision` or `manual`; null for both. */
  origin: string | null;
  /** The search text ('' for all): a full or masked ID number (by `idNumberHashes`), part of a name or a decision
   *  number (`pattern`, a LIKE pattern), or a case number. */
  term: string;
  idNumberHashes: readonly string[];
  pattern: string;
  page: number;
  pageSize: number;
}

/** One page of entries, newest first, and the number of all that match. */
export async function listEntries(q: Queryable, spec: EntryListSpec): Promise<{ total: number; rows: PersonEntryRow[] }> {
  const where = `($1::text IS NULL OR r.origin = $1) AND ($2 = '' OR r.id_number_hash = ANY($3::text[]) OR r.id_number_masked = $2 OR r.person_name LIKE $4
      OR r.provenance->>'decisionNumber' LIKE $4 OR c.number = $2)`;
  const args = [spec.origin, spec.term, spec.idNumberHashes, spec.pattern];
  const [{ n }] = (await q.query(
    `SELECT count(*)::int AS n FROM registry_entries r LEFT JOIN cases c ON c.id = r.case_id WHERE ${where}`,
    args,
  )) as Array<{ n: number }>;
  const rows = (await q.query(`${ENTRY_SELECT} WHERE ${where} ORDER BY r.created_at DESC, r.id LIMIT $5 OFFSET $6`, [
    ...args,
    spec.pageSize,
    (spec.page - 1) * spec.pageSize,
  ])) as PersonEntryRow[];
  return { total: n, rows };
}

/** Every entry under one keyed hash of an ID number, whatever its status. */
export async function entriesOfHash(q: Queryable, idNumberHash: string): Promise<PersonEntryRow[]> {
  return (await q.query(`${ENTRY_SELECT} WHERE r.id_number_hash = $1 ORDER BY r.starts_on, r.profile, r.measure_code`, [
    idNumberHash,
  ])) as PersonEntryRow[];
}

/** The changes of several entries, oldest first. */
export async function entryHistories(
  q: Queryable,
  ids: readonly string[],
): Promise<Array<{ entry_id: string; changed_at: Date; reason: string; before: unknown; after: unknown }>> {
  return (await q.query(
    `SELECT entry_id, changed_at, reason, before, after FROM registry_entry_history WHERE entry_id = ANY($1::uuid[]) ORDER BY id`,
    [ids],
  )) as Array<{
    entry_id: string;
    changed_at: Date;
    reason: string;
    before: unknown;
    after: unknown;
  }>;
}
