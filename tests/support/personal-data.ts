/**
 * The personal data in the documented request bodies (tests/fixtures/api/): what must never
 * appear in an answer to the public or in a log line.
 */
import application from '../fixtures/api/application.json' with { type: 'json' };
import report from '../fixtures/api/report.json' with { type: 'json' };
import volunteer from '../fixtures/api/volunteer.json' with { type: 'json' };

/** A named reporter who asks for follow-up: the report fixture itself is anonymous. */
export const NAMED_REPORTER = { role: 'teacher', name: '陈老师', phone: '13500135000', followUp: true } as const;

export const PERSONAL = {
  /** Names, phone, ID number and the address of the family. */
  application: [
    application.applicant.name,
    application.applicant.phone,
    application.child.name,
    application.child.idNumber,
    application.address.detail,
    application.address.village,
  ],
  /** Name, phone, ID number and what the volunteer wrote about themself. */
  volunteer: [volunteer.name, volunteer.phone, volunteer.idNumber, volunteer.experience],
  /** What the reporter saw and where, and the contact of a named reporter. */
  report: [report.description, report.where.place, report.where.village, NAMED_REPORTER.name, NAMED_REPORTER.phone],
} as const;
