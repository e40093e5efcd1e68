import { CASE_ACTION_CONTRACT } from './case-actions';
import { DecisionFormSchema, ApplyToAuthorsSchema } from './decision-form';
import { PAPER_ACTION_CONTRACT } from './paper-actions';
import { conform, schemaIssues } from './validate';
import { ACTION_NAMES } from '@libs/domain/src/case/actions';
import { PAPER_ACTIONS } from '@libs/domain/src/paper';

describe('action contract', () => {
  it('has a closed body schema for every case and paper action', () => {
    expect(Object.keys(CASE_ACTION_CONTRACT).sort()).toEqual([...ACTION_NAMES].sort());
    expect(Object.keys(PAPER_ACTION_CONTRACT).sort()).toEqual([...PAPER_ACTIONS].sort());
    for (const c of [...Object.values(CASE_ACTION_CONTRACT), ...Object.values(PAPER_ACTION_CONTRACT)]) {
      expect(c.body.additionalProperties).toBe(false);
    }
  });

  it('names every failing field at once', () => {
    const issues = schemaIssues(CASE_ACTION_CONTRACT.request_extension.body, { months: 0, reason: '  ', on: '2026-02-30', extra: 1 });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'months', rule: 'minimum' }),
        expect.objectContaining({ path: 'reason', rule: 'pattern', message: expect.stringContaining('blank') }),
        expect.objectContaining({ path: 'on', rule: 'format', message: 'must be a real calendar date YYYY-MM-DD' }),
        expect.objectContaining({ path: 'extra', rule: 'unknown_field' }),
      ]),
    );
    expect(issues).toHaveLength(4);
  });

  it('refuses prototype keys, NUL characters and impossible dates', () => {
    const body = JSON.parse('{"reason":"ok","__proto__":{"x":1},"constructor":1}');
    expect(
      schemaIssues(CASE_ACTION_CONTRACT.suspend.body, body)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['__proto__', 'constructor']);
    expect(schemaIssues(CASE_ACTION_CONTRACT.suspend.body, { reason: 'a\u0000b' })[0]).toMatchObject({ path: 'reason', rule: 'pattern' });
    expect(schemaIssues(CASE_ACTION_CONTRACT.resume.body, { on: '0000-01-01' })[0]).toMatchObject({ path: 'on', rule: 'pattern' });
    expect(
      schemaIssues(CASE_ACTION_CONTRACT.resume.body, { on: '2026-13-45' })
        .map((i) => i.rule)
        .sort(),
    ).toEqual(['format', 'pattern']);
    expect(schemaIssues(CASE_ACTION_CONTRACT.resume.body, { on: '2028-02-29' })).toEqual([]);
    expect(schemaIssues(CASE_ACTION_CONTRACT.resume.body, { on: '2027-02-29' })[0]).toMatchObject({ rule: 'format' });
  });

  it('needs at least one organisation or address to notify participating units', () => {
    expect(schemaIssues(CASE_ACTION_CONTRACT.notify_participating_units.body, {})).toEqual([
      { path: '', rule: 'anyOf', message: 'needs at least one of: orgIds, emails' },
    ]);
    expect(schemaIssues(CASE_ACTION_CONTRACT.notify_participating_units.body, { orgIds: [] })[0]).toMatchObject({
      path: 'orgIds',
      rule: 'minItems',
    });
    expect(schemaIssues(CASE_ACTION_CONTRACT.notify_participating_units.body, { emails: ['units@example.org'] })).toEqual([]);
    expect(schemaIssues(CASE_ACTION_CONTRACT.notify_participating_units.body, { emails: ['not-an-address'] })[0]).toMatchObject({
      path: 'emails[0]',
      rule: 'format',
    });
  });

  it('refuses a body that is not an object', () => {
    expect(schemaIssues(CASE_ACTION_CONTRACT.resume.body, [])[0]).toMatchObject({
      path: '',
      rule: 'type',
      message: 'the body must be a JSON object',
    });
  });

  it('checks a paper action body', () => {
    expect(schemaIssues(PAPER_ACTION_CONTRACT.return_result.body, { opinion: 'x' })).toEqual([
      { path: 'letterFileId', rule: 'required', message: 'is required' },
    ]);
    expect(schemaIssues(PAPER_ACTION_CONTRACT.withdraw.body, { anything: 1 })[0]).toMatchObject({
      path: 'anything',
      rule: 'unknown_field',
    });
  });
});

describe('decision form contract', () => {
  const author = { order: 1, name: '张三', organisation: '某医院', idNumber: '110105202001010428', penalise: false };

  it('fills empty lists and refuses unknown keys at every depth', () => {
    const form = conform<{ authors: Array<{ measures: unknown[]; misconductTypes: unknown[] }> }>(DecisionFormSchema, {
      result: 'no_misconduct',
      authors: [{ ...author }],
    });
    expect(form.authors[0]!.measures).toEqual([]);
    expect(form.authors[0]!.misconductTypes).toEqual([]);
    const issues = schemaIssues(DecisionFormSchema, {
      result: 'misconduct',
      idNo: '110105202001010428',
      authors: [{ ...author, idNo: 'x', measures: [{ code: '5', yearz: 2 }] }],
    });
    expect(issues.map((i) => i.path).sort()).toEqual(['authors[0].idNo', 'authors[0].measures[0].yearz', 'idNo']);
  });

  it('checks apply-to-authors', () => {
    expect(schemaIssues(ApplyToAuthorsSchema, { orders: [], penalty: { penalise: true } })).toEqual([
      expect.objectContaining({ path: 'orders', rule: 'minItems' }),
    ]);
    expect(schemaIssues(ApplyToAuthorsSchema, { orders: [1], penalty: {} })[0]).toMatchObject({
      path: 'penalty.penalise',
      rule: 'required',
    });
  });
});
