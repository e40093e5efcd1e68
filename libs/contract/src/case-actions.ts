/**
 * One request schema per case action (RULES.md §3): what each officer action takes, field by field, with the article
 * it comes from. The API validates every body against its schema (all failing fields named at once) after the phase
 * check and before the workflow's Update; OpenAPI documents each as its own operation,
 * `POST /api/v1/cases/{id}/actions/{action}`. The reducer (libs/domain/src/case/lifecycle.ts) keeps the rules that
 * depend on the case (profile minimums, caps, dates in order).
 *
 * Seeds: 003 = 003_4e9e56e49ac7f018.txt (national-2022), 001 = 001_bc0ff0bc5a500df1.txt (henan-2021).
 */
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { ACTIONS, type ActionName, NOTICE_CHANNELS, RECUSAL_REQUESTERS, REJECTION_REASONS } from '@libs/domain/src/case/actions';
import { DecisionFormSchema } from './decision-form';
import { Body, Email, IsoDate, MustBeTrue, ON_DESCRIPTION, StringEnum, StringList, Text, Uuid } from './primitives';

const on = Type.Optional(IsoDate({ description: ON_DESCRIPTION }));
const note = (description = 'free note for the file') => Type.Optional(Text(2000, { required: false, description }));
const reason = (description: string) => Text(2000, { description });
const PersonName = (description: string) => Text(100, { description });
const REVIEW_RESULTS = ['upheld', 'changed', 'revoked'] as const;

