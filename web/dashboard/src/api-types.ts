/**
 * The answers of the API calls the dashboard makes, as the API sends them (apps/api/src/auth/auth.controller.ts,
 * apps/api/src/supervision/supervision.view.ts). Local interfaces for now, named after the schemas of the served OpenAPI
 * document (`/docs-json`), so that each becomes `Schema<'Name'>` of the generated client (clients/typescript) once that
 * is on main; test/e2e/dashboard-bundle.test.ts checks at compile time that they match the API's own view types.
 * Only the fields the page reads are listed.
 */

/** POST /api/v1/auth/login */
export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
}

/** GET /api/v1/auth/me */
export interface Me {
  id: string;
  username: string;
  name: string;
  roles: string[];
  organisation: { id: string; name: string; path: string };
}

/** The one error body of every 4xx/5xx (apps/api/src/common/domain-error.filter.ts); older answers had a list. */
export interface ErrorBody {
  error?: string;
  message?: string | string[];
}

export interface SupervisionCounts {
  cases: number;
  openCases: number;
  overdueDeadlines: number;
  dueSoonDeadlines: number;
}

export interface SummaryOrganisation {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  path: string[];
}

/** GET /api/v1/supervision/summary */
export interface SupervisionSummary {
  organisation: SummaryOrganisation;
  asOf: string;
  withinWorkingDays: number;
  totals: SupervisionCounts;
  own: SupervisionCounts;
  byPhase: Array<{ phase: string; count: number }>;
  children: Array<SupervisionCounts & { id: string; name: string; level: string }>;
  overdueByKind: Array<{ kind: string; label: string; count: number }>;
  monthly: Array<{ month: string; opened: number; closed: number }>;
}

/** One deadline in the overdue and due-soon lists: a case's, or a lead's triage deadline (kind lead_triage, issue 22). */
export interface SupervisedDeadlineView {
  subject: 'case' | 'lead';
  /** null for a lead */
  caseId: string | null;
  /** null for a lead */
  caseNumber: string | null;
  leadId?: string;
  leadNumber?: string;
  kind: string;
  kindLabel: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  status: string;
  overdueWorkingDays: number;
  remainingWorkingDays: number;
  handlingOrgId: string;
  handlingOrgPath: string[];
  responsibleOfficers: string[];
  profile: string;
  /** the case's phase, or the lead's status */
  phase: string;
}

/** GET /api/v1/supervision/overdue and /due-soon */
export interface SupervisedDeadlinePage {
  total: number;
  page: number;
  pageSize: number;
  asOf: string;
  withinWorkingDays?: number;
  dueOnOrBefore?: string;
  items: SupervisedDeadlineView[];
}

export type TrendGranularity = 'day' | 'week' | 'month';

export interface TrendPoint {
  label: string;
  start: string;
  end: string;
  at: string;
  overdue: number;
}

/** GET /api/v1/supervision/overdue-trend */
export interface OverdueTrend {
  organisation: SummaryOrganisation;
  from: string;
  to: string;
  granularity: string;
  points: TrendPoint[];
}
