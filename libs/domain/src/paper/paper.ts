/**
 * The national module's flow for problem papers (RULES.md §2, §5; seeds 002 and 004), as a pure reducer the paper
 * workflow feeds. A paper travels *down* the organisation tree by dispatch (national → province → city →
 * institution, 002 "转派"), may be returned to the superior that sent it when misrouted (002 "退回上级"), and the
 * institution's result travels *up* through every level's review (002 "结果审核"): each reviewer approves (it goes
 * one level up) or returns it with an opinion and an official letter (the institution revises and resubmits).
 * A province may run a pre-review (004 二(二) 预审): a draft goes to it first, it returns feedback or consents, then
 * the formal stamped version enters the chain. A submitter may withdraw before review starts (002 "可撤回修改").
 *
 * Only integrity administrators act on problem papers (RULES.md §1). No I/O, no clock: `at` comes from the caller.
 */
import { DomainError } from '../shared/domain-error';

export type PaperStatus =
  | 'pending_dispatch' // 待转派: held by a commission that must dispatch it further down
  | 'at_institution' // 待机构办理: the institution investigates (a case is opened there)
  | 'pre_review' // 待预审: a draft result waits for the pre-reviewing commission (004)
  | 'consented' // 预审同意: the institution may now submit the formal stamped version
  | 'pending_review' // 待审核: the formal result waits for the reviewer at chain[reviewIdx]
  | 'returned' // 退回修改: a reviewer (or pre-reviewer) returned it with an opinion
  | 'approved'; // 审核通过: the last level (national) approved; the flow ends

export const PAPER_STATUSES: readonly PaperStatus[] = [
  'pending_dispatch',
  'at_institution',
  'pre_review',
  'consented',
  'pending_review',
  'returned',
  'approved',
];

export interface PaperOrg {
  orgId: string;
  path: string;
  level: string;
  name: string;
}

/** One level of the review chain: an ancestor commission of the institution, lowest first, national last. */
export interface ChainLevel extends PaperOrg {
  /** The level runs a pre-review before the formal submission (organisation setting, 004 二(二)). */
  preReview: boolean;
  /** The level approves only with its official letter attached (organisation setting; 002 省卫健委正式函件). Absent in
   *  chains from before the setting. */
  letterOnApproval?: boolean;
}

export interface PaperActor {
  userId: string;
  role: string;
  orgId: string;
  name?: string;
  /** Set by the API when a commission's integrity admin enters results for an institution without accounts (002). */
  onBehalfOf?: string;
}

export interface PaperEvent {
  seq: number;
  type: string;
  at: string;
  actor: PaperActor | null;
  data: Record<string, unknown>;
}

export interface PaperState {
  paperId: string;
  number: string;
  batch: string;
  status: PaperStatus;
  /** The organisation the paper is assigned to: the deepest one it has been dispatched to. */
  holder: PaperOrg;
  /** The organisations that dispatched it, top first: returning to the superior pops the last. */
  dispatchedBy: PaperOrg[];
  caseId: string | null;
  caseNumber: string | null;
  chain: ChainLevel[];
  /** The reviewer now (pending_review / pre_review): index in `chain`. */
  reviewIdx: number;
  reviewStarted: boolean;
  preReviewConsented: boolean;
  /** Formal and draft submissions so far. */
  rounds: number;
  version: number;
  seq: number;
  /** The event of the latest return (退回修改), answered by the next submission; absent in states from before it was kept. */
  lastReturnSeq?: number | null;
}

/**
 * What the paper's case says about the paper's actions (RULES.md §4–5): its phase as projected and whether it has a
 * decision in force. The API reads both from PostgreSQL and passes them with the action (`casePhase`, `decisionId`), so
 * `allowedPaperActions` offers nothing the workflow would refuse: no result before the case is decided, no return to
 * the superior once the case has left intake.
 */
export interface PaperCaseContext {
  casePhase: string | null;
  decided: boolean;
}

export interface PaperInput {
  paperId: string;
  number: string;
  batch: string;
  holder: PaperOrg;
}

export const PAPER_ACTIONS = [
  'dispatch',
  'return_to_superior',
  'submit_result',
  'withdraw',
  'start_review',
  'approve',
  'return_result',
  'consent',
] as const;
export type PaperActionName = (typeof PAPER_ACTIONS)[number];

