import { DomainError } from '../shared/domain-error';
import {
  checkAnswers,
  checkCampaignWindow,
  isDeclared,
  SELF_INSPECTION_CHECKLIST,
  undeclaredPaperSuggestions,
  windowState,
  type CampaignFacts,
} from './self-inspection';

const factor = { code: '8', label: '未在年度科研诚信自查中主动申报问题论文且经查实存在科研失信行为的', article: '000 §13' };
const campaign = (over: Partial<CampaignFacts> = {}): CampaignFacts => ({
  id: 'C26',
  year: 2026,
  title: '2026年度科研诚信自查',
  provinceName: '河南省卫生健康委员会',
  opensOn: '2026-03-01',
  closesOn: '2026-06-30',
  response: { submittedAt: '2026-06-20T08:00:00.000Z', declared: [{ title: 'Declared paper', doi: '10.1/declared' }] },
  ...over,
});

describe('the checklist of 000 §13', () => {
  it('has the five items the plan names', () => {
    expect(SELF_INSPECTION_CHECKLIST.map((i) => i.code)).toEqual([
      'organisation',
      'evaluation',
      'publication_review',
      'data_management',
      'misconduct_handling',
    ]);
  });
  it('a submission answers every item once; an answer other than yes says what is rectified', () => {
    const all = SELF_INSPECTION_CHECKLIST.map((i) => ({ item: i.code, answer: 'yes' as const }));
    expect(() => checkAnswers(all, 'submit')).not.toThrow();
    expect(() => checkAnswers(all.slice(1), 'draft')).not.toThrow();
    let err: DomainError | undefined;
    try {
      checkAnswers([...all.slice(1), { item: 'evaluation', answer: 'no' }, { item: 'nonsense', answer: 'yes' }], 'submit');
    } catch (e) {
      err = e as DomainError;
    }
    expect(err?.issues.map((i) => [i.path, i.rule])).toEqual([
      ['answers[4].item', 'unique'],
      ['answers[4].note', 'required_unless_yes'],
      ['answers[5].item', 'checklist_item'],
      ['answers', 'checklist_complete'],
    ]);
  });
});

describe('campaign window', () => {
  it('from 2026, opens before it closes, within the year or the next', () => {
    expect(() => checkCampaignWindow(2026, '2026-03-01', '2027-01-31')).not.toThrow();
    expect(() => checkCampaignWindow(2025, '2025-03-01', '2025-04-01')).toThrow(/from 2026/);
    expect(() => checkCampaignWindow(2026, '2026-05-01', '2026-04-01')).toThrow(/closesOn/);
    expect(() => checkCampaignWindow(2026, '2028-01-01', '2028-02-01')).toThrow(/2026 or 2027/);
  });
  it('is open from its first to its last day inclusive', () => {
    expect(windowState('2026-03-01', '2026-06-30', '2026-02-28')).toBe('not_open');
    expect(windowState('2026-03-01', '2026-06-30', '2026-03-01')).toBe('open');
    expect(windowState('2026-03-01', '2026-06-30', '2026-06-30')).toBe('open');
    expect(windowState('2026-03-01', '2026-06-30', '2026-07-01')).toBe('closed');
  });
});

describe('从重 for a paper not declared (000 §13): a suggestion with the campaign as its reason', () => {
  it('suggests the factor when the paper was not declared in a campaign that had closed before the case came in', () => {
    const s = undeclaredPaperSuggestions({ doi: '10.1/other', title: 'Other' }, '2026-09-01', [campaign()], factor);
    expect(s).toEqual([
      expect.objectContaining({
        kind: 'aggravating_factor',
        code: '8',
        article: '000 §13',
        campaign: expect.objectContaining({ id: 'C26', year: 2026, responded: true }),
      }),
    ]);
    expect(s[0]!.message).toMatch(/not declared in the 2026 self-inspection/);
  });
  it('none when the paper was declared (by DOI, or by title when a DOI is missing)', () => {
    expect(undeclaredPaperSuggestions({ doi: 'https://doi.org/10.1/DECLARED', title: 'x' }, '2026-09-01', [campaign()], factor)).toEqual(
      [],
    );
    expect(undeclaredPaperSuggestions({ title: 'declared  PAPER.' }, '2026-09-01', [campaign()], factor)).toEqual([]);
  });
  it('none while the campaign was still open when the case came in, or for a paper published after the campaign year', () => {
    expect(undeclaredPaperSuggestions({ doi: '10.1/other' }, '2026-06-30', [campaign()], factor)).toEqual([]);
    expect(undeclaredPaperSuggestions({ doi: '10.1/other', publishedOn: '2027-01-05' }, '2027-09-01', [campaign()], factor)).toEqual([]);
  });
  it('an institution that never answered did not declare it either', () => {
    const s = undeclaredPaperSuggestions({ doi: '10.1/other' }, '2026-09-01', [campaign({ response: null })], factor);
    expect(s[0]!.campaign.responded).toBe(false);
    expect(s[0]!.message).toMatch(/did not answer/);
  });
  it('none for a case without a paper', () => {
    expect(undeclaredPaperSuggestions(null, '2026-09-01', [campaign()], factor)).toEqual([]);
  });
  it('matches titles ignoring case and punctuation', () => {
    expect(isDeclared({ title: 'A  study, of X!' }, [{ title: 'a study of x' }])).toBe(true);
    expect(isDeclared({ doi: '10.1/a', title: 'same' }, [{ doi: '10.1/b', title: 'same' }])).toBe(false);
  });
});
