import { describe, expect, it } from 'vitest';
import { APPLICATION_MODEL } from '../../src/domain/application-status.ts';
import { REPORT_MODEL } from '../../src/domain/report-status.ts';
import { chinaDate, statusLines, type StatusAnswer } from '../../src/domain/status-answer.ts';
import { purgeableStates, statusLabel, statusNextStep } from '../../src/domain/status-model.ts';
import { VOLUNTEER_MODEL } from '../../src/domain/volunteer-status.ts';

const answer: StatusAnswer = {
  reference: 'A-7K3F9M4P',
  kind: 'application',
  status: 'needs_info',
  statusLabel: '需补充材料',
  timeline: [
    { status: 'submitted', label: '已提交', at: '2026-11-28T17:30:00.000Z', note: null },
    { status: 'needs_info', label: '需补充材料', at: '2026-12-01T02:00:00.000Z', note: '请补充户口簿复印件' },
  ],
  nextStep: '请按工作人员的说明补充材料。',
  contact: { office: '县民政局', phone: '0000-1234567', hint: '有疑问可以联系乡镇（街道）。' },
  canWithdraw: true,
  materials: [],
};

describe('the status shown on /status/ (with and without JavaScript)', () => {
  it("dates each step by the day in China, whatever the reader's clock says", () => {
    // 17:30 UTC on the 28th is 01:30 on the 29th in China.
    expect(chinaDate('2026-11-28T17:30:00.000Z')).toBe('2026年11月29日');
    expect(statusLines(answer).timeline).toEqual(['2026年11月29日 已提交', '2026年12月1日 需补充材料：请补充户口簿复印件']);
  });

  it('gives the phone number only when the county has one', () => {
    expect(statusLines(answer).contact).toBe('有疑问可以联系乡镇（街道）。 电话：0000-1234567');
    expect(statusLines({ ...answer, contact: { ...answer.contact, phone: null } }).contact).toBe('有疑问可以联系乡镇（街道）。');
  });
});

describe('a status the model does not know (an older release wrote it)', () => {
  it('shows as itself, with a next step that says who to ask', () => {
    expect(statusLabel(APPLICATION_MODEL, 'archived')).toBe('archived');
    expect(statusNextStep(APPLICATION_MODEL, 'archived')).toContain('乡镇（街道）');
    expect(statusNextStep(APPLICATION_MODEL, 'screening')).toBe(APPLICATION_MODEL.states.screening.nextStep);
  });
});

describe('what retention may delete', () => {
  it('is the records over for good without a service: rejected or withdrawn, and closed reports', () => {
    expect(purgeableStates(APPLICATION_MODEL).sort()).toEqual(['rejected', 'withdrawn']);
    expect(purgeableStates(VOLUNTEER_MODEL).sort()).toEqual(['rejected', 'withdrawn']);
    expect(purgeableStates(REPORT_MODEL)).toEqual(['closed']);
  });
});