export function isPaperAction(a: string): a is PaperActionName {
  return (PAPER_ACTIONS as readonly string[]).includes(a);
}

export interface PaperActionInput {
  action: string;
  actor: PaperActor;
  expectedVersion?: number;
  body: Record<string, unknown>;
}

/** What the workflow must do after a transition (the reducer itself does no I/O). */
export type PaperEffect =
  | { kind: 'open_case'; institution: PaperOrg; dispatchSeq: number }
  | { kind: 'transfer_case'; caseNumber: string; toOrgId: string; reason: string; returnSeq: number };

/**
 * What a change of the paper makes, on the case reducer's contract: the reducer never changes the state it is given; it
 * returns the new state, the events to record and the effects the workflow must carry out.
 */
export interface PaperTransition {
  state: PaperState;
  events: PaperEvent[];
  effects: PaperEffect[];
}

/** Only integrity administrators act on problem papers (RULES.md §1; 002 角色: 科研诚信管理员). */
export const PAPER_ROLE = 'integrity_admin';

export function openPaper(input: PaperInput, at: string, actor: PaperActor | null): PaperTransition {
  const state: PaperState = {
    paperId: input.paperId,
    number: input.number,
    batch: input.batch,
    status: 'pending_dispatch',
    holder: input.holder,
    dispatchedBy: [],
    caseId: null,
    caseNumber: null,
    chain: [],
    reviewIdx: 0,
    reviewStarted: false,
    preReviewConsented: false,
    rounds: 0,
    version: 0,
    seq: 0,
  };
  const events: PaperEvent[] = [];
  emit(state, events, at, 'imported', actor, { holderOrgId: input.holder.orgId, batch: input.batch });
  return { state, events, effects: [] };
}

/** The organisation expected to act next (the holder, or the reviewer during a review); null once approved. */
export function currentOrg(s: PaperState): PaperOrg | null {
  if (s.status === 'approved') return null;
  if (s.status === 'pending_review' || s.status === 'pre_review') return s.chain[s.reviewIdx] ?? null;
  return s.holder;
}

/**
 * Actions open in this state to an integrity admin of `orgId` (acting for `orgId` when entering for an institution).
 * With the case's context every action offered is one the workflow takes (issue 18: nothing offered is refused).
 */
export function allowedPaperActions(s: PaperState, orgId?: string, caseCtx?: PaperCaseContext): PaperActionName[] {
  return PAPER_ACTIONS.filter((a) => refusalOf(s, a, orgId, caseCtx) === null);
}

/**
 * Why `action` is not open to an integrity admin of `orgId` now, as the 409 the API answers (ACTION_NOT_ALLOWED with
 * the paper's status and the rule broken as an issue), or null when it is open. Out of turn (another organisation's
 * step) is a 409 too: the caller's role is right, the paper's state is not (403 is for a caller who is not an
 * integrity administrator at all).
 */
export function refusalOf(s: PaperState, action: PaperActionName, orgId?: string, caseCtx?: PaperCaseContext): DomainError | null {
  try {
    guard(s, action, orgId === undefined ? null : { userId: '', role: PAPER_ROLE, orgId }, caseCtx);
    return null;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return err;
  }
}

/**
 * Why `action` is refused now to an integrity administrator acting for `orgId`, or null when it is allowed: the state
 * ("the review has started"), the turn ("is for the reviewer …") or the case (`refusalOf` with its context).
 */
export function paperRefusal(s: PaperState, action: PaperActionName, orgId: string, caseCtx?: PaperCaseContext): string | null {
  return refusalOf(s, action, orgId, caseCtx)?.message ?? null;
}

/** Validator: refuses before anything changes (the workflow's Update validator calls this). */
export function checkPaperAction(state: PaperState, input: PaperActionInput): void {
  applyPaperAction(state, input, '1970-01-01T00:00:00.000Z');
}

