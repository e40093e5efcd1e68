/**
 * The lead activities as the lead workflow sees them. Pure types only (`import type` from workflows).
 */
import type { LeadActor, LeadCategory, LeadEvent, LeadStatus } from '@libs/domain/src/lead';
import type { NotifyResult } from './case-activities.interface';

export interface ProjectedLeadDeadline {
  round: number;
  kind: 'lead_triage';
  orgId: string;
  orgPath: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  status: string;
}

export interface ProjectLeadInput {
  leadId: string;
  status: LeadStatus;
  holderOrgId: string;
  holderPath: string;
  caseId: string | null;
  caseNumber: string | null;
  closeReason: string | null;
  closeNote: string | null;
  version: number;
  /** Highest event sequence included; the projection never moves backwards past it. */
  lastEventSeq: number;
  events: LeadEvent[];
  /** Deadlines changed since the last projection (the current stay, and the one a move ended). */
  deadlines: ProjectedLeadDeadline[];
  /** The workflow's view, read by the API instead of a query. */
  view: Record<string, unknown>;
}

export interface OpenLeadCaseInput {
  leadId: string;
  orgId: string;
  source: LeadCategory;
  /** YYYY-MM-DD (Asia/Shanghai): the case counts its deadlines from it. */
  receivedAt: string;
  actor: LeadActor;
}

export interface NotifyLeadInput {
  leadId: string;
  /** The organisation the lead waits at (its integrity administrators are reminded; escalation goes to its parent). */
  orgId: string;
  audience: 'lead_org' | 'lead_escalation';
  stage: string;
  dueDate: string;
  overdueWorkingDays: number;
}

export interface LeadActivities {
  projectLead(input: ProjectLeadInput): Promise<void>;
  /** Registers the case the lead becomes (the case's own registration: row, number, workflow); idempotent by lead. */
  openLeadCase(input: OpenLeadCaseInput): Promise<{ caseId: string; caseNumber: string }>;
  /** Reminds (or escalates) the triage deadline through the outbox, exactly once per stage and recipient. */
  notifyLead(input: NotifyLeadInput): Promise<NotifyResult>;
}
