/**
 * The one writer of `leads`, `lead_counters`, `lead_events`, `lead_deadlines`, `lead_review_queue` and
 * `organisations.aliases` (migration 1765900000000), and the reads the API and the activities make of them. Typed rows;
 * every statement parameterised.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { containsPattern, likeEscapeSql } from './like';

type Q = Pick<DataSource | EntityManager, 'query'>;

/** Rows of an UPDATE … RETURNING: TypeORM answers [rows, count] for it on PostgreSQL (an INSERT answers the rows). */
function updated<T>(res: T[] | [T[], number]): T[] {
  return Array.isArray(res[0]) ? (res[0] as T[]) : (res as T[]);
}

export interface LeadRow {
  id: string;
  number: string;
  number_org_id: string;
  workflow_id: string;
  origin: string;
  category: string;
  title: string;
  doi: string | null;
  authors: string[];
  institution: string | null;
  journal: string | null;
  published_on: string | null;
  retraction_date: string | null;
  summary: string | null;
  source_ref: string | null;
  details: Record<string, unknown>;
  paper_id: string | null;
  status: string;
  holder_org_id: string;
  holder_path: string;
  holder_name: string;
  holder_level: string;
  case_id: string | null;
  case_number: string | null;
  close_reason: string | null;
  close_note: string | null;
  triage_due_date: string | null;
  triage_status: string | null;
  version: number;
  view: Record<string, unknown> | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  /** The current triage deadline (the highest round), as projected. */
  triage: { round: number; orgId: string; orgName: string; dueDate: string; dueAt: string; provisional: boolean; status: string } | null;
}

export interface NewLead {
  id: string;
  number: string;
  numberOrgId: string;
  workflowId: string;
  origin: string;
  category: string;
  title: string;
  doi: string | null;
  authors: string[];
  institution: string | null;
  journal: string | null;
  publishedOn: string | null;
  retractionDate: string | null;
  summary: string | null;
  sourceRef: string | null;
  details: Record<string, unknown>;
  paperId: string | null;
  holderOrgId: string;
  holderPath: string;
  createdBy: string | null;
}

export interface LeadListFilter {
  subtreePath: string;
  status?: string;
  origin?: string;
  category?: string;
  overdue?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

export interface OrgForLeads {
  id: string;
  name: string;
  level: string;
  path: string;
  parent_id: string | null;
  policy_profile: string;
  aliases: string[];
  reminder_policy: unknown;
  profile_reminder_policy: unknown;
}

export interface ReviewQueueRow {
  id: string;
  origin: string;
  source_ref: string;
  title: string;
  doi: string | null;
  institution: string;
  country: string | null;
  record: Record<string, unknown>;
  importer_org_id: string;
  importer_path: string;
  status: string;
  lead_id: string | null;
  note: string | null;
  created_at: Date;
  resolved_at: Date | null;
}

const LEAD_COLUMNS = `l.id, l.number, l.number_org_id, l.workflow_id, l.origin, l.category, l.title, l.doi, l.authors, l.institution, l.journal,
  to_char(l.published_on, 'YYYY-MM-DD') AS published_on, to_char(l.retraction_date, 'YYYY-MM-DD') AS retraction_date, l.summary, l.source_ref, l.details,
  l.paper_id, l.status, l.holder_org_id, l.holder_path, h.name AS holder_name, l.case_id, l.case_number, l.close_reason, l.close_note,
  to_char(l.triage_due_date, 'YYYY-MM-DD') AS triage_due_date, l.triage_status, l.version, l.created_by, l.created_at, l.updated_at,
  h.level AS holder_level,
  (SELECT json_build_object('round', d.round, 'orgId', d.org_id, 'orgName', o.name, 'dueDate', to_char(d.due_date, 'YYYY-MM-DD'), 'dueAt', d.due_at,
                            'provisional', d.provisional, 'status', d.status)
     FROM lead_deadlines d JOIN organisations o ON o.id = d.org_id WHERE d.lead_id = l.id ORDER BY d.round DESC LIMIT 1) AS triage`;

function subtree(column: string, n: number): string {
  return `(${column} = $${n} OR ${column} LIKE ${likeEscapeSql(`$${n}`)} || '/%')`;
}

export class LeadStore {
  constructor(private readonly ds: DataSource) {}

  /** The next number of `orgId` in `month` (YYYYMM): one upsert, so concurrent creations never share a number. */
  async nextNumber(tx: Q, orgId: string, month: string): Promise<number> {
    const rows: Array<{ last: number }> = await tx.query(
      `INSERT INTO lead_counters (org_id, month, last) VALUES ($1, $2, 1)
       ON CONFLICT (org_id, month) DO UPDATE SET last = lead_counters.last + 1 RETURNING last`,
      [orgId, month],
    );
    return rows[0]!.last;
  }

