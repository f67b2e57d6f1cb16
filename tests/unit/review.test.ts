/** The time limits of 认定审核: from what the county published, never made up. */
import { describe, expect, it } from 'vitest';
import { answerDue, stepDue, type ReviewDays } from '#src/domain/review.ts';
import county from '#content/county.ts';

const DAY = 86_400_000;
const FROM = Date.parse('2026-12-01T02:00:00Z');
const NONE: ReviewDays = { screening: null, filing: null, assessing: null, deciding: null };
const SET: ReviewDays = { screening: 10, filing: 15, assessing: 20, deciding: 15 };

describe('due dates of the procedure', () => {
  it('a step is due after the county’s days for it, and has no due date while the county has set none', () => {
    expect(stepDue('filing', FROM, SET)).toBe(FROM + 15 * DAY);
    expect(stepDue('filing', FROM, NONE)).toBeNull();
  });

  it('the family’s answer is due within the shortest published 时限 of what it asked for, else the four steps together', () => {
    expect(answerDue(FROM, [30, null, 20], NONE)).toBe(FROM + 20 * DAY);
    expect(answerDue(FROM, [null, null], SET)).toBe(FROM + 60 * DAY);
    // One step without days, and no published 时限: no date at all.
    expect(answerDue(FROM, [null], { ...SET, deciding: null })).toBeNull();
  });

  it('the demo county publishes none, so nothing is promised', () => {
    expect(county.reviewDays).toEqual(NONE);
    expect(answerDue(FROM, [null], county.reviewDays)).toBeNull();
  });
});
