/**
 * The one writer of `spot_check_plans` and `spot_check_papers` (migration 1765900100000; 000 §10), and their reads.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { likeEscapeSql } from './like';

type Q = Pick<DataSource | EntityManager, 'query'>;

/** Rows of an UPDATE … RETURNING: TypeORM answers [rows, count] for it on PostgreSQL (an INSERT answers the rows). */
function updated<T>(res: T[] | [T[], number]): T[] {
  return Array.isArray(res[0]) ? (res[0] as T[]) : (res as T[]);
}

export interface PlanRow {
  id: string;
  org_id: string;
  org_path: string;
  org_name: string;
  year: number;
  rate: string;
  status: 'draft' | 'sampled' | 'completed';
  seed: string | null;
  algorithm: string | null;
  drawn_at: Date | null;
  completed_at: Date | null;
  created_at: Date;
  papers: number;
  important: number;
  sampled: number;
  checked: number;
  problems: number;
  followed_up: number;
}

export interface SpotPaperRow {
  id: string;
  plan_id: string;
  ref: string;
  title: string;
  authors: string[];
  journal: string | null;
  doi: string | null;
  published_on: string | null;
  important: boolean;
  important_reason: string | null;
  sampled: boolean;
  sample_reason: string | null;
  sample_order: number | null;
  outcome: string | null;
  outcome_note: string | null;
  checked_at: Date | null;
  lead_id: string | null;
  lead_number: string | null;
}

const PLAN = `SELECT p.id, p.org_id, p.org_path, o.name AS org_name, p.year, p.rate::text AS rate, p.status, p.seed, p.algorithm, p.drawn_at, p.completed_at, p.created_at,
    (SELECT count(*)::int FROM spot_check_papers x WHERE x.plan_id = p.id) AS papers,
    (SELECT count(*)::int FROM spot_check_papers x WHERE x.plan_id = p.id AND x.important) AS important,
    (SELECT count(*)::int FROM spot_check_papers x WHERE x.plan_id = p.id AND x.sampled) AS sampled,
    (SELECT count(*)::int FROM spot_check_papers x WHERE x.plan_id = p.id AND x.sampled AND x.outcome IS NOT NULL) AS checked,
    (SELECT count(*)::int FROM spot_check_papers x WHERE x.plan_id = p.id AND x.outcome IN ('missing', 'problem')) AS problems,
    (SELECT count(*)::int FROM spot_check_papers x WHERE x.plan_id = p.id AND x.lead_id IS NOT NULL) AS followed_up
  FROM spot_check_plans p JOIN organisations o ON o.id = p.org_id`;

const PAPER = `SELECT s.id, s.plan_id, s.ref, s.title, s.authors, s.journal, s.doi, to_char(s.published_on, 'YYYY-MM-DD') AS published_on, s.important, s.important_reason,
    s.sampled, s.sample_reason, s.sample_order, s.outcome, s.outcome_note, s.checked_at, s.lead_id, l.number AS lead_number
  FROM spot_check_papers s LEFT JOIN leads l ON l.id = s.lead_id`;

function subtree(column: string, n: number): string {
  return `(${column} = $${n} OR ${column} LIKE ${likeEscapeSql(`$${n}`)} || '/%')`;
}

export class SpotCheckStore {
  constructor(private readonly ds: DataSource) {}

  /** A new plan; null when the organisation has one for that year already. */
  async create(p: { id: string; orgId: string; orgPath: string; year: number; rate: number; createdBy: string }): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO spot_check_plans (id, org_id, org_path, year, rate, created_by) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (org_id, year) DO NOTHING RETURNING 1`,
      [p.id, p.orgId, p.orgPath, p.year, p.rate, p.createdBy],
    );
    return rows.length === 1;
  }

  async plan(q: Q, id: string, lock = false): Promise<PlanRow | null> {
    if (lock) await q.query(`SELECT 1 FROM spot_check_plans WHERE id = $1 FOR UPDATE`, [id]);
    const rows: PlanRow[] = await q.query(`${PLAN} WHERE p.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async planOf(orgId: string, year: number): Promise<{ id: string } | null> {
    const rows: Array<{ id: string }> = await this.ds.query(`SELECT id FROM spot_check_plans WHERE org_id = $1 AND year = $2`, [
      orgId,
      year,
    ]);
    return rows[0] ?? null;
  }