  async insert(tx: Q, l: NewLead): Promise<void> {
    await tx.query(
      `INSERT INTO leads (id, number, number_org_id, workflow_id, origin, category, title, doi, authors, institution, journal, published_on, retraction_date,
         summary, source_ref, details, paper_id, holder_org_id, holder_path, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
      [
        l.id,
        l.number,
        l.numberOrgId,
        l.workflowId,
        l.origin,
        l.category,
        l.title,
        l.doi,
        JSON.stringify(l.authors),
        l.institution,
        l.journal,
        l.publishedOn,
        l.retractionDate,
        l.summary,
        l.sourceRef,
        JSON.stringify(l.details),
        l.paperId,
        l.holderOrgId,
        l.holderPath,
        l.createdBy,
      ],
    );
  }

  /**
   * The first stay's triage deadline, written with the lead (the same values the workflow computes from the same
   * calendar and projects again), so the creator reads the deadline in the answer.
   */
  async insertFirstDeadline(
    tx: Q,
    leadId: string,
    d: { orgId: string; orgPath: string; dueDate: string; dueAt: string; provisional: boolean },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO lead_deadlines (lead_id, round, kind, org_id, due_date, due_at, provisional, status, handling_org_path)
       VALUES ($1, 0, 'lead_triage', $2, $3, $4, $5, 'open', $6) ON CONFLICT (lead_id, round) DO NOTHING`,
      [leadId, d.orgId, d.dueDate, d.dueAt, d.provisional, d.orgPath],
    );
    await tx.query(`UPDATE leads SET triage_due_date = $2, triage_status = COALESCE(triage_status, 'open') WHERE id = $1`, [
      leadId,
      d.dueDate,
    ]);
  }

  /** The lead already holding this DOI or monitoring record, if any (de-duplication). */
  async existing(
    q: Q,
    key: { doi?: string | null; origin?: string; sourceRef?: string | null; paperId?: string | null },
  ): Promise<{ id: string; number: string } | null> {
    const rows: Array<{ id: string; number: string }> = await q.query(
      `SELECT id, number FROM leads
        WHERE ($1::text IS NOT NULL AND doi = $1) OR ($2::text IS NOT NULL AND origin = $3 AND source_ref = $2) OR ($4::uuid IS NOT NULL AND paper_id = $4)
        LIMIT 1`,
      [key.doi ?? null, key.sourceRef ?? null, key.origin ?? null, key.paperId ?? null],
    );
    return rows[0] ?? null;
  }

