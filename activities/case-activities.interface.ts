/**
 * The activity contract as workflows see it. Pure types only: workflows `import type` this file,
 * so nothing of TypeORM or Nest reaches the workflow bundle.
 */
export interface ProjectedDeadline {
  kind: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  status: 'open' | 'met' | 'overdue' | 'closed';
}

export interface ProjectedEvent {
  seq: number;
  type: string;
  at: string;
  actor: { userId?: string; role?: string; orgId?: string; name?: string } | null;
  data: Record<string, unknown>;
}

export interface ProjectCaseInput {
  caseId: string;
  phase: string;
  version: number;
  /** Highest event sequence included; the projection never moves backwards past it. */
  lastEventSeq: number;
  events: ProjectedEvent[];
  deadlines: ProjectedDeadline[];
}

export interface CaseActivities {
  projectCase(input: ProjectCaseInput): Promise<void>;
}
