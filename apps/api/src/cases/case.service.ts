import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '@libs/config/src';
import {
  actingRole,
  actionSpec,
  isActionName,
  roleRefusal,
  rolesTaking,
  TERMINAL_PHASES,
  type ActionName,
} from '@libs/domain/src/case/actions';
import { isoDateOf, overdueWorkingDays, remainingWorkingDays } from '@libs/domain/src/calendar';
import { reporterNoticeOwed } from '@libs/domain/src/case/periods';
import { refusalReason } from '@libs/domain/src/case/lifecycle';
import { appealAuthorityOf, cite, getPolicyProfile } from '@libs/domain/src/policy';
import { allegationIssues } from '@libs/domain/src/decision';
import { DomainError, validationFailed } from '@libs/domain/src/shared';
import { nextCaseNumber } from '@libs/persistence/src/case-numbers';
import { openingOrg } from '@libs/persistence/src/case-opening';
import { actionUpdate, type Actor, type CaseView } from '@workflows/definitions';
import { orNullIfNoWorkflow, readCaseState } from '@libs/temporal/src';
import { caseWorkflow } from '@workflows/case.workflow';
import { noteChange } from '../audit/audit.service';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import { CalendarService } from '../calendar/calendar.service';
import { ActionPipeline, fromUpdateFailure } from '../common/workflow-action';
import type { ActionCall } from '../common/action-route';
import { CASE_ACTION_CONTRACT } from '@libs/contract/src';
import { DecisionService } from '../decisions/decision.service';
import { CaseAccess, type CaseRow } from './case-access.service';
import { caseDeadlines, caseEvents, casePhase, caseReporters, listCases, projectedCase } from '@libs/persistence/src/cases';
import { insertApiCaseRow } from '@libs/persistence/src/case-registration';
import { organisationExists, organisationPath } from '@libs/persistence/src/organisations';
import { activeUsersAmong } from '@libs/persistence/src/users';
import type { CreateCaseDto, ListCasesQuery, ReportingPartyDto } from './create-case.dto';

@Injectable()
export class CaseService {
  constructor(
    private readonly ds: DataSource,
    private readonly temporal: Client,
    private readonly calendar: CalendarService,
    private readonly scope: OrgScope,
    private readonly access: CaseAccess,
    private readonly decisions: DecisionService,
    private readonly config: ConfigService<{ app: AppConfig }, true>,
    private readonly pipeline: ActionPipeline,
  ) {}

