/**
 * The case row a registration writes (number drawn in the caller's transaction): `insertCaseRow`, shared by the
 * registrations that start a case workflow outside the API's POST /cases — a lead triaged into a case (issue 22), the
 * linked case a transfer opens at the receiving organisation (issue 17) — and `insertApiCaseRow`, POST /cases's own.
 */
import { nextCaseNumber } from './case-numbers';

type Q = { query(sql: string, params?: unknown[]): Promise<unknown> };

export interface CaseRegistration {
  id: string;
  title: string;
  source: string;
  handlingOrgId: string;
  handlingOrgPath: string;
  policyProfile: string;
  /** YYYY-MM-DD (Asia/Shanghai): the case counts its deadlines from it. */
  receivedAt: string;
  details: Record<string, unknown>;
  leadId?: string | null;
  /** Issue 17: the reporter record (a transfer carries it over), who transferred the case, a lead unit, and the case
   *  whose transfer opened this one. */
  reporter?: unknown;
  transferredBy?: Record<string, unknown> | null;
  leadUnit?: unknown;
  transferredFromCaseId?: string | null;
}

/** Inserts the case in phase intake and returns its number (`SC-<year>-<6 digits>`). */
export async function insertCaseRow(tx: Q, c: CaseRegistration): Promise<string> {
  const number = await nextCaseNumber(tx, c.receivedAt);
  await tx.query(
    `INSERT INTO cases (id, number, title, source, handling_org_id, handling_org_path, policy_profile, received_at, phase, version, details, lead_id,
       reporter, transferred_by, lead_unit, transferred_from_case_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'intake',0,$9,$10,$11,$12,$13,$14)`,
    [
      c.id,
      number,
      c.title,
      c.source,
      c.handlingOrgId,
      c.handlingOrgPath,
      c.policyProfile,
      c.receivedAt,
      JSON.stringify(c.details),
      c.leadId ?? null,
      json(c.reporter),
      json(c.transferredBy),
      json(c.leadUnit),
      c.transferredFromCaseId ?? null,
    ],
  );
  return number;
}

function json(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}

/** The case registered for a lead, if any (idempotency of the lead's `open_case`). */
export async function caseOfLead(q: Q, leadId: string): Promise<{ id: string; number: string } | null> {
  const rows = (await q.query(`SELECT id, number FROM cases WHERE lead_id = $1`, [leadId])) as Array<{ id: string; number: string }>;
  return rows[0] ?? null;
}

/** The case row POST /cases writes (number drawn by the caller in its transaction), in phase intake. */
export async function insertApiCaseRow(
  tx: Q,
  c: Omit<CaseRegistration, 'leadId' | 'transferredFromCaseId' | 'transferredBy'> & {
    number: string;
    reporter: unknown;
    transferredBy: unknown;
    leadUnit: unknown;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO cases (id, number, title, source, handling_org_id, handling_org_path, policy_profile, received_at, phase, version, details, reporter,
           transferred_by, lead_unit)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'intake',0,$9,$10,$11,$12)`,
    [
      c.id,
      c.number,
      c.title,
      c.source,
      c.handlingOrgId,
      c.handlingOrgPath,
      c.policyProfile,
      c.receivedAt,
      JSON.stringify(c.details),
      c.reporter ? JSON.stringify(c.reporter) : null,
      c.transferredBy ? JSON.stringify(c.transferredBy) : null,
      c.leadUnit ? JSON.stringify(c.leadUnit) : null,
    ],
  );
}
