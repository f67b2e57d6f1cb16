import { describe, expect, it } from 'vitest';
import application from '../fixtures/api/application.json' with { type: 'json' };
import report from '../fixtures/api/report.json' with { type: 'json' };
import volunteer from '../fixtures/api/volunteer.json' with { type: 'json' };
import { todayInChina } from '#src/eligibility/age.ts';
import { answersSchema, birthDate } from '#src/eligibility/answers-schema.ts';
import { t } from '#src/i18n/index.ts';
import { tickedToFlags } from '#src/schemas/checkboxes.ts';
import { applicationRequest, reportRequest, volunteerRequest } from '#src/schemas/requests.ts';
import { accountRequest, instant, riskRequest, visitRequest } from '#src/schemas/staff-requests.ts';

const DAY = 86_400_000;
const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.message);

describe("a child's date of birth", () => {
  const tomorrowInChina = todayInChina(new Date(Date.now() + DAY));

  it('cannot be in the future: it would pre-screen as a child under 18', () => {
    for (const future of ['2999-01-01', tomorrowInChina]) {
      expect(messages(birthDate.safeParse(future)), future).toEqual([t('check.err.dateFuture')]);
      expect(applicationRequest.safeParse({ ...application, child: { ...application.child, birthDate: future } }).success, future).toBe(
        false,
      );
      expect(answersSchema.safeParse({ child: { birthDate: future } }).success, future).toBe(false);
    }
  });

  it('may be today in China, and must be a real date', () => {
    expect(birthDate.safeParse(todayInChina()).success).toBe(true);
    expect(messages(birthDate.safeParse('2016-02-30'))).toEqual([t('check.err.dateReal')]);
  });
});

describe('a time given by staff', () => {
  it('must be on a real date (2026-02-30 is not 2 March)', () => {
    expect(instant.safeParse('2026-02-30T10:00').success).toBe(false);
    expect(instant.safeParse('2026-02-30').success).toBe(false);
    expect(visitRequest.safeParse({ visitedAt: '2026-02-31T09:00:00+08:00', findings: '走访' }).success).toBe(false);
  });

  it('is read as the moment it names', () => {
    expect(instant.parse('2026-02-28T10:00:00+08:00')).toBe(Date.parse('2026-02-28T02:00:00Z'));
  });
});

describe('optional personal fields', () => {
  it('count a blank answer as not given, a phone number as much as a name', () => {
    const anonymous = reportRequest.parse({ ...report, reporter: { role: 'none', name: '', phone: ' ', followUp: false } });
    expect(anonymous.reporter.name).toBeUndefined();
    expect(anonymous.reporter.phone).toBeUndefined();
    const noId = applicationRequest.parse({ ...application, child: { ...application.child, idNumber: '' } });
    expect(noId.child.idNumber).toBeUndefined();
    expect(volunteerRequest.parse({ ...volunteer, experience: '' }).experience).toBeUndefined();
  });

  it('are still checked when given', () => {
    expect(reportRequest.safeParse({ ...report, reporter: { role: 'none', phone: '123' } }).success).toBe(false);
  });
});

describe('staff requests', () => {
  it('name every risk level, with its colour, when the level is not one of them', () => {
    const [message] = messages(riskRequest.safeParse({ level: 'purple', reason: '测试' }));
    for (const word of ['blue', '蓝色', 'yellow', 'orange', 'red', '红色']) expect(message).toContain(word);
  });

  it('give an account 90 days unless told, and at most 366', () => {
    const base = { name: '张三', role: 'county', townships: ['all'] };
    expect(accountRequest.parse(base).days).toBe(90);
    expect(accountRequest.safeParse({ ...base, days: 366 }).success).toBe(true);
    expect(accountRequest.safeParse({ ...base, days: 367 }).success).toBe(false);
    expect(accountRequest.safeParse({ ...base, days: 0 }).success).toBe(false);
  });
});

describe('a group of checkboxes', () => {
  it('is every choice true or false when one is ticked, and not answered when none is', () => {
    expect(tickedToFlags(['b'], ['a', 'b', 'c'])).toEqual({ a: false, b: true, c: false });
    expect(tickedToFlags([], ['a'])).toBeUndefined();
    expect(tickedToFlags(undefined, ['a'])).toBeUndefined();
  });
});