export function applyPaperAction(state: PaperState, input: PaperActionInput, at: string): PaperTransition {
  const s = clone(state);
  const { action, actor, body } = input;
  if (!isPaperAction(action)) throw new DomainError('NOT_FOUND', `unknown action "${action}"; actions: ${PAPER_ACTIONS.join(', ')}`);
  if (input.expectedVersion !== undefined && input.expectedVersion !== s.version) {
    throw new DomainError('VERSION_MISMATCH', `the paper is at version ${s.version}, not ${input.expectedVersion}`, { version: s.version });
  }
  if (actor.role !== PAPER_ROLE) throw new DomainError('FORBIDDEN', 'only integrity administrators act on problem papers (RULES.md §1)');
  const caseCtx = caseContextOf(body);
  try {
    guard(s, action, actor, caseCtx);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'ACTION_NOT_ALLOWED')
      err.details.allowedActions = allowedPaperActions(s, actingOrg(actor), caseCtx);
    throw err;
  }
  const t: PaperTransition = { state: s, events: [], effects: [] };
  const by = actingOrg(actor);
  switch (action) {
    case 'dispatch': {
      const target = org(body, 'target');
      if (!isBelow(target.path, s.holder.path)) {
        throw invalid('targetOrgId', 'a paper is dispatched down the tree: the target must be an organisation below the holder');
      }
      s.dispatchedBy.push(s.holder);
      s.holder = target;
      s.status = target.level === 'institution' ? 'at_institution' : 'pending_dispatch';
      emit(s, t.events, at, 'dispatched', actor, {
        fromOrgId: by,
        toOrgId: target.orgId,
        toName: target.name,
        toLevel: target.level,
        ...(body.viaBatch === true ? { viaBatch: true } : {}),
      });
      if (s.status === 'at_institution') t.effects.push({ kind: 'open_case', institution: target, dispatchSeq: s.seq });
      break;
    }
    case 'return_to_superior': {
      const reason = text(body, 'reason');
      const superior = s.dispatchedBy.pop()!;
      const from = s.holder;
      s.holder = superior;
      s.status = 'pending_dispatch';
      emit(s, t.events, at, 'returned_to_superior', actor, {
        fromOrgId: from.orgId,
        toOrgId: superior.orgId,
        reason,
        caseNumber: s.caseNumber,
      });
      if (s.caseNumber !== null)
        t.effects.push({ kind: 'transfer_case', caseNumber: s.caseNumber, toOrgId: superior.orgId, reason, returnSeq: s.seq });
      s.caseId = null;
      s.caseNumber = null;
      break;
    }
    case 'submit_result': {
      const kind = body.kind ?? 'formal';
      if (kind !== 'formal' && kind !== 'draft') throw invalid('kind', 'must be "formal" or "draft" (a pre-review draft, 004)');
      const chain = chainOf(body);
      const pre = chain.findIndex((c) => c.preReview);
      const attachments = Array.isArray(body.attachmentIds) ? (body.attachmentIds as unknown[]).filter((x) => typeof x === 'string') : [];
      if (kind === 'draft') {
        if (pre < 0)
          throw new DomainError('ACTION_NOT_ALLOWED', 'no level of the review chain runs a pre-review: submit the formal result');
        if (s.preReviewConsented)
          throw new DomainError('ACTION_NOT_ALLOWED', 'the pre-review has consented: submit the formal stamped version');
      } else {
        if (pre >= 0 && !s.preReviewConsented) {
          throw new DomainError(
            'ACTION_NOT_ALLOWED',
            `${chain[pre]!.name} runs a pre-review: submit a draft first (kind "draft", 004 二(二))`,
          );
        }
        if (pre >= 0 && attachments.length === 0) {
          throw invalid('attachmentIds', 'the formal version after a pre-review carries the stamped documents (正式加印资料, 004 二(二))');
        }
      }
      // A submission after a return answers it (002: 退回修改 → 修改后重新提交): the event names the return it answers.
      const answers = s.status === 'returned' && typeof s.lastReturnSeq === 'number' ? s.lastReturnSeq : undefined;
      s.chain = chain;
      s.rounds += 1;
      s.reviewStarted = false;
      s.status = kind === 'draft' ? 'pre_review' : 'pending_review';
      s.reviewIdx = kind === 'draft' ? pre : 0;
      emit(s, t.events, at, kind === 'draft' ? 'draft_submitted' : 'result_submitted', actor, {
        round: s.rounds,
        decisionId: body.decisionId,
        ...(typeof body.decisionVersion === 'number' ? { decisionVersion: body.decisionVersion } : {}),
        toOrgId: s.chain[s.reviewIdx]!.orgId,
        attachmentIds: attachments,
        ...(typeof body.note === 'string' ? { note: body.note } : {}),
        ...(answers !== undefined ? { answersReturnSeq: answers } : {}),
      });
      break;
    }
    case 'withdraw': {
      const level = s.chain[s.reviewIdx]!;
      if (s.status === 'pre_review' || s.reviewIdx === 0) {
        s.status = s.status === 'pending_review' && s.preReviewConsented ? 'consented' : 'at_institution';
        emit(s, t.events, at, 'withdrawn', actor, { fromOrgId: level.orgId, toOrgId: s.holder.orgId });
      } else {
        // A level that approved and forwarded takes it back to revise its own review (002: 省级卫健委提交后…可撤回修改).
        s.reviewIdx -= 1;
        s.reviewStarted = true;
        emit(s, t.events, at, 'withdrawn', actor, { fromOrgId: level.orgId, toOrgId: s.chain[s.reviewIdx]!.orgId });
      }
      break;
    }
    case 'start_review':
      s.reviewStarted = true;
      emit(s, t.events, at, 'review_started', actor, { level: s.chain[s.reviewIdx]!.level });
      break;
    case 'approve': {
      const level = s.chain[s.reviewIdx]!;
      const data = {
        level: level.level,
        fromOrgId: level.orgId,
        opinion: optional(body, 'opinion'),
        letterFileId: optional(body, 'letterFileId'),
      };
      // 002: the provincial commission approves with its official letter (省卫健委正式函件) where its setting requires one.
      if (level.letterOnApproval === true && data.letterFileId === undefined) {
        throw invalid(
          'letterFileId',
          `${level.name} approves with its official letter (正式函件, 002): upload it (kind official_letter) and name it`,
        );
      }
      if (s.reviewIdx === s.chain.length - 1) {
        s.status = 'approved';
        emit(s, t.events, at, 'approved', actor, { ...data, final: true });
      } else {
        s.reviewIdx += 1;
        s.reviewStarted = false;
        emit(s, t.events, at, 'approved', actor, { ...data, final: false, toOrgId: s.chain[s.reviewIdx]!.orgId });
      }
      break;
    }
    case 'return_result': {
      const opinion = text(body, 'opinion');
      const letterFileId = text(body, 'letterFileId', 'the official letter (公函) is attached when a result is returned (RULES.md §5)');
      const stage = s.status === 'pre_review' ? 'pre_review' : 'review';
      const level = s.chain[s.reviewIdx]!;
      s.status = 'returned';
      s.reviewStarted = false;
      emit(s, t.events, at, 'result_returned', actor, {
        stage,
        level: level.level,
        fromOrgId: level.orgId,
        opinion,
        letterFileId,
        toOrgId: s.holder.orgId,
      });
      s.lastReturnSeq = s.seq;
      break;
    }
    case 'consent':
      s.status = 'consented';
      s.preReviewConsented = true;
      emit(s, t.events, at, 'pre_review_consented', actor, { fromOrgId: s.chain[s.reviewIdx]?.orgId, opinion: optional(body, 'opinion') });
      break;
  }
  s.version += 1;
  return t;
}