  /**
   * Registers a case and starts its workflow in one step: the row and the case number are written in a transaction
   * that commits only once the workflow has started, so a failure leaves neither row nor workflow.
   */
  async create(
    p: Principal,
    dto: CreateCaseDto,
    opts: {
      /** The reporter record to store instead of `dto.reporter` (a report of the reporter channel, issue 23). */
      reporterRecord?: Record<string, unknown>;
      /** Writes that belong to the registration (triage of a report): in its transaction, before the workflow starts. */
      withinRegistration?: (tx: EntityManager, caseId: string, number: string) => Promise<void>;
    } = {},
  ) {
    requireRole(p, ['integrity_admin', 'case_officer'], 'open a case');
    // Reminder stages and the defence period: the organisation's own, else its policy profile's, else the default
    // (issue 7; issue 17 point 12). The case keeps what it opened with.
    const org = await openingOrg(this.ds, dto.handlingOrgId);
    if (!org || !this.scope.sees(p, org.path)) {
      throw new DomainError('VALIDATION_FAILED', 'handlingOrgId: no such organisation in your scope', { field: 'handlingOrgId' });
    }
    const { years } = await this.calendar.snapshot();
    const today = isoDateOf(Date.now());
    if (!isRealDate(dto.receivedAt)) throw new DomainError('VALIDATION_FAILED', 'receivedAt: not a calendar date', { field: 'receivedAt' });
    if (dto.receivedAt > today)
      throw new DomainError('VALIDATION_FAILED', `receivedAt: cannot be in the future (today is ${today})`, { field: 'receivedAt' });
    const profile = org.profile;
    // Allegations are misconduct types of the handling organisation's profile (003 art.2; 001 art.2), issue 17 point 15:
    // every unknown code, however long, named with that profile's article.
    const allegations = allegationIssues(profile.code, dto.allegations);
    if (allegations.length) throw validationFailed(allegations);
    // Issue 17 point 3: a transferred case records who transferred it (003 art.25, 28 report to it); a lead unit may
    // be named for any case.
    await this.checkReportingParties(dto, org.id, profile);
    const id = randomUUID();
    const actor: Actor = { userId: p.userId, role: primaryRole(p, ['integrity_admin', 'case_officer']), orgId: p.orgId, name: p.name };

    let started: string | null = null;
    const number = await this.ds
      .transaction(async (tx) => {
        const number = await nextCaseNumber(tx, today);
        await insertApiCaseRow(tx, {
          id,
          number,
          title: dto.title,
          source: dto.source,
          handlingOrgId: org.id,
          handlingOrgPath: org.path,
          policyProfile: profile.code,
          receivedAt: dto.receivedAt,
          details: { allegations: dto.allegations, subjects: dto.subjects, paper: dto.paper ?? null },
          reporter: opts.reporterRecord || dto.reporter,
          transferredBy: dto.transferredBy ? party(dto.transferredBy) : null,
          leadUnit: dto.leadUnit ? party(dto.leadUnit) : null,
        });
        await opts.withinRegistration?.(tx, id, number);
        await this.temporal.workflow.start(caseWorkflow, {
          workflowId: number,
          taskQueue: this.config.get('app', { infer: true }).temporal.taskQueue,
          args: [
            {
              caseId: id,
              number,
              handlingOrgId: org.id,
              policyProfile: profile.code,
              receivedAt: dto.receivedAt,
              source: dto.source,
              calendar: years,
              openedBy: actor,
              ...(org.reminderPolicy ? { reminderPolicy: org.reminderPolicy } : {}),
              // Issue 17: only facts, never the reporter's identity (it stays in PostgreSQL).
              reporterNotice: reporterNoticeOwed(dto.reporter),
              reportTo: { transferringAuthority: dto.transferredBy !== undefined, leadUnit: dto.leadUnit !== undefined },
              periods: { defence: org.defencePeriod },
              // Issue 21: a run continues as new after this many events (CASE_RUN_MAX_EVENTS).
              runMaxEvents: this.config.get('app', { infer: true }).cases.runMaxEvents,
            },
          ],
        });
        started = number;
        return number;
      })
      .catch(async (err: unknown) => {
        // The row did not commit after the workflow started: end that workflow, so nothing is left half-written.
        if (started)
          await this.temporal.workflow
            .getHandle(started)
            .terminate('case registration did not commit')
            .catch(() => undefined);
        throw err;
      });
    // The case registered (RULES.md §7): what was stored; the reporter's identity masked by the audit (003 art.46).
    noteChange('case', id, null, {
      number,
      title: dto.title,
      source: dto.source,
      handlingOrgId: org.id,
      policyProfile: profile.code,
      receivedAt: dto.receivedAt,
      allegations: dto.allegations,
      subjects: dto.subjects,
      paper: dto.paper ?? null,
      reporter: dto.reporter ?? null,
    });
    const view = await readCaseState(this.temporal, number);
    return { id, number, phase: view.phase, version: view.version, deadlines: view.deadlines, allowedActions: view.allowedActions };
  }

  /**
   * The surviving case of a merge (issue 23), named in the workflow's body with its number: a case the caller sees and
   * handles too (the merged case's reporter and report materials move there, RULES.md §7), open, not this one. Merging
   * never reveals a case: one the caller cannot see is "no such case" like one that does not exist.
   */
  private async prepareMerge(p: Principal, row: CaseRow, body: { intoCaseId: string }): Promise<Record<string, unknown>> {
    const refuse = (rule: string, message: string) => validationFailed([{ path: 'intoCaseId', rule, message }]);
    if (!this.access.isHandler(p, row)) {
      throw new DomainError('FORBIDDEN', 'a case is merged by its handlers: its reporter and report materials move with it (003 art.46)');
    }
    const into = await this.access.findVisible(p, body.intoCaseId).catch((err: unknown) => {
      throw err instanceof DomainError && err.code === 'NOT_FOUND' ? refuse('exists', 'no such case') : err;
    });
    if (into.id === row.id) throw refuse('merge.self', 'a case cannot be merged into itself');
    if (!this.access.isHandler(p, into)) {
      throw refuse(
        'merge.handlers',
        "the surviving case must be handled by your organisation too: the merged case's reporter and report materials move there (003 art.46)",
      );
    }
    if ((TERMINAL_PHASES as readonly string[]).includes(into.phase) || into.phase === 'rejected') {
      throw refuse('merge.survivor_open', `the surviving case is ${into.phase}: merge into an open case`);
    }
    return { ...body, intoNumber: into.number };
  }