  async plans(subtreePath: string, year: number | undefined, limit: number, offset: number): Promise<{ total: number; rows: PlanRow[] }> {
    const params: unknown[] = [subtreePath];
    let where = subtree('p.org_path', 1);
    if (year !== undefined) {
      params.push(year);
      where += ` AND p.year = $2`;
    }
    const [{ total }]: Array<{ total: number }> = await this.ds.query(
      `SELECT count(*)::int AS total FROM spot_check_plans p WHERE ${where}`,
      params,
    );
    const rows: PlanRow[] = await this.ds.query(
      `${PLAN} WHERE ${where} ORDER BY p.year DESC, p.org_path LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
      params,
    );
    return { total, rows };
  }

  /** Every institution of the subtree with its plan of `year` (or none): completion as commissions see it. */
  async completion(
    subtreePath: string,
    year: number,
  ): Promise<Array<{ org_id: string; org_name: string; org_path: string; plan: PlanRow | null }>> {
    const orgs: Array<{ id: string; name: string; path: string }> = await this.ds.query(
      `SELECT id, name, path FROM organisations WHERE level = 'institution' AND ${subtree('path', 1)} ORDER BY path`,
      [subtreePath],
    );
    const plans: PlanRow[] = await this.ds.query(`${PLAN} WHERE ${subtree('p.org_path', 1)} AND p.year = $2`, [subtreePath, year]);
    const byOrg = new Map(plans.map((p) => [p.org_id, p]));
    return orgs.map((o) => ({ org_id: o.id, org_name: o.name, org_path: o.path, plan: byOrg.get(o.id) ?? null }));
  }

  /** Adds papers not in the list yet (by ref); returns the refs added. Only while the plan is a draft (caller checks under lock). */
  async addPapers(
    tx: Q,
    planId: string,
    rows: Array<{
      id: string;
      ref: string;
      title: string;
      authors: string[];
      journal: string | null;
      doi: string | null;
      publishedOn: string | null;
      important: boolean;
      importantReason: string | null;
    }>,
  ): Promise<Set<string>> {
    const added = new Set<string>();
    for (const r of rows) {
      const res: Array<{ ref: string }> = await tx.query(
        `INSERT INTO spot_check_papers (id, plan_id, ref, title, authors, journal, doi, published_on, important, important_reason)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (plan_id, ref) DO NOTHING RETURNING ref`,
        [r.id, planId, r.ref, r.title, JSON.stringify(r.authors), r.journal, r.doi, r.publishedOn, r.important, r.importantReason],
      );
      if (res.length) added.add(r.ref);
    }
    await tx.query(`UPDATE spot_check_plans SET updated_at = now() WHERE id = $1`, [planId]);
    return added;
  }

  async allPapers(q: Q, planId: string): Promise<Array<{ id: string; ref: string; title: string; important: boolean }>> {
    return q.query(`SELECT id, ref, title, important FROM spot_check_papers WHERE plan_id = $1`, [planId]);
  }

  /** Records the drawn sample and its seed (once: the plan must still be a draft). */
  async recordSample(
    tx: Q,
    planId: string,
    seed: string,
    algorithm: string,
    by: string,
    sample: Array<{ id: string; reason: string; order: number }>,
  ): Promise<void> {
    for (const x of sample) {
      await tx.query(`UPDATE spot_check_papers SET sampled = true, sample_reason = $3, sample_order = $4 WHERE plan_id = $1 AND id = $2`, [
        planId,
        x.id,
        x.reason,
        x.order,
      ]);
    }
    await tx.query(
      `UPDATE spot_check_plans SET status = 'sampled', seed = $2, algorithm = $3, drawn_at = now(), drawn_by = $4, updated_at = now() WHERE id = $1 AND status = 'draft'`,
      [planId, seed, algorithm, by],
    );
  }

  async papers(
    planId: string,
    f: { sampled?: boolean; outcome?: string; limit: number; offset: number },
  ): Promise<{ total: number; rows: SpotPaperRow[] }> {
    const params: unknown[] = [planId];
    const where = ['s.plan_id = $1'];
    if (f.sampled !== undefined) where.push(f.sampled ? 's.sampled' : 'NOT s.sampled');
    if (f.outcome) {
      params.push(f.outcome);
      where.push(`s.outcome = $${params.length}`);
    }
    const filter = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.ds.query(
      `SELECT count(*)::int AS total FROM spot_check_papers s WHERE ${filter}`,
      params,
    );
    const rows: SpotPaperRow[] = await this.ds.query(
      `${PAPER} WHERE ${filter} ORDER BY s.sampled DESC, s.sample_order NULLS LAST, s.ref LIMIT ${Math.trunc(f.limit)} OFFSET ${Math.trunc(f.offset)}`,
      params,
    );
    return { total, rows };
  }

  async paper(q: Q, planId: string, paperId: string): Promise<SpotPaperRow | null> {
    const rows: SpotPaperRow[] = await q.query(`${PAPER} WHERE s.plan_id = $1 AND s.id = $2`, [planId, paperId]);
    return rows[0] ?? null;
  }

  /** A sampled paper's result; the plan is completed once every sampled paper has one. */
  async recordResult(planId: string, paperId: string, outcome: string, note: string | null, by: string): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await tx.query(
        `UPDATE spot_check_papers SET outcome = $3, outcome_note = $4, checked_by = $5, checked_at = now() WHERE plan_id = $1 AND id = $2 AND sampled`,
        [planId, paperId, outcome, note, by],
      );
      await tx.query(
        `UPDATE spot_check_plans SET status = 'completed', completed_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'sampled' AND NOT EXISTS (SELECT 1 FROM spot_check_papers WHERE plan_id = $1 AND sampled AND outcome IS NULL)`,
        [planId],
      );
    });
  }

  async linkLead(tx: Q, paperId: string, leadId: string): Promise<boolean> {
    const rows: unknown[] = updated(
      await tx.query(`UPDATE spot_check_papers SET lead_id = $2 WHERE id = $1 AND lead_id IS NULL RETURNING 1`, [paperId, leadId]),
    );
    return rows.length === 1;
  }
}