/** Records the case the paper became at the institution (after the workflow opened it). */
export function linkCase(state: PaperState, c: { caseId: string; caseNumber: string }, at: string): PaperTransition {
  const s = { ...clone(state), caseId: c.caseId, caseNumber: c.caseNumber };
  const events: PaperEvent[] = [];
  emit(s, events, at, 'case_opened', null, { caseId: c.caseId, caseNumber: c.caseNumber, orgId: s.holder.orgId });
  return { state: s, events, effects: [] };
}

/** An event of the paper's timeline that changes nothing else (the case reducer's `noteEvent`, with `at` for `ctx`). */
export function noteEvent(
  state: PaperState,
  at: string,
  type: string,
  actor: PaperActor | null,
  data: Record<string, unknown>,
): PaperTransition {
  const s = clone(state);
  const events: PaperEvent[] = [];
  emit(s, events, at, type, actor, data);
  return { state: s, events, effects: [] };
}

/**
 * Status, turn and case rules, in one place, used by the validator, by `allowedPaperActions` and by `refusalOf`. Every
 * refusal is a 409 (ACTION_NOT_ALLOWED) naming the paper's status and the rule broken.
 */
function guard(s: PaperState, action: PaperActionName, actor: PaperActor | null, caseCtx?: PaperCaseContext): void {
  const by = actor ? actingOrg(actor) : undefined;
  const refuse = (rule: string, why: string): never => {
    const message = `"${action}" is not possible now: ${why}`;
    throw new DomainError('ACTION_NOT_ALLOWED', message, {
      status: s.status,
      issues: [{ path: 'action', rule: `paper.${rule}`, message: why }],
    });
  };
  const mustBe = (orgId: string | undefined, who: string) => {
    if (by !== undefined && by !== orgId) refuse('out_of_turn', `it is for ${who}`);
  };
  const reviewer = s.chain[s.reviewIdx];
  switch (action) {
    case 'dispatch':
      if (s.status !== 'pending_dispatch') refuse('status', `the paper is ${s.status}`);
      if (s.holder.level === 'institution') refuse('institution_handles', 'an institution handles the paper itself');
      mustBe(s.holder.orgId, 'the organisation holding the paper');
      return;
    case 'return_to_superior':
      if (s.status !== 'pending_dispatch' && s.status !== 'at_institution') refuse('status', `the paper is ${s.status}`);
      if (s.dispatchedBy.length === 0) refuse('not_dispatched', 'nobody dispatched it here');
      mustBe(s.holder.orgId, 'the organisation it was dispatched to');
      // 002 退回上级 is for a misrouted paper: once its case has been accepted (or refused) here, it is this unit's case.
      if (s.caseNumber !== null && caseCtx && caseCtx.casePhase !== 'intake') {
        refuse(
          'case_left_intake',
          `case ${s.caseNumber} opened for this paper has left intake (phase ${caseCtx.casePhase ?? 'unknown'}): it can no longer be returned as misrouted`,
        );
      }
      return;
    case 'submit_result':
      if (!['at_institution', 'returned', 'consented'].includes(s.status)) refuse('status', `the paper is ${s.status}`);
      if (s.caseNumber === null) refuse('no_case', 'no case has been opened for it');
      mustBe(s.holder.orgId, 'the institution handling it');
      // RULES.md §4–5, 002: the result submitted is the case's decision form with its files.
      if (caseCtx && !caseCtx.decided)
        refuse(
          'case_not_decided',
          `case ${s.caseNumber}: decide the case first; its decision form and required files are the result (RULES.md §4, 002)`,
        );
      return;
    case 'withdraw':
      if (s.status !== 'pending_review' && s.status !== 'pre_review') refuse('status', 'nothing is under review');
      if (s.reviewStarted) refuse('review_started', 'the review has started');
      mustBe(s.status === 'pre_review' || s.reviewIdx === 0 ? s.holder.orgId : s.chain[s.reviewIdx - 1]?.orgId, 'the submitter');
      return;
    case 'start_review':
      if (s.status !== 'pending_review' && s.status !== 'pre_review') refuse('status', 'nothing waits for review');
      if (s.reviewStarted) refuse('review_started', 'the review has already started');
      mustBe(reviewer?.orgId, `the reviewer (${reviewer?.name ?? '-'})`);
      return;
    case 'approve':
      if (s.status !== 'pending_review')
        refuse('status', s.status === 'pre_review' ? 'a pre-review ends with consent or a return' : 'nothing waits for review');
      mustBe(reviewer?.orgId, `the reviewer (${reviewer?.name ?? '-'})`);
      return;
    case 'return_result':
      if (s.status !== 'pending_review' && s.status !== 'pre_review') refuse('status', 'nothing waits for review');
      mustBe(reviewer?.orgId, `the reviewer (${reviewer?.name ?? '-'})`);
      return;
    case 'consent':
      if (s.status !== 'pre_review') refuse('status', 'only a pre-review draft is consented to');
      mustBe(reviewer?.orgId, `the pre-reviewer (${reviewer?.name ?? '-'})`);
      return;
  }
}