  async get(id: string, withView = false): Promise<LeadRow | null> {
    const rows: LeadRow[] = await this.ds.query(
      `SELECT ${LEAD_COLUMNS}${withView ? ', l.view' : ''} FROM leads l JOIN organisations h ON h.id = l.holder_org_id WHERE l.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async list(f: LeadListFilter): Promise<{ total: number; rows: LeadRow[] }> {
    const params: unknown[] = [f.subtreePath];
    const where = [subtree('l.holder_path', 1)];
    const add = (sql: (n: number) => string, v: unknown) => {
      params.push(v);
      where.push(sql(params.length));
    };
    if (f.status) add((n) => `l.status = $${n}`, f.status);
    if (f.origin) add((n) => `l.origin = $${n}`, f.origin);
    if (f.category) add((n) => `l.category = $${n}`, f.category);
    if (f.overdue !== undefined) where.push(f.overdue ? `l.triage_status = 'overdue'` : `l.triage_status IS DISTINCT FROM 'overdue'`);
    if (f.q) {
      // the title search escapes its wildcards (one helper); the number and the DOI compare the text as given
      add((n) => `(l.title ILIKE $${n} OR l.number = $${n + 1} OR l.doi = lower($${n + 1}))`, containsPattern(f.q));
      params.push(f.q);
    }
    const filter = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.ds.query(`SELECT count(*)::int AS total FROM leads l WHERE ${filter}`, params);
    const rows: LeadRow[] = await this.ds.query(
      `SELECT ${LEAD_COLUMNS} FROM leads l JOIN organisations h ON h.id = l.holder_org_id WHERE ${filter}
        ORDER BY l.created_at DESC, l.id LIMIT ${Math.trunc(f.limit)} OFFSET ${Math.trunc(f.offset)}`,
      params,
    );
    return { total, rows };
  }

  async timeline(id: string): Promise<Array<{ seq: number; type: string; at: Date; actor: unknown; data: Record<string, unknown> }>> {
    return this.ds.query(`SELECT seq, type, at, actor, data FROM lead_events WHERE lead_id = $1 ORDER BY seq`, [id]);
  }

  async deadlines(id: string): Promise<
    Array<{
      round: number;
      kind: string;
      org_id: string;
      org_name: string;
      due_date: string;
      due_at: Date;
      provisional: boolean;
      status: string;
      resolved_at: Date | null;
    }>
  > {
    return this.ds.query(
      `SELECT d.round, d.kind, d.org_id, o.name AS org_name, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.due_at, d.provisional, d.status, d.resolved_at
         FROM lead_deadlines d JOIN organisations o ON o.id = d.org_id WHERE d.lead_id = $1 ORDER BY d.round`,
      [id],
    );
  }

  /**
   * The projection (lead workflow's local activity): events keyed by (lead, seq), the row only moving forward
   * (`last_event_seq`), the changed deadline rounds upserted. Idempotent: a retry writes nothing twice.
   */
  async project(input: {
    leadId: string;
    status: string;
    holderOrgId: string;
    holderPath: string;
    caseId: string | null;
    caseNumber: string | null;
    closeReason: string | null;
    closeNote: string | null;
    version: number;
    lastEventSeq: number;
    events: Array<{ seq: number; type: string; at: string; actor: unknown; data: Record<string, unknown> }>;
    deadlines: Array<{
      round: number;
      kind: string;
      orgId: string;
      orgPath: string;
      dueDate: string;
      dueAt: string;
      provisional: boolean;
      status: string;
    }>;
    view: Record<string, unknown>;
  }): Promise<'projected' | 'not_registered' | 'stale'> {
    return this.ds.transaction(async (tx) => {
      const exists: unknown[] = await tx.query(`SELECT 1 FROM leads WHERE id = $1`, [input.leadId]);
      if (exists.length === 0) return 'not_registered';
      for (const e of input.events) {
        await tx.query(
          `INSERT INTO lead_events (lead_id, seq, type, at, actor, data) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (lead_id, seq) DO NOTHING`,
          [input.leadId, e.seq, e.type, e.at, e.actor ? JSON.stringify(e.actor) : null, JSON.stringify(e.data)],
        );
      }
      const current = input.deadlines.reduce<(typeof input.deadlines)[number] | null>((a, d) => (!a || d.round > a.round ? d : a), null);
      const moved: unknown[] = updated(
        await tx.query(
          `UPDATE leads SET status = $2, holder_org_id = $3, holder_path = $4, case_id = $5, case_number = $6, close_reason = $7, close_note = $8,
                version = $9, last_event_seq = $10, view = $11::jsonb, updated_at = now(),
                triage_due_date = COALESCE($12::date, triage_due_date), triage_status = COALESCE($13, triage_status)
          WHERE id = $1 AND last_event_seq <= $10 RETURNING 1`,
          [
            input.leadId,
            input.status,
            input.holderOrgId,
            input.holderPath,
            input.caseId,
            input.caseNumber,
            input.closeReason,
            input.closeNote,
            input.version,
            input.lastEventSeq,
            JSON.stringify(input.view),
            current?.dueDate ?? null,
            current?.status ?? null,
          ],
        ),
      );
      if (moved.length === 0) return 'stale';
      for (const d of [...input.deadlines].sort((a, b) => a.round - b.round)) {
        await tx.query(
          `INSERT INTO lead_deadlines (lead_id, round, kind, org_id, due_date, due_at, provisional, status, handling_org_path)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
           ON CONFLICT (lead_id, round) DO UPDATE SET due_date = EXCLUDED.due_date, due_at = EXCLUDED.due_at, provisional = EXCLUDED.provisional,
             status = EXCLUDED.status
           WHERE (lead_deadlines.due_date, lead_deadlines.due_at, lead_deadlines.provisional, lead_deadlines.status)
                 IS DISTINCT FROM (EXCLUDED.due_date, EXCLUDED.due_at, EXCLUDED.provisional, EXCLUDED.status)`,
          [input.leadId, d.round, d.kind, d.orgId, d.dueDate, d.dueAt, d.provisional, d.status, d.orgPath],
        );
      }
      return 'projected';
    });
  }

  /** Facts a reminder mail names. */
  async mailFacts(
    leadId: string,
    orgId: string,
  ): Promise<{
    id: string;
    number: string;
    title: string;
    org_name: string;
    org_path: string;
    parent_id: string | null;
    profile: string;
  } | null> {
    const rows = (await this.ds.query(
      `SELECT l.id, l.number, l.title, o.name AS org_name, o.path AS org_path, o.parent_id, o.policy_profile AS profile
         FROM leads l, organisations o WHERE l.id = $1 AND o.id = $2`,
      [leadId, orgId],
    )) as Array<{
      id: string;
      number: string;
      title: string;
      org_name: string;
      org_path: string;
      parent_id: string | null;
      profile: string;
    }>;
    return rows[0] ?? null;
  }

  /** Workflow ids of leads still waiting for triage (a newly loaded calendar is signalled to them). */
  async openWorkflowIds(): Promise<string[]> {
    const rows: Array<{ workflow_id: string }> = await this.ds.query(
      `SELECT workflow_id FROM leads WHERE status = 'open' ORDER BY created_at`,
    );
    return rows.map((r) => r.workflow_id);
  }

  /** The open lead following a paper, for the paper's projection to signal. */
  async openLeadOfPaper(q: Q, paperId: string): Promise<{ id: string; workflow_id: string } | null> {
    const rows: Array<{ id: string; workflow_id: string }> = await q.query(
      `SELECT id, workflow_id FROM leads WHERE paper_id = $1 AND status = 'open'`,
      [paperId],
    );
    return rows[0] ?? null;
  }

  // --- organisations as leads see them ------------------------------------------------------------------------

  async org(q: Q, id: string): Promise<OrgForLeads | null> {
    const rows: OrgForLeads[] = await q.query(
      `SELECT o.id, o.name, o.level, o.path, o.parent_id, o.policy_profile, o.aliases, o.reminder_policy, s.reminder_policy AS profile_reminder_policy
         FROM organisations o LEFT JOIN policy_profile_settings s ON s.profile = o.policy_profile WHERE o.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async orgByPath(q: Q, path: string): Promise<OrgForLeads | null> {
    const id = path.split('/').pop()!;
    return this.org(q, id);
  }

  /** Every organisation of a subtree with its aliases (monitoring imports match against them). */
  async orgsIn(subtreePath: string): Promise<Array<{ id: string; path: string; name: string; aliases: string[] }>> {
    return this.ds.query(`SELECT id, path, name, aliases FROM organisations WHERE ${subtree('path', 1)} ORDER BY path`, [subtreePath]);
  }

  /** The one writer of `organisations.aliases`. */
  async setAliases(orgId: string, aliases: string[]): Promise<void> {
    await this.ds.query(`UPDATE organisations SET aliases = $2::text[] WHERE id = $1`, [orgId, aliases]);
  }

  async addAlias(q: Q, orgId: string, alias: string): Promise<void> {
    await q.query(`UPDATE organisations SET aliases = array_append(aliases, $2) WHERE id = $1 AND NOT ($2 = ANY(aliases))`, [orgId, alias]);
  }

  // --- review queue -------------------------------------------------------------------------------------------

  /** Queues an unmatched monitoring record once (by origin and record id); false when it was queued before. */
  async enqueue(r: {
    id: string;
    origin: string;
    sourceRef: string;
    title: string;
    doi: string | null;
    institution: string;
    country: string | null;
    record: unknown;
    importerOrgId: string;
    importerPath: string;
    importedBy: string;
  }): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO lead_review_queue (id, origin, source_ref, title, doi, institution, country, record, importer_org_id, importer_path, imported_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (origin, source_ref) DO NOTHING RETURNING 1`,
      [
        r.id,
        r.origin,
        r.sourceRef,
        r.title,
        r.doi,
        r.institution,
        r.country,
        JSON.stringify(r.record),
        r.importerOrgId,
        r.importerPath,
        r.importedBy,
      ],
    );
    return rows.length === 1;
  }

  async queue(
    subtreePath: string,
    status: string | undefined,
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: ReviewQueueRow[] }> {
    const params: unknown[] = [subtreePath];
    let where = subtree('importer_path', 1);
    if (status) {
      params.push(status);
      where += ` AND status = $2`;
    }
    const [{ total }]: Array<{ total: number }> = await this.ds.query(
      `SELECT count(*)::int AS total FROM lead_review_queue WHERE ${where}`,
      params,
    );
    const rows: ReviewQueueRow[] = await this.ds.query(
      `SELECT id, origin, source_ref, title, doi, institution, country, record, importer_org_id, importer_path, status, lead_id, note, created_at, resolved_at
         FROM lead_review_queue WHERE ${where} ORDER BY created_at, source_ref LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
      params,
    );
    return { total, rows };
  }

  async queued(q: Q, id: string, forUpdate = false): Promise<ReviewQueueRow | null> {
    const rows: ReviewQueueRow[] = await q.query(
      `SELECT id, origin, source_ref, title, doi, institution, country, record, importer_org_id, importer_path, status, lead_id, note, created_at, resolved_at
         FROM lead_review_queue WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async resolve(
    q: Q,
    id: string,
    r: { status: 'assigned' | 'dismissed'; leadId: string | null; note: string | null; by: string },
  ): Promise<void> {
    await q.query(
      `UPDATE lead_review_queue SET status = $2, lead_id = $3, note = $4, resolved_by = $5, resolved_at = now() WHERE id = $1 AND status = 'pending'`,
      [id, r.status, r.leadId, r.note, r.by],
    );
  }
}