  /**
   * A case as last projected by its workflow, not by querying the workflow: a query that reaches a workflow task while
   * its projection runs splits the task and can make the case unreplayable (docs/ARCHITECTURE.md, "Reads and replay").
   * The projection is written before an action answers, so a caller reads its own writes. Rows projected before
   * `allowed_actions` existed are read from the workflow, as before.
   */
  async get(p: Principal, idOrNumber: string) {
    const row = await this.access.findVisible(p, idOrNumber);
    const live = (await this.projected(row.id)) ?? (await this.liveState(row.number));
    const callerMay = (a: string) => this.mayTake(p, row, a);
    return {
      id: row.id,
      number: row.number,
      title: row.title,
      source: row.source,
      handlingOrgId: row.handling_org_id,
      profile: row.policy_profile,
      receivedAt: row.received_at,
      // What was registered with the case (rows written without it, e.g. by benchmarks, read as empty).
      allegations: (row.details.allegations as string[] | undefined) ?? [],
      subjects: (row.details.subjects as Array<{ name: string; organisation?: string }> | undefined) ?? [],
      paper: paperView(row.details.paper as Record<string, unknown> | null | undefined),
      phase: live?.phase ?? row.phase,
      version: live?.version ?? row.version,
      allowedActions: live ? live.allowedActions.filter(callerMay) : [],
      deadlines: live?.deadlines ?? (await this.storedDeadlines(row.id)),
      // Issue 17: who transferred it and the lead unit (as registered), both ends of a transfer, the appeal's authority.
      ...(row.transferred_by ? { transferredBy: row.transferred_by } : {}),
      ...(row.lead_unit ? { leadUnit: row.lead_unit } : {}),
      ...(row.transferred_from ? { transferredFrom: row.transferred_from } : {}),
      ...(row.transferred_to ? { transferredTo: row.transferred_to } : {}),
      ...(row.appeal_org_id ? { appealOrgId: row.appeal_org_id } : {}),
      createdAt: row.created_at.toISOString(),
    };
  }

  /**
   * Whether the caller may take `action` on the case as far as the API can tell before the workflow does (the
   * allowedActions a caller is shown): `actingOrgRefusal` finds nothing, and the caller holds a role the action needs
   * (or enters for an institution without accounts).
   */
  private mayTake(p: Principal, row: CaseRow, action: string): boolean {
    if (!isActionName(action) || this.actingOrgRefusal(p, row, action) !== null) return false;
    return this.access.entersFor(p, row) || mayAct(p, action);
  }

  /**
   * Which organisation takes an action (issue 17 point 1) [decision]: the handling organisation (or a commission entering
   * for an institution without accounts, 002) takes the case's steps; the organisation hearing an appeal (复核, 003
   * art.42 "可向调查处理单位的上级主管部门书面提出申诉"; 001 art.45) takes the appeal's own steps, and may record the appeal
   * lodged with it. Everyone above keeps read access (the tree). Null when the caller's organisation may act, else why not.
   */
  private actingOrgRefusal(p: Principal, row: CaseRow, action: ActionName): string | null {
    const profile = getPolicyProfile(row.policy_profile);
    const handles = p.orgId === row.handling_org_id || this.access.entersFor(p, row);
    if (actionSpec(action).appealAuthority && row.appeal_org_id) {
      return p.orgId === row.appeal_org_id
        ? null
        : `action "${action}" is taken by the organisation hearing the appeal (the superior authority, ${cite(profile, 'appeal')})`;
    }
    if (handles) return null;
    if (action === 'apply_appeal' && row.handling_parent_id !== undefined && p.orgId === this.appealAuthority(row)) return null;
    return `action "${action}" is taken by the organisation handling the case`;
  }