/** The case context an action's body carries (the API puts it there; absent = unknown, which refuses). */
function caseContextOf(body: Record<string, unknown>): PaperCaseContext {
  return {
    casePhase: typeof body.casePhase === 'string' ? body.casePhase : null,
    decided: typeof body.decisionId === 'string' && body.decisionId !== '',
  };
}

/** Materialised paths, with or without a trailing slash: `/a/b` is below `/a`, `/ab` is not. */
function isBelow(child: string, parent: string): boolean {
  const p = parent.endsWith('/') ? parent : `${parent}/`;
  return child !== parent && child.startsWith(p);
}

function actingOrg(a: PaperActor): string {
  return a.onBehalfOf ?? a.orgId;
}

function emit(
  s: PaperState,
  events: PaperEvent[],
  at: string,
  type: string,
  actor: PaperActor | null,
  data: Record<string, unknown>,
): void {
  s.seq += 1;
  const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  events.push({ seq: s.seq, type, at, actor, data: clean });
}

/** A deep copy (structuredClone is not in the workflow sandbox; the state is plain JSON). */
function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { field });
}

function text(body: Record<string, unknown>, field: string, why = 'is required'): string {
  const v = body[field];
  if (typeof v !== 'string' || v.trim() === '') throw invalid(field, why);
  if (v.length > 4000) throw invalid(field, 'at most 4000 characters');
  return v.trim();
}