/** Per action: its body schema and a sentence for the operation's description. */
export const CASE_ACTION_CONTRACT = {
  accept: {
    summary: 'Accept the case after the preliminary check (受理); the investigation deadline starts (003 art.14, 25; 001 art.14, 25)',
    body: Body({
      on,
      checkedBy: Type.Optional(
        StringList(Uuid({ description: 'user id of a member of the preliminary-check staff' }), {
          maxItems: 10,
          description:
            'Staff who did the preliminary check (初核), as user ids of active accounts of the handling organisation, each once; ' +
            'henan-2021 needs at least 2 (001 art.14 "初核应由2名工作人员进行")',
        }),
      ),
    }),
  },
  reject: {
    summary: 'Refuse to accept (不予受理) for one of the reasons of 001 art.13 / 003 art.13',
    body: Body({
      on,
      reason: StringEnum(REJECTION_REASONS, { description: 'reason for non-acceptance (003 art.13; 001 art.13)' }),
      note: note(),
    }),
  },
  transfer: {
    summary:
      'Transfer the case to the competent organisation (转送/移送, 003 art.14; 001 art.14); the case ends here and a linked case ' +
      'opens at the receiving organisation (source "transfer", its acceptance deadline counted from the transfer date, the same reporter)',
    body: Body({
      on,
      toOrgId: Uuid({ description: 'organisation receiving the case (not the handling organisation itself)' }),
      reason: note('why it is transferred'),
    }),
  },
  notify_reporter: {
    summary:
      'Record that the real-name reporter has been told of the acceptance decision another way than the e-mail the system sends ' +
      '(001 art.14: within 5 working days); an acceptance or refusal notice e-mailed to the reporter meets it by itself',
    body: Body({
      on,
      channel: Type.Optional(StringEnum(NOTICE_CHANNELS, { description: 'how the reporter was told' })),
      note: note(),
    }),
  },
  uphold_objection: {
    summary: "Uphold the reporter's objection to non-acceptance: the case is accepted (001 art.14)",
    body: Body({ on, note: note() }),
  },
  close_objection_period: {
    summary: 'End the period in which the reporter may object to non-acceptance (001 art.14; [decision] no period is set there)',
    body: Body({ on, note: note() }),
  },
  approve_plan: {
    summary: 'Approve the investigation plan (unit head, 003 art.16); once per case',
    body: Body({ on, note: note() }),
  },
  add_member: {
    summary: 'Add an investigation-team or expert-panel member who signed the recusal declaration (003 art.16–17, 45)',
    body: Body({
      on,
      name: PersonName("member's name"),
      kind: StringEnum(['team', 'expert'] as const, { description: 'investigation team (调查组) or expert panel (专家组)' }),
      declarationSigned: MustBeTrue({ description: 'the member signed the recusal declaration (003 art.45)' }),
      conflicts: Type.Optional(
        StringList(Text(200), {
          maxItems: 20,
          description: 'declared conflicts (relative, witness, collaborator, supervisor–student): any bars the member (003 art.45)',
        }),
      ),
      userId: Type.Optional(
        Uuid({
          description:
            "the member's account, if they have one (an active user of the handling organisation); an upheld recusal keeps it out of the case",
        }),
      ),
    }),
  },
  record_interview: {
    summary: 'Record an interview (谈话) conducted by at least 2 investigators of the investigation team (003 art.18; 001 art.18)',
    body: Body({
      on,
      investigators: StringList(PersonName('an investigator present: a member of the investigation team, by name'), {
        minItems: 1,
        maxItems: 20,
        description: 'at least 2 distinct members of the investigation team (003 art.18 "参与谈话的调查人员不得少于2人")',
      }),
      subject: note('who was interviewed'),
    }),
  },
  request_extension: {
    summary:
      "Request an extension of the investigation, for the unit head's approval (003 art.25: at most 6 months in total; 001 art.25: 1 year)",
    body: Body({
      on,
      months: Type.Integer({ minimum: 1, maximum: 12, description: 'months requested; the profile caps the total' }),
      reason: reason('why more time is needed'),
    }),
  },
  decide_extension: {
    summary: 'Approve or deny the pending extension request (unit head, 003 art.25)',
    body: Body({ on, approve: Type.Boolean({ description: 'true approves, false denies' }) }),
  },
  request_suspension: {
    summary: 'Ask the unit head to suspend the investigation (中止, 003 art.23 "可经单位相关负责人批准中止调查"; 001 art.23)',
    body: Body({ on, reason: reason('why the investigation should be suspended') }),
  },
  decide_suspension: {
    summary: 'Approve or refuse the pending suspension request (unit head, 003 art.23; 001 art.23); approval suspends at once',
    body: Body({ on, approve: Type.Boolean({ description: 'true suspends, false refuses' }), note: note() }),
  },
  suspend: {
    summary: 'Suspend the investigation (中止) directly (unit head, 003 art.23; 001 art.23); time suspended is not counted',
    body: Body({ on, reason: reason('why the investigation is suspended') }),
  },
  resume: {
    summary: 'Resume a suspended investigation; every running deadline moves later by the days suspended (RULES.md §3)',
    body: Body({ on }),
  },
  request_termination: {
    summary: 'Ask the unit head to terminate the investigation (终止), e.g. the subject died (001 art.23; profiles that allow it)',
    body: Body({ on, reason: reason('why the investigation should be terminated') }),
  },
  decide_termination: {
    summary: 'Approve or refuse the pending termination request (unit head, 001 art.23); approval ends the case',
    body: Body({ on, approve: Type.Boolean({ description: 'true terminates, false refuses' }), note: note() }),
  },
  terminate: {
    summary: 'Terminate the investigation (终止) directly (unit head), e.g. the subject died (001 art.23; profiles that allow it)',
    body: Body({ on, reason: reason('why the investigation is terminated') }),
  },
  request_recusal: {
    summary:
      'Record the subject\'s or the reporter\'s request that a member step aside (回避, 003 art.45 "被调查人、举报人有权要求其回避"; ' +
      '001 art.49): who asked, whom, why; the unit head decides',
    body: Body(
      {
        on,
        requestedBy: StringEnum(RECUSAL_REQUESTERS, { description: 'who asked: the subject (被调查人) or the reporter (举报人)' }),
        member: Type.Optional(PersonName('the member of the investigation team or expert panel asked to step aside, by name')),
        userId: Type.Optional(Uuid({ description: 'the account asked to be kept out of the case (a user of the handling organisation)' })),
        reason: reason('why the recusal is asked for'),
      },
      { anyOf: [{ required: ['member'] }, { required: ['userId'] }] },
    ),
  },
  decide_recusal: {
    summary:
      "Uphold or refuse the pending recusal request (unit head); upheld, the member leaves the team and the account goes on the case's denied-access list",
    body: Body({ on, upheld: Type.Boolean({ description: 'true upholds the request, false refuses it' }), note: note() }),
  },
  submit_report: {
    summary: 'Submit the investigation report signed by every team member (003 art.16–17, 24)',
    body: Body({
      on,
      signedBy: StringList(PersonName('a team member who signed'), {
        minItems: 1,
        maxItems: 50,
        description: 'every investigation-team member must sign',
      }),
      summary: note('summary of the findings'),
    }),
  },
  notify_participating_units: {
    summary:
      'Notify the units that took part, within 15 working days after the report (003 art.24); name at least one organisation or address',
    body: Body(
      {
        on,
        orgIds: Type.Optional(
          StringList(Uuid(), { minItems: 1, maxItems: 20, description: 'organisations told (their integrity administrators are mailed)' }),
        ),
        emails: Type.Optional(StringList(Email(), { minItems: 1, maxItems: 20, description: 'addresses told by e-mail' })),
      },
      { anyOf: [{ required: ['orgIds'] }, { required: ['emails'] }] },
    ),
  },
  send_proposed_decision: {
    summary: 'Send the proposed decision to the subject; the defence period starts (003 art.27; 001 art.31)',
    body: Body({ on }),
  },
  record_defence: {
    summary: "Record the subject's statement and defence (陈述申辩, 003 art.27)",
    body: Body({ on, summary: note('what the subject said') }),
  },
  waive_defence: {
    summary: 'Record that the subject waived the defence (003 art.27)',
    body: Body({ on }),
  },
  decide: {
    summary:
      'Make the handling decision (处理决定). Submits the saved decision draft (PUT /cases/{id}/decision) unless a form is given; ' +
      'every rule of RULES.md §4 and the required attachments are checked first (003 art.29–35, 39)',
    body: Body({
      on,
      effectiveDate: Type.Optional(IsoDate({ description: 'date the decision takes effect; defaults to `on`' })),
      summary: note('summary of the decision'),
      form: Type.Optional({ ...DecisionFormSchema, description: 'the decision form; absent = the saved draft' }),
    }),
  },
  deliver_decision: {
    summary: 'Deliver the decision; the review-application window opens (003 art.41: 15 working days; 001 art.44: 15 days)',
    body: Body({ on }),
  },
  revise_decision: {
    summary:
      "Revise the decision after a reviewer returned the paper's result (002 退回修改): the revision draft (POST /cases/{id}/decision/revision, " +
      'then PUT or apply-to-authors) becomes the decision in force as its next version; the previous version is kept as superseded, ' +
      'its registry entries revoked and the corrected ones recorded (003 art.36). Possible while the result is with the institution, ' +
      'before it is submitted again',
    body: Body({
      on,
      reason: reason('why the decision is revised (e.g. the reviewer’s opinion it answers); kept with the new version'),
      effectiveDate: Type.Optional(
        IsoDate({ description: 'date the corrected decision takes effect; defaults to `on`; not before the decision it corrects' }),
      ),
      summary: note('summary of the corrected decision'),
      form: Type.Optional({ ...DecisionFormSchema, description: 'the corrected form; absent = the revision draft' }),
    }),
  },
  report_registry: {
    summary: 'Record that the decision was reported to the serious-misconduct database (003 art.36; 001 art.40)',
    body: Body({ on }),
  },
  apply_review: {
    summary: 'Record an application for review (复查) within the window (003 art.41; 001 art.44)',
    body: Body({ on }),
  },
  accept_review: { summary: 'Accept the review application (15 working days, RULES.md §3)', body: Body({ on }) },
  refuse_review: { summary: 'Refuse the review application', body: Body({ on, reason: reason('why the review is refused') }) },
  complete_review: {
    summary: 'Complete the review with its result (003 art.43: 90 working days); the appeal window opens',
    body: Body({ on, result: StringEnum(REVIEW_RESULTS, { description: 'decision upheld, changed or revoked' }), summary: note() }),
  },
  apply_appeal: {
    summary:
      'Record an appeal to the superior authority (复核/申诉, 003 art.42; 001 art.45). The organisation hearing it is resolved from the ' +
      "organisation tree (the handling organisation's parent; a national organisation hears its own) and takes the next steps",
    body: Body({ on }),
  },
  accept_appeal: { summary: 'Accept the appeal (the organisation hearing it, within 15 working days; 003 art.42)', body: Body({ on }) },
  refuse_appeal: {
    summary: 'Refuse the appeal (the organisation hearing it; 003 art.42)',
    body: Body({ on, reason: reason('why the appeal is refused') }),
  },
  complete_appeal: {
    summary: "Complete the appeal (the organisation hearing it); the superior's result is final (003 art.42–43)",
    body: Body({ on, result: StringEnum(REVIEW_RESULTS, { description: 'decision upheld, changed or revoked' }), summary: note() }),
  },
  merge_into: {
    summary:
      'Merge this case into another (a duplicate report of the same paper or person, issue 23): this case closes as `merged`; its ' +
      'reports, reporter and evidence move to the surviving case, both timelines record the merge, the survivor keeps its deadlines. ' +
      'Both cases must be handled by your organisation; the survivor must be open. Not for a problem paper’s case (link it instead)',
    body: Body({
      on,
      intoCaseId: Uuid({ description: 'the surviving case (it must be open and handled by your organisation)' }),
      note: note('why the cases are the same (kept in both timelines)'),
    }),
  },
} satisfies Record<ActionName, { summary: string; body: TObject }>;

export type CaseActionBodies = { [A in ActionName]: Static<(typeof CASE_ACTION_CONTRACT)[A]['body']> };

/** Roles allowed per action, for the operation's description. */
export function rolesOf(action: ActionName): readonly string[] {
  return ACTIONS[action].roles;
}
