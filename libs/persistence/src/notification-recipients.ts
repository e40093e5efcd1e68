/**
 * What the notifications library (libs/notifications/src/recipients.ts) reads to address a notice: the facts of its
 * subject (case, paper, lead) and the active users of organisations in given roles, minus those denied access to a case
 * (recusal). Reads only; typed rows.
 */
import type { Queryable } from './queryable';

/** An organisation of the tree, or an authority outside it known by name and address. */
export interface ReportingParty {
  orgId?: string;
  name?: string;
  email?: string;
}

export interface CaseFacts {
  id: string;
  number: string;
  title: string;
  handling_org_id: string;
  handling_org_path: string;
  handling_org_name: string;
  parent_org_id: string | null;
  policy_profile: string;
  reporter: { name?: string; contact?: string; realName?: boolean } | null;
  /** Issue 17: the authority that transferred the case and a lead investigating unit (an organisation or an address),
   *  and the organisation hearing the appeal. */
  transferred_by?: ReportingParty | null;
  lead_unit?: ReportingParty | null;
  appeal_org_id?: string | null;
}

/** A problem paper as its notices need it. */
export interface PaperFacts {
  id: string;
  batch: string;
  number: string;
  title: string;
}

/** A lead with the organisation it waits at. */
export interface LeadFacts {
  id: string;
  number: string;
  title: string;
  org_name: string;
  org_path: string;
  parent_id: string | null;
}

export interface RecipientUser {
  id: string;
  username: string;
  name: string;
  email: string | null;
}

/** The case as its notices need it (organisation names, reporter, reporting parties), or undefined. */
export async function loadCaseFacts(q: Queryable, caseId: string): Promise<CaseFacts | undefined> {
  const rows = (await q.query(
    `SELECT c.id, c.number, c.title, c.handling_org_id, c.handling_org_path, o.name AS handling_org_name, o.parent_id AS parent_org_id,
            c.policy_profile, c.reporter, c.transferred_by, c.lead_unit, c.appeal_org_id
       FROM cases c JOIN organisations o ON o.id = c.handling_org_id
      WHERE c.id = $1`,
    [caseId],
  )) as CaseFacts[];
  return rows[0];
}

/** A problem paper as its notices need it, or undefined. */
export async function loadPaperFacts(q: Queryable, paperId: string): Promise<PaperFacts | undefined> {
  const [paper] = (await q.query(`SELECT id, batch, number, title FROM problem_papers WHERE id = $1`, [paperId])) as PaperFacts[];
  return paper;
}

/** An organisation by name and path. */
export interface OrgNamePath {
  id: string;
  name: string;
  path: string;
}

/** Organisations by id (name and path). */
export async function loadOrganisations(q: Queryable, ids: string[]): Promise<OrgNamePath[]> {
  return (await q.query(`SELECT id, name, path FROM organisations WHERE id = ANY($1::uuid[])`, [ids])) as OrgNamePath[];
}

/** A lead with the organisation it waits at (name, path, parent), or undefined. */
export async function loadLeadFacts(q: Queryable, leadId: string, orgId: string): Promise<LeadFacts | undefined> {
  const [lead] = (await q.query(
    `SELECT l.id, l.number, l.title, o.name AS org_name, o.path AS org_path, o.parent_id FROM leads l, organisations o WHERE l.id = $1 AND o.id = $2`,
    [leadId, orgId],
  )) as LeadFacts[];
  return lead;
}

/**
 * Active users of the organisations holding one of the roles, by username; with `caseId`, minus the users denied
 * access to that case.
 */
export async function usersInRoles(q: Queryable, orgIds: string[], roles: string[], caseId?: string): Promise<RecipientUser[]> {
  if (caseId === undefined) {
    return (await q.query(
      `SELECT u.id, u.username, u.name, u.email FROM users u
        WHERE u.org_id = ANY($1::uuid[]) AND u.active AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(u.roles) r WHERE r = ANY($2::text[]))
        ORDER BY u.username`,
      [orgIds, roles],
    )) as RecipientUser[];
  }
  return (await q.query(
    `SELECT u.id, u.username, u.name, u.email FROM users u
      WHERE u.org_id = ANY($1::uuid[]) AND u.active
        AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(u.roles) r WHERE r = ANY($2::text[]))
        AND NOT EXISTS (SELECT 1 FROM case_access_denials d WHERE d.case_id = $3 AND d.user_id = u.id)
      ORDER BY u.username`,
    [orgIds, roles, caseId],
  )) as RecipientUser[];
}
