import { describe, expect, it } from 'vitest';
import { APPLICATION_MODEL } from '#src/domain/application-status.ts';
import { REPORT_MODEL } from '#src/domain/report-status.ts';
import { chinaDate, chinaDateTime, statusLines, withdrawLabel, type StatusAnswer } from '#src/domain/status-answer.ts';
import { STATUS_WORDS } from '#src/status/words.ts';
import { purgeableStates, statusLabel, statusNextStep } from '#src/domain/status-model.ts';
import { VOLUNTEER_MODEL } from '#src/domain/volunteer-status.ts';
import { t } from '#src/i18n/index.ts';

const words = STATUS_WORDS;

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
  contact: { office: '东山乡人民政府（街道办事处）', phone: '0000-1234567', hint: '负责办理：' },
  canWithdraw: true,
  notify: { sms: true, canChange: true },
  materials: [],
};

describe('the status shown on /status/ (with and without JavaScript)', () => {
  it("dates each step by the day in China, whatever the reader's clock says", () => {
    // 17:30 UTC on the 28th is 01:30 on the 29th in China.
    expect(chinaDate('2026-11-28T17:30:00.000Z')).toBe('2026年11月29日');
    expect(statusLines(answer, words).timeline).toEqual(['2026年11月29日 已提交', '2026年12月1日 需补充材料：请补充户口簿复印件']);
  });

  it('names the office that handles it, with its phone, or 12345 while the county has published none', () => {
    expect(statusLines(answer, words).contact).toBe('负责办理：东山乡人民政府（街道办事处），电话 0000-1234567。');
    expect(statusLines({ ...answer, contact: { ...answer.contact, phone: null } }, words).contact).toContain('12345');
  });

  it('says by when to expect an answer, or that the county has not published one, and each measure with its outcome and the county’s note', () => {
    const measured: StatusAnswer = {
      ...answer,
      items: [
        { entitlement: 'nutrition-lunch', title: '营养午餐补助', outcome: 'approved', outcomeLabel: '已认定', publicNote: '下月起发放' },
        {
          entitlement: 'medical-insurance-and-assistance',
          title: '医疗救助',
          outcome: 'rejected',
          outcomeLabel: '不予认定',
          reason: '已享受同类救助',
        },
      ],
      dueBy: '2027-01-15T02:00:00.000Z',
    };
    const lines = statusLines(measured, words);
    expect(lines.items).toEqual(['营养午餐补助：已认定。说明：下月起发放', '医疗救助：不予认定（已享受同类救助）']);
    expect(lines.due).toBe('预计 2027年1月15日前答复。');
    expect(statusLines({ ...measured, dueBy: null }, words).due).toBe(t('status.noDueBy'));
    // A volunteer's or a report's lookup has no measures.
    expect(statusLines(answer, words).due).toBeNull();
  });
});

describe('a dated receipt', () => {
  it('gives the day and the minute in China: 06:05 UTC is 14:05 there', () => {
    expect(chinaDateTime('2026-12-01T06:05:00.000Z')).toBe('2026年12月1日 14:05');
    expect(chinaDateTime('2026-11-30T16:00:00.000Z')).toBe('2026年12月1日 00:00');
  });
});

describe('the withdraw button', () => {
  it('names what it withdraws: the application, the sign-up while a volunteer is screened, the service after, a report', () => {
    expect(withdrawLabel({ kind: 'application', status: 'submitted' }, words)).toBe('撤回申请');
    expect(withdrawLabel({ kind: 'volunteer', status: 'background_check' }, words)).toBe('撤回报名');
    expect(withdrawLabel({ kind: 'volunteer', status: 'paired' }, words)).toBe('退出志愿服务');
    expect(withdrawLabel({ kind: 'report', status: 'received' }, words)).toBe('撤回报告');
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
