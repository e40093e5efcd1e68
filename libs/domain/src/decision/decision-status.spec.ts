/** A decision's status after a review (复查) or appeal (复核) result (003 art.41–43; 001 art.44–46). */
import { isDecisionInForce, statusAfterReview } from './decision-status';

describe('statusAfterReview', () => {
  it.each([
    ['effective', 'upheld', 'effective'],
    ['effective', 'changed', 'changed'],
    ['effective', 'revoked', 'revoked'],
    ['changed', 'upheld', 'changed'],
    ['changed', 'changed', 'changed'],
    ['changed', 'revoked', 'revoked'],
    ['revoked', 'upheld', 'revoked'],
    ['revoked', 'changed', 'changed'],
  ])('%s + %s → %s', (current, result, next) => expect(statusAfterReview(current, result)).toBe(next));

  it('no review applies to a draft or a pending form, and an unknown result changes nothing', () => {
    expect(statusAfterReview('draft', 'revoked')).toBeNull();
    expect(statusAfterReview('pending', 'revoked')).toBeNull();
    expect(statusAfterReview('superseded', 'changed')).toBeNull(); // a replaced version is not what a review is about
    expect(statusAfterReview('effective', 'annulled')).toBeNull();
  });
});

describe('isDecisionInForce (what the ranking counts and what may bar)', () => {
  it('effective and changed decisions are in force; revoked, superseded, pending and drafts are not', () => {
    expect(['draft', 'pending', 'effective', 'changed', 'revoked', 'superseded'].filter(isDecisionInForce)).toEqual([
      'effective',
      'changed',
    ]);
  });
});
