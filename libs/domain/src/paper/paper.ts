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

export const PAPER_STATUSES: readonly PaperStatus[] = ['pending_dispatch', 'at_institution', 'pre_review', 'consented', 'pending_review', 'returned', 'approved'];

export type OrgLevel = 'national' | 'provincial' | 'municipal' | 'county' | 'institution';

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
}

export interface PaperInput {
  paperId: string;
  number: string;
  batch: string;
  holder: PaperOrg;
}

export const PAPER_ACTIONS = ['dispatch', 'return_to_superior', 'submit_result', 'withdraw', 'start_review', 'approve', 'return_result', 'consent'] as const;
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

export interface PaperTransition {
  events: PaperEvent[];
  effects: PaperEffect[];
}

/** Only integrity administrators act on problem papers (RULES.md §1; 002 角色: 科研诚信管理员). */
export const PAPER_ROLE = 'integrity_admin';

export function openPaper(input: PaperInput, at: string, actor: PaperActor | null): { state: PaperState; events: PaperEvent[] } {
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
  return { state, events };
}

/** The organisation expected to act next (the holder, or the reviewer during a review); null once approved. */
export function currentOrg(s: PaperState): PaperOrg | null {
  if (s.status === 'approved') return null;
  if (s.status === 'pending_review' || s.status === 'pre_review') return s.chain[s.reviewIdx] ?? null;
  return s.holder;
}

