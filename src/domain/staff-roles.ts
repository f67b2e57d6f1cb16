/**
 * Who works in the console — 村/社区儿童主任 (village), 乡镇/街道 (township), 县民政局
 * (county), a member department (教育局, 公安局 … scoped to one department: it sees only the
 * referrals sent to it), and the account administrator, who manages accounts and sees no
 * records — and
 * what each role may do. Every check in the Worker, the status models' transitions, the
 * console's choices and the table in docs/staff.md read CAPABILITIES (a test compares them).
 */
export const STAFF_ROLES = ['village', 'township', 'county', 'department', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const CAPABILITIES = {
  /** Work on cases, volunteers and reports in their townships, and see the dashboard. */
  workOnRecords: ['village', 'township', 'county'],
  /** See a child's or a volunteer's ID number and the family's answers to the checker. */
  seeIdNumbers: ['township', 'county'],
  /**
   * Open the documents a family attached (a photo of a 户口簿 shows every ID number in it, a
   * diagnosis more): those who review the application. A 儿童主任 sees which items came and
   * which are missing, to help the family, but not the documents.
   */
  readMaterials: ['township', 'county'],
  /** Move a case through 初审/建档/评估, triage reports, screen volunteers and record background checks. */
  manage: ['township', 'county'],
  /** Arrange a one-to-one pairing, log its contacts, and end it. */
  pair: ['township', 'county'],
  /** 审核认定: approve or refuse (篇五 三(三) 四是审核认定, the county civil-affairs bureau); screen a township's batch. */
  decide: ['county'],
  /** 初步筛选 and 调查评估: send a batch to the county, write the evaluation and its plan, refer a measure. */
  review: ['township', 'county'],
  /** A member department: give its opinion on a measure, answer the referrals sent to it. */
  answerReferrals: ['department'],
  /** Create and revoke staff accounts, and read the audit log. */
  administer: ['admin'],
  /** Read the text messages sent about a record (the county: its records; the admin: all). */
  readMessages: ['county', 'admin'],
  /** See the dead-letter list and send a message again. */
  resendMessages: ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Capability = keyof typeof CAPABILITIES;

export const can = (role: StaffRole, capability: Capability): boolean => (CAPABILITIES[capability] as readonly StaffRole[]).includes(role);
