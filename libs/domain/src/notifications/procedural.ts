/**
 * Which procedural notifications (issue 7) a step of the case procedure sends, pure: the events a transition emitted
 * and the state after it in, a list of notices out. The case workflow hands each notice to the `notify` activity,
 * which resolves the recipients (roles in organisations; a real-name reporter's address from PostgreSQL, never from
 * workflow input or history) and sends through the outbox.
 *
 * Exactly once: the stage of every notice is `<event type>#<event seq>`, part of the outbox deduplication key
 * (case, template, deadline kind, due date, stage, recipient), so a retried activity, a replayed or reset workflow
 * writes and sends nothing twice, while a second event of the same type (a second calendar reload) is a new mail.
 *
 * Seeds: 003 = 003_4e9e56e49ac7f018.txt (national-2022), 001 = 001_bc0ff0bc5a500df1.txt (henan-2021).
 */
import type { CaseEvent, CaseState } from '../case/lifecycle';
import type { NotificationAudience, NotificationTemplate } from './templates';

export interface ProceduralNotice {
  template: NotificationTemplate;
  audience: NotificationAudience;
  /** `<event type>#<seq>`: one mail per event and recipient. */
  stage: string;
  deadlineKind?: string;
  dueDate?: string;
  data?: Record<string, unknown>;
}

const stageOf = (e: CaseEvent) => `${e.type}#${e.seq}`;

/** The due date of a deadline the step opened (or moved), when the state has it. */
function deadline(state: CaseState, kind: keyof CaseState['deadlines']): { deadlineKind: string; dueDate: string } | object {
  const d = state.deadlines[kind];
  return d ? { deadlineKind: d.kind, dueDate: d.dueDate } : {};
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * The notices of one transition, in event order. [decision] Where a real-name reporter is told, the handlers are not
 * mailed as well (they took the action themselves); outcomes of a review or appeal go to both, since the reporter may
 * be the applicant (003 art.41–42) and the handlers must carry the result out.
 */
export function proceduralNotices(events: readonly CaseEvent[], state: CaseState): ProceduralNotice[] {
  const out: ProceduralNotice[] = [];
  for (const e of events) {
    const stage = stageOf(e);
    const both = (n: Omit<ProceduralNotice, 'audience' | 'stage'>) => {
      out.push({ ...n, audience: 'handlers', stage }, { ...n, audience: 'reporter', stage });
    };
    switch (e.type) {
      // 003 art.14: the acceptance decision is notified to a real-name reporter; 001 art.14: within 5 working days
      // after the preliminary check, a refusal stating its reasons (the reporter may object; the template says so
      // where the profile allows an objection).
      case 'accepted':
        out.push({ template: 'acceptance_decision', audience: 'reporter', stage, data: { accepted: true } });
        break;
      case 'rejected':
        out.push({ template: 'acceptance_decision', audience: 'reporter', stage, data: { accepted: false, reason: e.data.reason } });
        break;
      // 001 art.14: an objection that holds means the report is accepted after all.
      case 'objection_upheld':
        out.push({ template: 'acceptance_decision', audience: 'reporter', stage, data: { accepted: true } });
        break;
      // 003 art.24: the participating units are told in writing; the officer names them (organisations, addresses).
      case 'participating_units_notified': {
        const orgIds = list(e.data.orgIds);
        const emails = list(e.data.emails);
        if (orgIds.length || emails.length)
          out.push({ template: 'participating_units_notice', audience: 'participating_units', stage, data: { orgIds, emails } });
        break;
      }
      // 003 art.27 / 001 art.31: the proposed decision was notified; the handlers wait for the defence period.
      case 'proposed_decision_sent':
        out.push({ template: 'proposed_decision_notice', audience: 'handlers', stage, ...deadline(state, 'defence') });
        break;
      // 003 art.28: the decision letter is delivered and the real-name reporter told (001 art.30); the review window
      // (003 art.41 / 001 art.44) runs from delivery.
      case 'decision_delivered':
        both({ template: 'decision_delivery', ...deadline(state, 'review_application') });
        break;
      // 003 art.41–43 / 001 art.44–46: the review's result; the appeal window to the superior runs from it.
      case 'review_completed':
      case 'review_refused':
        both({
          template: 'review_outcome',
          ...deadline(state, 'appeal_application'),
          data: { result: e.type === 'review_refused' ? 'refused' : e.data.result },
        });
        break;
      // 003 art.42–43 / 001 art.45–46: the superior's result is final.
      case 'appeal_completed':
      case 'appeal_refused':
        both({ template: 'appeal_outcome', data: { result: e.type === 'appeal_refused' ? 'refused' : e.data.result } });
        break;
      // Issue 17 (edge rules; these events and fields exist only in cases started on them): reports to the authority
      // that transferred the case (003 art.25: the extension; 003 art.28: the decision letter and report, also to a
      // lead investigating unit), and the appeal lodged with the superior authority (003 art.42; 001 art.45).
      case 'extension_reported':
        out.push({
          template: 'extension_report',
          audience: 'transferring_authority',
          stage,
          data: { months: e.data.months, investigationDue: e.data.investigationDue, article: e.data.article },
        });
        break;
      case 'decision_reported':
        for (const to of list(e.data.to)) {
          if (to === 'transferring_authority' || to === 'lead_unit')
            out.push({ template: 'decision_report', audience: to, stage, data: { article: e.data.article } });
        }
        break;
      case 'appeal_applied':
        if (typeof e.data.appealOrgId === 'string') {
          out.push({
            template: 'appeal_lodged',
            audience: 'appeal_authority',
            stage,
            ...deadline(state, 'appeal_acceptance'),
            data: { article: e.data.article, appealOrgId: e.data.appealOrgId },
          });
        }
        break;
      // RULES.md §3: loading a year's holiday notice recounts open deadlines; officers are told when a due date moves.
      case 'deadline_recomputed':
        if (typeof e.data.from === 'string' && typeof e.data.to === 'string' && e.data.from !== e.data.to) {
          out.push({
            template: 'due_date_moved',
            audience: 'handlers',
            stage,
            deadlineKind: String(e.data.kind),
            dueDate: e.data.to,
            data: { previousDueDate: e.data.from },
          });
        }
        break;
      default:
        break;
    }
  }
  return out;
}
