/**
 * The one writer of `archive_persons` and `training_records` (integrity archives, issue 22 point 3; 000 §6, §15), and the
 * reads of an archive page. A person is known by the keyed hash of the ID number (one row per hash); the number itself
 * is stored sealed and shown masked. Persons enter when a decision naming them takes effect (decisions.ts), when they
 * are registered in the registry (registry.ts) and when a training is recorded for them.
 */
import type { Queryable } from './queryable';

export interface PersonIdentity {
  name: string;
  organisation: string;
  idNumberEnc: string;
  idNumberHash: string;
  idNumberMasked: string;
}

/** The person's archive row (created when unknown; an existing one is left as it is). Returns its id. */
export async function ensurePerson(q: Queryable, p: PersonIdentity): Promise<string> {
  const rows = (await q.query(
    `WITH ins AS (
       INSERT INTO archive_persons (id, person_name, organisation, id_number_enc, id_number_hash, id_number_masked)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5) ON CONFLICT (id_number_hash) DO NOTHING RETURNING id)
     SELECT id FROM ins UNION ALL SELECT id FROM archive_persons WHERE id_number_hash = $4 LIMIT 1`,
    [p.name, p.organisation, p.idNumberEnc, p.idNumberHash, p.idNumberMasked],
  )) as Array<{ id: string }>;
  return rows[0]!.id;
}

/** Authors of a decision form (sealed ID numbers), each ensured. */
export async function ensurePersons(
  q: Queryable,
  authors: ReadonlyArray<{ name: string; organisation: string; idNumberEnc?: string; idNumberHash?: string; idNumberMasked?: string }>,
): Promise<void> {
  for (const a of authors) {
    if (!a.idNumberEnc || !a.idNumberHash || !a.idNumberMasked) continue;
    await ensurePerson(q, {
      name: a.name,
      organisation: a.organisation ?? '',
      idNumberEnc: a.idNumberEnc,
      idNumberHash: a.idNumberHash,
      idNumberMasked: a.idNumberMasked,
    });
  }
}

export interface ArchivePersonRow {
  id: string;
  person_name: string;
  organisation: string;
  id_number_masked: string;
  id_number_hash: string;
  created_at: Date;
}

const PERSON_COLS = `id, person_name, organisation, id_number_masked, id_number_hash, created_at`;