function optional(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > 4000) throw invalid(field, 'must be a text of at most 4000 characters');
  return v.trim() || undefined;
}

function org(body: Record<string, unknown>, field: string): PaperOrg {
  const o = body[field] as Partial<PaperOrg> | undefined;
  if (!o || typeof o.orgId !== 'string' || typeof o.path !== 'string' || typeof o.level !== 'string' || typeof o.name !== 'string') {
    throw invalid(`${field}OrgId`, 'an organisation is required');
  }
  return { orgId: o.orgId, path: o.path, level: o.level, name: o.name };
}

function chainOf(body: Record<string, unknown>): ChainLevel[] {
  const chain = body.chain;
  if (!Array.isArray(chain) || chain.length === 0)
    throw invalid('chain', 'the institution has no supervising commission to review its result');
  return chain.map((c: Partial<ChainLevel>, i) => {
    const o = org({ x: c }, 'x');
    if (i > 0 && !isBelow(chain[i - 1].path, o.path)) throw invalid('chain', 'each level must be the parent of the one before');
    return { ...o, preReview: c.preReview === true, ...(c.letterOnApproval === true ? { letterOnApproval: true } : {}) };
  });
}

/** What an organisation is asked to do about a paper, by e-mail to its integrity administrators. */
export type PaperTask =
  | 'handle'
  | 'review'
  | 'pre_review'
  | 'revise'
  | 'formal_submission'
  | 'approved'
  /** A paper dispatched to a commission on its own (not a batch): dispatch it further down. */
  | 'dispatch'
  /** A misrouted paper came back from below (002 退回上级): dispatch it again. */
  | 'returned_to_superior'
  /** What waited for this organisation's review (or pre-review) was withdrawn by the submitter (002 可撤回修改). */
  | 'withdrawn';

/**
 * The notice a paper's new state calls for, if any: the institution when it must handle, revise or submit the formal
 * version (and when national approved), the reviewer when a result waits for it. `stage` (task#seq) makes it one mail
 * per state change and recipient. Kept for paper workflows that started before `paperNotices` (their histories replay).
 * [decision] No mail per paper when a batch is dispatched to a commission (a batch of hundreds would be hundreds of
 * mails); commissions see what waits for them in 办理进度 (`awaitingThisOrganisation`) and `GET /papers?waitingFor=me`.
 */
export function paperNotice(s: PaperState): { task: PaperTask; orgId: string; stage: string } | null {
  const task: PaperTask | null =
    s.status === 'at_institution'
      ? 'handle'
      : s.status === 'pending_review'
        ? 'review'
        : s.status === 'pre_review'
          ? 'pre_review'
          : s.status === 'returned'
            ? 'revise'
            : s.status === 'consented'
              ? 'formal_submission'
              : s.status === 'approved'
                ? 'approved'
                : null;
  if (task === null) return null;
  const org = task === 'review' || task === 'pre_review' ? s.chain[s.reviewIdx] : s.holder;
  return org ? { task, orgId: org.orgId, stage: `${task}#${s.seq}` } : null;
}

/** One mail an action calls for: who is asked (`orgId`), by whom (`actingOrgId`), and whose opinion it quotes. */
export interface PaperNoticeSpec {
  task: PaperTask;
  orgId: string;
  /** `task#seq`: with the recipient, the outbox key (one mail per change and recipient). */
  stage: string;
  /** The organisation whose action this is (the dispatcher, submitter, reviewer, or the commission entering for it). */
  actingOrgId: string;
  opinion?: string;
  /** The organisation that wrote `opinion` (a reviewer's 审核意见, a pre-reviewer's feedback, a return's reason). */
  opinionByOrgId?: string;
}