  /** The organisation an appeal against this case's review goes to (003 art.42; 001 art.45), from the tree. */
  private appealAuthority(row: CaseRow): string {
    return appealAuthorityOf(getPolicyProfile(row.policy_profile), {
      id: row.handling_org_id,
      level: row.handling_level ?? '',
      parentId: row.handling_parent_id ?? null,
    });
  }

  /** Reporter identity (RULES.md §7, 003 art.46): handlers of the case only; every read is audited by the caller. */
  async reporter(p: Principal, idOrNumber: string) {
    const row = await this.access.findVisible(p, idOrNumber);
    if (!this.access.isHandler(p, row)) {
      throw new DomainError('FORBIDDEN', 'reporter identity is visible only to handlers of the case (003 art.46)');
    }
    const r = await caseReporters(this.ds, row.id);
    // Reporters of cases merged into this one (issue 23) came with their reports and evidence.
    return { caseId: row.id, reporter: r?.reporter ?? null, mergedReporters: r?.merged_reporters ?? [] };
  }

  /** The case's events in order; each actor carries the name of the organisation it acted for (issue 17 point 1: an
   *  appeal's steps show the superior authority that took them). */
  async timeline(p: Principal, idOrNumber: string) {
    const row = await this.access.findVisible(p, idOrNumber);
    const events = await caseEvents(this.ds, row.id);
    return events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.at.toISOString(),
      actor: e.actor && e.org_name ? { ...e.actor, orgName: e.org_name } : e.actor,
      data: e.data,
    }));
  }

  /**
   * An officer's action, checked in the order of the action pipeline (apps/api/src/common/workflow-action.ts): 404 →
   * 403 → Idempotency-Key → If-Match → 409 → body 400 → form rules → the workflow's Update.
   */
  async act(p: Principal, idOrNumber: string, call: ActionCall) {
    const { action } = call;
    const row = await this.access.findVisible(p, idOrNumber);
    if (!isActionName(action)) throw new DomainError('NOT_FOUND', `unknown action "${action}"`);
    const entersFor = this.access.entersFor(p, row);
    // The role rule is the domain's (rolesTaking, under the current rules); the workflow's validator applies it again
    // (docs/ARCHITECTURE.md "Who checks the role"). Entering for an institution without accounts (002): the
    // commission's admin records what the institution decided, in the action's first role.
    const role = entersFor ? rolesTaking(action, true)[0]! : actingRole(action, p.roles, true);
    if (!role) throw roleRefusal(action, p.roles, true)!;
    // 003 art.42 / 001 art.45: the appeal's steps belong to the organisation hearing it, the case's steps to the handling
    // organisation; everyone else keeps read access only.
    const refusal = this.actingOrgRefusal(p, row, action);
    if (refusal) {
      const appeal = actionSpec(action).appealAuthority === true;
      const article = cite(getPolicyProfile(row.policy_profile), appeal ? 'appeal' : 'acceptance');
      throw new DomainError('FORBIDDEN', refusal, {
        action,
        issues: [
          { path: '', rule: appeal ? 'appeal.authority' : 'handling.organisation', ...(appeal ? { article } : {}), message: refusal },
        ],
      });
    }
    const handle = this.temporal.workflow.getHandle(row.number);
    const callerMay = (a: string) => this.mayTake(p, row, a);
    return this.pipeline.run({
      what: 'case',
      id: row.id,
      userId: p.userId,
      call,
      projectedVersion: row.allowed_actions ? row.version : null,
      projectedState: { phase: row.phase, version: row.version },
      notOffered: () =>
        row.allowed_actions && !row.allowed_actions.includes(action)
          ? new DomainError(
              'ACTION_NOT_ALLOWED',
              refusalReason(row.phase, action, getPolicyProfile(row.policy_profile), row.blocked_actions),
              {
                phase: row.phase,
                allowedActions: row.allowed_actions.filter(callerMay),
              },
            )
          : null,
      schema: CASE_ACTION_CONTRACT[action].body,
      // `decide` takes the result form (RULES.md §4): the saved draft unless the body carries one; validated and stored
      // as pending first, its id (not its personal data) goes to the workflow; a refused Update removes it again.
      // `revise_decision` takes the corrected form the same way, stored pending as the next version (issue 18).
      prepare: async (checked) => {
        if (action === 'merge_into') return { workflowBody: await this.prepareMerge(p, row, checked as { intoCaseId: string }) };
        if (action !== 'decide' && action !== 'revise_decision') return { workflowBody: await this.resolveBody(row, action, checked) };
        const prepared =
          action === 'decide'
            ? await this.decisions.prepareSubmission(p, row, checked)
            : await this.decisions.prepareRevision(p, row, checked as Parameters<DecisionService['prepareRevision']>[2]);
        return { workflowBody: prepared.workflowBody, discard: () => this.decisions.discardPending(prepared.decisionId) };
      },
      execute: async (workflowBody, expectedVersion, updateId) => {
        const view = await handle.executeUpdate(actionUpdate, {
          args: [
            {
              action,
              actor: { userId: p.userId, role, orgId: p.orgId, name: p.name, ...(entersFor ? { onBehalfOf: row.handling_org_id } : {}) },
              expectedVersion,
              body: workflowBody,
            },
          ],
          updateId,
        });
        // An appeal just applied for names its authority now (the row was read before it).
        const now = typeof workflowBody.appealOrgId === 'string' ? { ...row, appeal_org_id: workflowBody.appealOrgId } : row;
        return { ...view, allowedActions: view.allowedActions.filter((a) => this.mayTake(p, now, a)) };
      },
      explain: async (err) => {
        // The workflow finished meanwhile (e.g. a concurrent action closed the case): nothing is allowed any more,
        // which is what the caller is told, with the phase the case ended in (projected before the workflow completed).
        if (!(err instanceof WorkflowNotFoundError)) return fromUpdateFailure(err, 'case');
        const phase = (await casePhase(this.ds, row.id)) ?? row.phase;
        return new DomainError('ACTION_NOT_ALLOWED', `action "${action}" is not allowed: the case has ended (phase "${phase}")`, {
          phase,
          allowedActions: [],
        });
      },
    });
  }

  /**
   * What the workflow cannot look up itself, resolved and checked before the Update (issue 17): the organisation
   * hearing an appeal, the preliminary-check staff and recused or member accounts of the handling organisation, a
   * transfer's receiving organisation. Each failure is a 400 naming its field, and nothing is written.
   */
  private async resolveBody(row: CaseRow, action: ActionName, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const profile = getPolicyProfile(row.policy_profile);
    switch (action) {
      case 'apply_appeal':
        // 003 art.42 "可向调查处理单位的上级主管部门书面提出申诉" (001 art.45): resolved from the tree and the profile.
        return { ...body, appealOrgId: this.appealAuthority(row) };
      case 'accept': {
        // 001 art.14 "初核应由2名工作人员进行": accounts of the handling organisation, each once (the schema refuses twice).
        const ids = Array.isArray(body.checkedBy) ? (body.checkedBy as string[]) : [];
        if (ids.length === 0) return body;
        const staff = await this.activeUsersOf(row.handling_org_id, ids);
        const article = profile.articles.preliminaryCheck ? cite(profile, 'preliminaryCheck') : cite(profile, 'acceptance');
        const unknown = ids.map((id, i) => ({ id, i })).filter(({ id }) => !staff.has(id.toLowerCase()));
        if (unknown.length) {
          throw validationFailed(
            unknown.map(({ i }) => ({
              path: `checkedBy[${i}]`,
              rule: 'checked_by.account',
              article,
              message: 'is not an active account of the handling organisation',
            })),
          );
        }
        return { ...body, checkedBy: ids.map((id) => id.toLowerCase()), checkedByNames: ids.map((id) => staff.get(id.toLowerCase())!) };
      }
      case 'add_member':
      case 'request_recusal': {
        if (typeof body.userId !== 'string') return body;
        const users = await this.activeUsersOf(row.handling_org_id, [body.userId]);
        if (!users.size) {
          throw validationFailed([
            {
              path: 'userId',
              rule: 'user.account',
              article: cite(profile, action === 'add_member' ? 'team' : 'recusal'),
              message: 'is not an active account of the handling organisation',
            },
          ]);
        }
        return { ...body, userId: body.userId.toLowerCase() };
      }
      case 'transfer': {
        const to = await organisationExists(this.ds, body.toOrgId as string);
        if (!to)
          throw validationFailed([
            { path: 'toOrgId', rule: 'organisation.exists', article: cite(profile, 'transfer'), message: 'no such organisation' },
          ]);
        if (to.id === row.handling_org_id) {
          throw validationFailed([
            {
              path: 'toOrgId',
              rule: 'transfer.elsewhere',
              article: cite(profile, 'transfer'),
              message: 'is the handling organisation itself',
            },
          ]);
        }
        return body;
      }
      default:
        return body;
    }
  }

  /** Active users of `orgId` among `ids`, by id (lower case) with their names. */
  private async activeUsersOf(orgId: string, ids: string[]): Promise<Map<string, string>> {
    const rows = await activeUsersAmong(
      this.ds,
      orgId,
      ids.map((x) => x.toLowerCase()),
    );
    return new Map(rows.map((r) => [r.id.toLowerCase(), r.name]));
  }

  /** Issue 17 point 3: the transferring authority is required for (only for) a transferred case; a party is an
   *  organisation of the tree or a named outside authority, not both, never the handling organisation itself. */
  private async checkReportingParties(
    dto: CreateCaseDto,
    handlingOrgId: string,
    profile: ReturnType<typeof getPolicyProfile>,
  ): Promise<void> {
    const issues: Array<{ path: string; rule: string; article?: string; message: string }> = [];
    const transfer = dto.source === 'transfer';
    if (transfer && !dto.transferredBy) {
      issues.push({
        path: 'transferredBy',
        rule: 'required',
        article: cite(profile, 'extensionReport'),
        message: 'a transferred case records the authority that transferred it',
      });
    }
    if (!transfer && dto.transferredBy)
      issues.push({
        path: 'transferredBy',
        rule: 'transfer.only',
        message: 'only a case with source "transfer" has a transferring authority',
      });
    for (const [path, party] of [
      ['transferredBy', dto.transferredBy],
      ['leadUnit', dto.leadUnit],
    ] as Array<[string, ReportingPartyDto | undefined]>) {
      if (!party) continue;
      if ((party.orgId === undefined) === (party.name === undefined)) {
        issues.push({
          path,
          rule: 'party.one_of',
          message: 'give either orgId (an organisation of the tree) or name (an authority outside it), not both',
        });
        continue;
      }
      if (party.orgId !== undefined) {
        if (party.email !== undefined)
          issues.push({
            path: `${path}.email`,
            rule: 'party.one_of',
            message: 'an organisation of the tree is mailed through its accounts',
          });
        if (party.orgId.toLowerCase() === handlingOrgId)
          issues.push({ path: `${path}.orgId`, rule: 'party.elsewhere', message: 'is the handling organisation itself' });
        else {
          const o = await organisationExists(this.ds, party.orgId);
          if (!o) issues.push({ path: `${path}.orgId`, rule: 'organisation.exists', message: 'no such organisation' });
        }
      }
    }
    if (issues.length) throw validationFailed(issues);
  }

  async list(p: Principal, q: ListCasesQuery) {
    let subtreePath: string | undefined;
    if (q.orgId) {
      const path = await organisationPath(this.ds, q.orgId);
      if (path === undefined || !this.scope.sees(p, path)) throw new DomainError('NOT_FOUND', 'organisation not found');
      subtreePath = path;
    }
    const page = Number(q.page ?? 1);
    const pageSize = Number(q.pageSize ?? 20);
    const { total, rows } = await listCases(this.ds, {
      orgPath: p.orgPath,
      userId: p.userId,
      subtreePath,
      phase: q.phase || undefined,
      overdue: q.overdue ? q.overdue === 'true' : undefined,
      dueBefore: q.dueBefore || undefined,
      source: q.source || undefined,
      profile: q.profile || undefined,
      text: q.q?.trim() || undefined,
      page,
      pageSize,
    });
    return {
      total: Number(total),
      page,
      pageSize,
      items: rows.map((r) => ({
        id: r.id,
        number: r.number,
        title: r.title,
        source: r.source,
        handlingOrgId: r.handling_org_id,
        profile: r.policy_profile,
        receivedAt: r.received_at,
        phase: r.phase,
        version: r.version,
        nextDueDate: r.next_due_date,
        overdue: r.overdue,
      })),
    };
  }

  /** Phase, version, allowed actions and deadlines of one projected change (one statement, one snapshot); the working
   * days left or over are counted now, as the workflow counts them (libs/domain deadlineViews). Due instants are given
   * in China time, as the workflow gives them (the end of the due day, RULES.md §3). */
  private async projected(caseId: string): Promise<Pick<CaseView, 'phase' | 'version' | 'allowedActions' | 'deadlines'> | null> {
    const r = await projectedCase(this.ds, caseId);
    if (!r || r.allowed_actions === null) return null;
    const { calendar } = await this.calendar.snapshot();
    const today = isoDateOf(Date.now());
    return {
      phase: r.phase as CaseView['phase'],
      version: r.version,
      allowedActions: r.allowed_actions as CaseView['allowedActions'],
      // A suspended deadline (003 art.23 "中止的时间不计入调查时限") is counted to the day counting stopped, not to today
      // (issue 17 point 14); `suspendedOn` is given only for those.
      deadlines: r.deadlines.map(({ suspendedOn, ...d }) => {
        const asOf = d.status === 'suspended' && suspendedOn ? suspendedOn : today;
        return {
          ...d,
          ...(d.status === 'suspended' && suspendedOn ? { suspendedOn } : {}),
          remainingWorkingDays: d.status === 'open' || d.status === 'suspended' ? remainingWorkingDays(calendar, asOf, d.dueDate) : 0,
          overdueWorkingDays: d.status === 'overdue' || d.status === 'suspended' ? overdueWorkingDays(calendar, asOf, d.dueDate) : 0,
        };
      }) as CaseView['deadlines'],
    };
  }

  private async liveState(number: string): Promise<CaseView | null> {
    return orNullIfNoWorkflow(readCaseState(this.temporal, number));
  }

  private async storedDeadlines(caseId: string) {
    const rows = await caseDeadlines(this.ds, caseId);
    const { calendar } = await this.calendar.snapshot();
    const today = isoDateOf(Date.now());
    return rows.map((r) => ({
      kind: r.kind,
      dueDate: r.due_date,
      dueAt: r.due_at.toISOString(),
      provisional: r.provisional,
      status: r.status,
      // Counted now, as for projected rows, so every case answer has the same shape (the Case schema).
      remainingWorkingDays: r.status === 'open' ? remainingWorkingDays(calendar, today, r.due_date) : 0,
      overdueWorkingDays: r.status === 'overdue' ? overdueWorkingDays(calendar, today, r.due_date) : 0,
    }));
  }
}

/** A reporting party as stored: an organisation id, or an outside authority's name and address. */
function party(d: ReportingPartyDto): Record<string, string> {
  return d.orgId !== undefined ? { orgId: d.orgId.toLowerCase() } : { name: d.name!, ...(d.email ? { email: d.email } : {}) };
}

function requireRole(p: Principal, roles: string[], what: string): void {
  if (!p.roles.some((r) => roles.includes(r)))
    throw new DomainError('FORBIDDEN', `to ${what} you need one of the roles ${roles.join(', ')}`);
}

function primaryRole(p: Principal, roles: string[]): string {
  return p.roles.find((r) => roles.includes(r))!;
}

function mayAct(p: Principal, action: string): boolean {
  return isActionName(action) && actingRole(action, p.roles, true) !== null;
}

function isRealDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

/** The registered paper; a journal a lead did not name (stored null) is left out, as CasePaper documents it. */
function paperView(paper: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!paper) return null;
  const { journal, ...rest } = paper;
  return journal === null || journal === undefined ? rest : { ...rest, journal };
}