/** Actions open in this state to an integrity admin of `orgId` (acting for `orgId` when entering for an institution). */
export function allowedPaperActions(s: PaperState, orgId?: string): PaperActionName[] {
  return PAPER_ACTIONS.filter((a) => {
    try {
      guard(s, a, orgId === undefined ? null : { userId: '', role: PAPER_ROLE, orgId });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Why `action` is refused now to an integrity administrator acting for `orgId`, or null when it is allowed: the state
 * ("the review has started") or the turn ("is for the reviewer …"). The API answers it as 409.
 */
export function paperRefusal(s: PaperState, action: PaperActionName, orgId: string): string | null {
  try {
    guard(s, action, { userId: '', role: PAPER_ROLE, orgId });
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.message;
    throw err;
  }
}

/** Validator: refuses before anything changes (the workflow's Update validator calls this). */
export function checkPaperAction(s: PaperState, input: PaperActionInput): void {
  const draft = JSON.parse(JSON.stringify(s)) as PaperState; // structuredClone is not in the workflow sandbox
  applyPaperAction(draft, input, '1970-01-01T00:00:00.000Z');
}

export function applyPaperAction(s: PaperState, input: PaperActionInput, at: string): PaperTransition {
  const { action, actor, body } = input;
  if (!isPaperAction(action)) throw new DomainError('NOT_FOUND', `unknown action "${action}"; actions: ${PAPER_ACTIONS.join(', ')}`);
  if (input.expectedVersion !== undefined && input.expectedVersion !== s.version) {
    throw new DomainError('VERSION_MISMATCH', `the paper is at version ${s.version}, not ${input.expectedVersion}`, { version: s.version });
  }
  if (actor.role !== PAPER_ROLE) throw new DomainError('FORBIDDEN', 'only integrity administrators act on problem papers (RULES.md §1)');
  try {
    guard(s, action, actor);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'ACTION_NOT_ALLOWED') err.details.allowedActions = allowedPaperActions(s, actingOrg(actor));
    throw err;
  }
  const t: PaperTransition = { events: [], effects: [] };
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
      emit(s, t.events, at, 'dispatched', actor, { fromOrgId: by, toOrgId: target.orgId, toName: target.name, toLevel: target.level });
      if (s.status === 'at_institution') t.effects.push({ kind: 'open_case', institution: target, dispatchSeq: s.seq });
      break;
    }
    case 'return_to_superior': {
      const reason = text(body, 'reason');
      if (s.caseNumber !== null && body.casePhase !== 'intake') {
        throw new DomainError('ACTION_NOT_ALLOWED', 'the case opened for this paper has left intake: it can no longer be returned as misrouted', {
          casePhase: body.casePhase ?? null,
        });
      }
      const superior = s.dispatchedBy.pop()!;
      const from = s.holder;
      s.holder = superior;
      s.status = 'pending_dispatch';
      emit(s, t.events, at, 'returned_to_superior', actor, { fromOrgId: from.orgId, toOrgId: superior.orgId, reason, caseNumber: s.caseNumber });
      if (s.caseNumber !== null) t.effects.push({ kind: 'transfer_case', caseNumber: s.caseNumber, toOrgId: superior.orgId, reason, returnSeq: s.seq });
      s.caseId = null;
      s.caseNumber = null;
      break;
    }
    case 'submit_result': {
      const kind = body.kind ?? 'formal';
      if (kind !== 'formal' && kind !== 'draft') throw invalid('kind', 'must be "formal" or "draft" (a pre-review draft, 004)');
      if (typeof body.decisionId !== 'string' || !body.decisionId) {
        throw invalid('decisionId', "the case's decision must be made before the result is submitted (RULES.md §4, §5)");
      }
      const chain = chainOf(body);
      const pre = chain.findIndex((c) => c.preReview);
      const attachments = Array.isArray(body.attachmentIds) ? (body.attachmentIds as unknown[]).filter((x) => typeof x === 'string') : [];
      if (kind === 'draft') {
        if (pre < 0) throw new DomainError('ACTION_NOT_ALLOWED', 'no level of the review chain runs a pre-review: submit the formal result');
        if (s.preReviewConsented) throw new DomainError('ACTION_NOT_ALLOWED', 'the pre-review has consented: submit the formal stamped version');
      } else {
        if (pre >= 0 && !s.preReviewConsented) {
          throw new DomainError('ACTION_NOT_ALLOWED', `${chain[pre]!.name} runs a pre-review: submit a draft first (kind "draft", 004 二(二))`);
        }
        if (pre >= 0 && attachments.length === 0) {
          throw invalid('attachmentIds', 'the formal version after a pre-review carries the stamped documents (正式加印资料, 004 二(二))');
        }
      }
      s.chain = chain;
      s.rounds += 1;
      s.reviewStarted = false;
      s.status = kind === 'draft' ? 'pre_review' : 'pending_review';
      s.reviewIdx = kind === 'draft' ? pre : 0;
      emit(s, t.events, at, kind === 'draft' ? 'draft_submitted' : 'result_submitted', actor, {
        round: s.rounds,
        decisionId: body.decisionId,
        toOrgId: s.chain[s.reviewIdx]!.orgId,
        attachmentIds: attachments,
        ...(typeof body.note === 'string' ? { note: body.note } : {}),
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
      const data = { level: level.level, opinion: optional(body, 'opinion'), letterFileId: optional(body, 'letterFileId') };
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
      emit(s, t.events, at, 'result_returned', actor, { stage, level: level.level, opinion, letterFileId, toOrgId: s.holder.orgId });
      break;
    }
    case 'consent':
      s.status = 'consented';
      s.preReviewConsented = true;
      emit(s, t.events, at, 'pre_review_consented', actor, { opinion: optional(body, 'opinion') });
      break;
  }
  s.version += 1;
  return t;
}

/** Records the case the paper became at the institution (after the workflow opened it). */
export function linkCase(s: PaperState, c: { caseId: string; caseNumber: string }, at: string): PaperEvent[] {
  s.caseId = c.caseId;
  s.caseNumber = c.caseNumber;
  const events: PaperEvent[] = [];
  emit(s, events, at, 'case_opened', null, { caseId: c.caseId, caseNumber: c.caseNumber, orgId: s.holder.orgId });
  return events;
}

export function noteEvent(s: PaperState, at: string, type: string, data: Record<string, unknown>): PaperEvent[] {
  const events: PaperEvent[] = [];
  emit(s, events, at, type, null, data);
  return events;
}

/** Phase and role rules, in one place, used by the validator and by `allowedPaperActions`. */
function guard(s: PaperState, action: PaperActionName, actor: PaperActor | null): void {
  const by = actor ? actingOrg(actor) : undefined;
  const refuse = (why: string) => {
    throw new DomainError('ACTION_NOT_ALLOWED', `"${action}" is not possible now: ${why}`, { status: s.status });
  };
  const mustBe = (orgId: string | undefined, who: string) => {
    if (by !== undefined && by !== orgId) throw new DomainError('FORBIDDEN', `"${action}" is for ${who}`);
  };
  const reviewer = s.chain[s.reviewIdx];
  switch (action) {
    case 'dispatch':
      if (s.status !== 'pending_dispatch') refuse(`the paper is ${s.status}`);
      if (s.holder.level === 'institution') refuse('an institution handles the paper itself');
      mustBe(s.holder.orgId, 'the organisation holding the paper');
      return;
    case 'return_to_superior':
      if (s.status !== 'pending_dispatch' && s.status !== 'at_institution') refuse(`the paper is ${s.status}`);
      if (s.dispatchedBy.length === 0) refuse('nobody dispatched it here');
      mustBe(s.holder.orgId, 'the organisation it was dispatched to');
      return;
    case 'submit_result':
      if (!['at_institution', 'returned', 'consented'].includes(s.status)) refuse(`the paper is ${s.status}`);
      if (s.caseNumber === null) refuse('no case has been opened for it');
      mustBe(s.holder.orgId, 'the institution handling it');
      return;
    case 'withdraw':
      if (s.status !== 'pending_review' && s.status !== 'pre_review') refuse('nothing is under review');
      if (s.reviewStarted) refuse('the review has started');
      mustBe(s.status === 'pre_review' || s.reviewIdx === 0 ? s.holder.orgId : s.chain[s.reviewIdx - 1]?.orgId, 'the submitter');
      return;
    case 'start_review':
      if (s.status !== 'pending_review' && s.status !== 'pre_review') refuse('nothing waits for review');
      if (s.reviewStarted) refuse('the review has already started');
      mustBe(reviewer?.orgId, `the reviewer (${reviewer?.name ?? '-'})`);
      return;
    case 'approve':
      if (s.status !== 'pending_review') refuse(s.status === 'pre_review' ? 'a pre-review ends with consent or a return' : 'nothing waits for review');
      mustBe(reviewer?.orgId, `the reviewer (${reviewer?.name ?? '-'})`);
      return;
    case 'return_result':
      if (s.status !== 'pending_review' && s.status !== 'pre_review') refuse('nothing waits for review');
      mustBe(reviewer?.orgId, `the reviewer (${reviewer?.name ?? '-'})`);
      return;
    case 'consent':
      if (s.status !== 'pre_review') refuse('only a pre-review draft is consented to');
      mustBe(reviewer?.orgId, `the pre-reviewer (${reviewer?.name ?? '-'})`);
      return;
  }
}

/** Materialised paths, with or without a trailing slash: `/a/b` is below `/a`, `/ab` is not. */
function isBelow(child: string, parent: string): boolean {
  const p = parent.endsWith('/') ? parent : `${parent}/`;
  return child !== parent && child.startsWith(p);
}

function actingOrg(a: PaperActor): string {
  return a.onBehalfOf ?? a.orgId;
}

function emit(s: PaperState, events: PaperEvent[], at: string, type: string, actor: PaperActor | null, data: Record<string, unknown>): void {
  s.seq += 1;
  const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  events.push({ seq: s.seq, type, at, actor, data: clean });
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
  if (!Array.isArray(chain) || chain.length === 0) throw invalid('chain', 'the institution has no supervising commission to review its result');
  return chain.map((c: Partial<ChainLevel>, i) => {
    const o = org({ x: c }, 'x');
    if (i > 0 && !isBelow(chain[i - 1].path, o.path)) throw invalid('chain', 'each level must be the parent of the one before');
    return { ...o, preReview: c.preReview === true };
  });
}

/** What an organisation is asked to do about a paper, by e-mail to its integrity administrators. */
export type PaperTask = 'handle' | 'review' | 'pre_review' | 'revise' | 'formal_submission' | 'approved';

/**
 * The notice a paper's new state calls for, if any: the institution when it must handle, revise or submit the formal
 * version (and when national approved), the reviewer when a result waits for it. `stage` (task#seq) makes it one mail
 * per state change and recipient.
 * [decision] No mail per paper when a batch is dispatched to a commission (a batch of hundreds would be hundreds of
 * mails); commissions see what waits for them in 办理进度 (`awaitingThisOrganisation`).
 */
export function paperNotice(s: PaperState): { task: PaperTask; orgId: string; stage: string } | null {
  const task: PaperTask | null =
    s.status === 'at_institution' ? 'handle'
    : s.status === 'pending_review' ? 'review'
    : s.status === 'pre_review' ? 'pre_review'
    : s.status === 'returned' ? 'revise'
    : s.status === 'consented' ? 'formal_submission'
    : s.status === 'approved' ? 'approved'
    : null;
  if (task === null) return null;
  const org = task === 'review' || task === 'pre_review' ? s.chain[s.reviewIdx] : s.holder;
  return org ? { task, orgId: org.orgId, stage: `${task}#${s.seq}` } : null;
}
