/**
 * The one place where the case workflow's messages are defined; the API (client side) and the workflow
 * both import from here. Every message takes a single object.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CalendarYear } from '../libs/domain/src/calendar';
import type { ReminderPolicy } from '../libs/domain/src/case/reminders';

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

export interface Actor {
  userId: string;
  role: string;
  orgId: string;
  name?: string;
}

export interface CaseWorkflowInput {
  caseId: string;
  number: string;
  handlingOrgId: string;
  policyProfile: string;
  /** Date the report/material was received (Asia/Shanghai); deadlines count from it, even when in the past. */
  receivedAt: string;
  source: string;
  /** Loaded holiday notices the deadlines are computed with (workflows never read the database). */
  calendar: CalendarYear[];
  openedBy: Actor;
  /** The handling organisation's reminder stages; absent = the product default (DEFAULT_REMINDER_POLICY). */
  reminderPolicy?: ReminderPolicy;
}

export type DeadlineStatus = 'open' | 'met' | 'overdue' | 'closed';

export interface DeadlineView {
  kind: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  status: DeadlineStatus;
  remainingWorkingDays: number;
  overdueWorkingDays: number;
}

export interface CaseView {
  caseId: string;
  number: string;
  phase: string;
  policyProfile: string;
  version: number;
  allowedActions: string[];
  deadlines: DeadlineView[];
}

export const getStateQuery = defineQuery<CaseView>('getState');

/** An officer's action. `expectedVersion` carries HTTP If-Match; the validator refuses a stale one before history. */
export interface ActionInput<T = Record<string, unknown>> {
  action: string;
  actor: Actor;
  expectedVersion?: number;
  body: T;
}
export const actionUpdate = defineUpdate<CaseView, [ActionInput]>('action');

/** A calendar year was loaded or replaced: deadlines that touch it are recomputed. */
export interface CalendarLoadedSignal {
  year: CalendarYear;
}
export const calendarLoadedSignal = defineSignal<[CalendarLoadedSignal]>('calendarLoaded');

/** A sensitive read to record in the case timeline (e.g. full ID numbers shown to an integrity administrator). */
export interface SensitiveReadSignal {
  actor: Actor;
  what: string;
}
export const sensitiveReadSignal = defineSignal<[SensitiveReadSignal]>('sensitiveRead');