/**
 * Every mail an action calls for (issue 18: a notice for every change of whom a paper waits for). The organisation the
 * paper now waits for is told what to do, unless it took the action itself; when a submission or an approval is
 * withdrawn, the organisation it was waiting for is told it no longer is. `before` is who the paper waited for before
 * the action (`currentOrg`). Each mail names the acting organisation and whose opinion it quotes.
 * [decision] Papers a commission dispatches as a batch (`POST /papers/dispatch`) send no mail per paper (hundreds);
 * one dispatched on its own does. The approval at national tells the institution (the flow ends there).
 */
export function paperNotices(before: PaperOrg | null, s: PaperState, events: PaperEvent[], actor: PaperActor): PaperNoticeSpec[] {
  const acting = actingOrg(actor);
  const last = events.find((e) => e.actor !== null) ?? events[0];
  if (!last) return [];
  const stage = (task: PaperTask) => `${task}#${last.seq}`;
  const withOpinion = (e: PaperEvent, key = 'opinion'): Pick<PaperNoticeSpec, 'opinion' | 'opinionByOrgId'> =>
    typeof e.data[key] === 'string' ? { opinion: e.data[key] as string, opinionByOrgId: acting } : {};
  const out: PaperNoticeSpec[] = [];
  const now = currentOrg(s);
  switch (last.type) {
    case 'dispatched': {
      if (s.status === 'at_institution') out.push({ task: 'handle', orgId: s.holder.orgId, stage: stage('handle'), actingOrgId: acting });
      else if (last.data.viaBatch !== true)
        out.push({ task: 'dispatch', orgId: s.holder.orgId, stage: stage('dispatch'), actingOrgId: acting });
      break;
    }
    case 'returned_to_superior':
      out.push({
        task: 'returned_to_superior',
        orgId: s.holder.orgId,
        stage: stage('returned_to_superior'),
        actingOrgId: acting,
        ...withOpinion(last, 'reason'),
      });
      break;
    case 'draft_submitted':
    case 'result_submitted':
      if (now)
        out.push({
          task: s.status === 'pre_review' ? 'pre_review' : 'review',
          orgId: now.orgId,
          stage: stage(s.status === 'pre_review' ? 'pre_review' : 'review'),
          actingOrgId: acting,
        });
      break;
    case 'withdrawn':
      if (before && before.orgId !== acting)
        out.push({ task: 'withdrawn', orgId: before.orgId, stage: stage('withdrawn'), actingOrgId: acting });
      break;
    case 'approved':
      if (s.status === 'approved')
        out.push({ task: 'approved', orgId: s.holder.orgId, stage: stage('approved'), actingOrgId: acting, ...withOpinion(last) });
      else if (now) out.push({ task: 'review', orgId: now.orgId, stage: stage('review'), actingOrgId: acting, ...withOpinion(last) });
      break;
    case 'result_returned':
      out.push({ task: 'revise', orgId: s.holder.orgId, stage: stage('revise'), actingOrgId: acting, ...withOpinion(last) });
      break;
    case 'pre_review_consented':
      out.push({
        task: 'formal_submission',
        orgId: s.holder.orgId,
        stage: stage('formal_submission'),
        actingOrgId: acting,
        ...withOpinion(last),
      });
      break;
  }
  // The organisation that acted is not mailed about its own step (a commission entering for an institution without
  // accounts acts for it: that institution has nobody to mail either).
  return out.filter((n) => n.task === 'approved' || (n.orgId !== acting && n.orgId !== actor.orgId));
}

/** Where each level of the review chain stands (GET /papers/:id `chain[].position`). */
export type ChainPosition = 'approved' | 'reviewing' | 'pre_reviewing' | 'skipped' | 'returned' | 'consented' | 'waiting';

/**
 * What happened at each level in the current round (issue 18): a formal result passes every level in order (approved
 * below the reviewer, reviewing at it, waiting above); a pre-review draft goes straight to the pre-reviewing level, so
 * the levels below it are `skipped` while the draft is there, when it comes back and after the consent (the formal
 * version then starts again at the lowest level). The level that returned a result shows `returned` until resubmission.
 */