/** By full ID number (its hashes under every key in use), masked ID number, or part of the name. */
export async function searchPersons(
  q: Queryable,
  s: { hashes: readonly string[]; masked: string; namePattern: string; limit: number; offset: number },
): Promise<{ rows: ArchivePersonRow[]; total: number }> {
  const where = `id_number_hash = ANY($1::text[]) OR id_number_masked = $2 OR person_name LIKE $3`;
  const args = [[...s.hashes], s.masked, s.namePattern];
  const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM archive_persons WHERE ${where}`, args)) as Array<{ n: number }>;
  const rows = (await q.query(
    `SELECT ${PERSON_COLS} FROM archive_persons WHERE ${where} ORDER BY person_name, id_number_masked, id LIMIT $4 OFFSET $5`,
    [...args, s.limit, s.offset],
  )) as ArchivePersonRow[];
  return { rows, total: n };
}

export async function personById(q: Queryable, id: string): Promise<ArchivePersonRow | undefined> {
  return ((await q.query(`SELECT ${PERSON_COLS} FROM archive_persons WHERE id = $1`, [id])) as ArchivePersonRow[])[0];
}

export interface PersonCaseRow {
  id: string;
  number: string;
  title: string;
  phase: string;
  handling_org_id: string;
  handling_org_name: string;
  org_path: string;
  received_at: string;
  link: 'decision_author' | 'subject';
}

/**
 * Cases with the person as subject: named by ID number in a decision form of the case (any version), or, [decision] where
 * no form names them, listed among the case's subjects by the same name and unit (subjects carry no ID number). Only
 * cases whose handling organisation's path starts with `scopePath` (the caller's subtree).
 */
export async function casesOfPerson(
  q: Queryable,
  p: { hash: string; name: string; organisation: string; scopePath: string; scopeLike: string },
): Promise<PersonCaseRow[]> {
  return (await q.query(
    `WITH by_form AS (
       SELECT DISTINCT d.case_id FROM decisions d, jsonb_array_elements(coalesce(d.form->'authors', '[]'::jsonb)) a WHERE a->>'idNumberHash' = $1),
     by_subject AS (
       SELECT c.id AS case_id FROM cases c, jsonb_array_elements(coalesce(c.details->'subjects', '[]'::jsonb)) s
        WHERE s->>'name' = $2 AND (s->>'organisation' IS NULL OR s->>'organisation' = '' OR s->>'organisation' = $3))
     SELECT c.id, c.number, c.title, c.phase, c.handling_org_id, o.name AS handling_org_name, c.handling_org_path AS org_path,
            to_char(c.received_at, 'YYYY-MM-DD') AS received_at,
            CASE WHEN c.id IN (SELECT case_id FROM by_form) THEN 'decision_author' ELSE 'subject' END AS link
       FROM cases c JOIN organisations o ON o.id = c.handling_org_id
      WHERE (c.id IN (SELECT case_id FROM by_form) OR c.id IN (SELECT case_id FROM by_subject))
        AND (c.handling_org_path = $4 OR c.handling_org_path LIKE $5)
      ORDER BY c.received_at, c.number`,
    [p.hash, p.name, p.organisation, p.scopePath, p.scopeLike],
  )) as PersonCaseRow[];
}

export interface PersonDecisionRow {
  id: string;
  case_id: string;
  case_number: string;
  handling_org_name: string;
  version: number;
  status: string;
  result: string;
  effective_date: string | null;
  profile: string;
  author: {
    order: number;
    penalise: boolean;
    severity?: string;
    misconductTypes?: string[];
    measures?: Array<{ code: string; years?: number; permanent?: boolean; text?: string }>;
  };
}

/** Decisions that took effect (whatever became of them since) naming the person by ID number. */
export async function decisionsOfPerson(q: Queryable, hash: string): Promise<PersonDecisionRow[]> {
  return (await q.query(
    `SELECT d.id, d.case_id, c.number AS case_number, o.name AS handling_org_name, d.version, d.status, d.result,
            to_char(d.effective_date, 'YYYY-MM-DD') AS effective_date, c.policy_profile AS profile,
            (a - 'idNumber' - 'idNumberEnc' - 'idNumberHash' - 'idNumberMasked' - 'name' - 'organisation') AS author
       FROM decisions d JOIN cases c ON c.id = d.case_id JOIN organisations o ON o.id = c.handling_org_id,
            jsonb_array_elements(coalesce(d.form->'authors', '[]'::jsonb)) a
      WHERE a->>'idNumberHash' = $1 AND d.status NOT IN ('draft', 'pending')
      ORDER BY d.effective_date, c.number, d.version`,
    [hash],
  )) as PersonDecisionRow[];
}

export interface TrainingRecordRow {
  id: string;
  title: string;
  kind: string;
  hours: string | null;
  completed_on: string;
  provider: string | null;
  source: string;
  org_name: string;
  recorded_at: Date;
}

/** A training record; the same person, title and day once (an import run twice adds nothing). True when recorded. */
export async function insertTraining(
  q: Queryable,
  t: {
    id: string;
    personId: string;
    title: string;
    kind: string;
    hours: number | null;
    completedOn: string;
    provider: string | null;
    source: 'manual' | 'import';
    orgId: string;
    userId: string;
  },
): Promise<boolean> {
  const rows = (await q.query(
    `INSERT INTO training_records (id, person_id, title, kind, hours, completed_on, provider, source, org_id, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10) ON CONFLICT (person_id, title, completed_on) DO NOTHING RETURNING id`,
    [t.id, t.personId, t.title, t.kind, t.hours, t.completedOn, t.provider, t.source, t.orgId, t.userId],
  )) as unknown[];
  return rows.length > 0;
}

export async function trainingsOfPerson(q: Queryable, personId: string): Promise<TrainingRecordRow[]> {
  return (await q.query(
    `SELECT t.id, t.title, t.kind, t.hours::text AS hours, to_char(t.completed_on, 'YYYY-MM-DD') AS completed_on, t.provider, t.source, o.name AS org_name, t.recorded_at
       FROM training_records t JOIN organisations o ON o.id = t.org_id WHERE t.person_id = $1 ORDER BY t.completed_on, t.title`,
    [personId],
  )) as TrainingRecordRow[];
}

export async function trainingById(q: Queryable, id: string): Promise<TrainingRecordRow | undefined> {
  return (
    (await q.query(
      `SELECT t.id, t.title, t.kind, t.hours::text AS hours, to_char(t.completed_on, 'YYYY-MM-DD') AS completed_on, t.provider, t.source, o.name AS org_name, t.recorded_at
       FROM training_records t JOIN organisations o ON o.id = t.org_id WHERE t.id = $1`,
      [id],
    )) as TrainingRecordRow[]
  )[0];
}