export function chainPositions(s: Pick<PaperState, 'status' | 'chain' | 'reviewIdx' | 'preReviewConsented'>): ChainPosition[] {
  const at = s.reviewIdx;
  // A return or a consent at a level that runs a pre-review, before any consent, was a pre-review of a draft.
  const preStage =
    s.status === 'pre_review' ||
    s.status === 'consented' ||
    (s.status === 'returned' && s.chain[at]?.preReview === true && !s.preReviewConsented);
  return s.chain.map((_, i) => {
    if (s.status === 'approved') return 'approved';
    const below: ChainPosition = preStage ? 'skipped' : 'approved';
    switch (s.status) {
      case 'pending_review':
        return i < at ? 'approved' : i === at ? 'reviewing' : 'waiting';
      case 'pre_review':
        return i < at ? 'skipped' : i === at ? 'pre_reviewing' : 'waiting';
      case 'returned':
        return i < at ? below : i === at ? 'returned' : 'waiting';
      case 'consented':
        return i < at ? 'skipped' : i === at ? 'consented' : 'waiting';
      default:
        return 'waiting';
    }
  });
}

/**
 * Where the paper's result stands for its case (the case workflow holds its decision open to revision while the result
 * is with the institution, 002 退回修改 → 修改 → 重新提交): `with_institution` (not submitted, returned, withdrawn, or
 * consented to in pre-review), `under_review` (a formal result or a draft waits for a reviewer), `approved` (final).
 * Null while the paper has no case.
 */
export type PaperResultReview = 'with_institution' | 'under_review' | 'approved';

export function resultReviewOf(s: Pick<PaperState, 'status' | 'caseNumber'>): PaperResultReview | null {
  if (s.caseNumber === null) return null;
  switch (s.status) {
    case 'at_institution':
    case 'returned':
    case 'consented':
      return 'with_institution';
    case 'pending_review':
    case 'pre_review':
      return 'under_review';
    case 'approved':
      return 'approved';
    default:
      return null;
  }
}

/** The paper as its workflow shows it (the Update's answer, the query, and the projected `problem_papers.view`). */
export interface PaperView {
  paperId: string;
  number: string;
  batch: string;
  status: PaperStatus;
  holder: PaperOrg;
  /** The organisations that dispatched it, top first (returning to the superior goes to the last). */
  dispatchedBy: PaperOrg[];
  preReviewConsented: boolean;
  /** Who must act next (holder, or the reviewer during a review); null once approved. */
  currentOrg: PaperOrg | null;
  chain: ChainLevel[];
  reviewIdx: number;
  reviewStarted: boolean;
  caseId: string | null;
  caseNumber: string | null;
  rounds: number;
  version: number;
}

export function paperViewOf(state: PaperState): PaperView {
  return {
    paperId: state.paperId,
    number: state.number,
    batch: state.batch,
    status: state.status,
    holder: state.holder,
    dispatchedBy: state.dispatchedBy,
    preReviewConsented: state.preReviewConsented,
    currentOrg: currentOrg(state),
    chain: state.chain,
    reviewIdx: state.reviewIdx,
    reviewStarted: state.reviewStarted,
    caseId: state.caseId,
    caseNumber: state.caseNumber,
    rounds: state.rounds,
    version: state.version,
  };
}

/** What the projection of a paper writes (the paper row and its new events), from its state. */
export interface PaperProjection {
  paperId: string;
  status: PaperStatus;
  holderOrgId: string;
  holderPath: string;
  currentOrgId: string | null;
  reviewLevel: string | null;
  caseId: string | null;
  caseNumber: string | null;
  rounds: number;
  version: number;
  /** Highest event sequence included; the projection never moves backwards past it. */
  lastEventSeq: number;
  events: PaperEvent[];
  /** The workflow's view (`paperViewOf`), read by the API instead of a query. Absent from calls made before it existed. */
  view?: PaperView;
}

export function paperProjectionOf(state: PaperState, events: PaperEvent[]): PaperProjection {
  const reviewing = state.status === 'pending_review' || state.status === 'pre_review';
  return {
    paperId: state.paperId,
    status: state.status,
    holderOrgId: state.holder.orgId,
    holderPath: state.holder.path,
    currentOrgId: currentOrg(state)?.orgId ?? null,
    reviewLevel: reviewing ? (state.chain[state.reviewIdx]?.level ?? null) : null,
    caseId: state.caseId,
    caseNumber: state.caseNumber,
    rounds: state.rounds,
    version: state.version,
    lastEventSeq: state.seq,
    events,
    view: { ...paperViewOf(state) },
  };
}
