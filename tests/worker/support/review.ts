/** The steps of 认定审核 that the review tests share: a family applies, a township sends the child, the county takes the child in. */
import { expect } from 'vitest';
import application from '../../fixtures/api/application.json' with { type: 'json' };
import { caseOf, newPhone, postJson, type Receipt } from './api.ts';
import { staffFetch } from './staff.ts';

export const DAY = 86_400_000;
export const WANTS = ['nutrition-lunch', 'caring-mother-pairing', 'compulsory-education-aid'];

export interface Plan {
  step: string;
  stepDue: string | null;
  canDecide: boolean;
  items: {
    id: number;
    entitlement: string | null;
    title: string;
    dueBy: string | null;
    decision: string | null;
    waitingForFamily: boolean;
    referrals: { id: number; status: string }[];
  }[];
}

export interface Status {
  statusLabel: string;
  items: { entitlement: string; title: string; outcome: string; reason?: string | null; publicNote?: string | null }[];
  dueBy: string | null;
  appeal: string | null;
  contact: { office: string; phone: string | null };
  timeline: { label: string; note: string | null }[];
  materials: { item: string; requested: boolean; received: number }[];
}

/**
 * A family of `township` applies for `entitlements` (the three of WANTS by default); the
 * township sends the child in a batch; the county takes the child into 建立档案.
 */
export async function intoReview(
  tokens: { township: string; county: string },
  name: string,
  o: { idNumber?: string; entitlements?: string[]; township?: string; village?: string } = {},
) {
  const app = await postJson(
    '/api/applications',
    {
      ...application,
      applicant: { ...application.applicant, phone: newPhone() },
      child: o.idNumber ? { name, birthDate: '2017-05-10', idNumber: o.idNumber } : { name, birthDate: '2014-04-04' },
      address: { ...application.address, township: o.township ?? 'dongshan', village: o.village ?? '松林村' },
      entitlements: o.entitlements ?? WANTS,
    },
    { 'idempotency-key': crypto.randomUUID() },
  );
  expect(app.status, await app.clone().text()).toBe(201);
  const receipt = await app.json<Receipt>();
  return { receipt, ...(await takeIn(tokens, receipt.reference)) };
}

/** 初步筛选: the township sends the child's file in a batch for the county, and the application is at 乡镇初审; the batch's id. */
export async function sendInBatch(township: string, file: string): Promise<number> {
  const batch = await staffFetch(township, '/batches', { body: { cases: [file] } });
  expect(batch.status, await batch.clone().text()).toBe(201);
  return (await batch.json<{ id: number }>()).id;
}

/** The township sends the child of `reference` in a batch; the county takes the child into 入户调查/建档. */
export async function takeIn(tokens: { township: string; county: string }, reference: string): Promise<{ file: string; batch: number }> {
  const file = await caseOf(reference);
  const id = await sendInBatch(tokens.township, file);
  const screened = await staffFetch(tokens.county, `/batches/${id}/screen`, { body: { items: [{ case: file, decision: 'accepted' }] } });
  expect(screened.status, await screened.clone().text()).toBe(200);
  return { file, batch: id };
}

/** The home visit of 建立档案, the day before. */
export async function visit(token: string, file: string): Promise<void> {
  const res = await staffFetch(token, `/cases/${file}/visits`, {
    body: { visitedAt: new Date(Date.now() - DAY).toISOString(), findings: '已走访' },
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

export const evaluation = (plan: { entitlement?: string; measure?: string; department: string; dueBy?: string }[]) => ({
  situation: '父母都在外地打工，孩子跟年迈的奶奶生活，上初中，成绩下滑。',
  means: '享受低保，奶奶种地，没有其他收入。',
  guardianship: '奶奶是实际照顾人，年老多病，监护能力弱。',
  proposedLevel: 'orange',
  plan,
});

/** 调查评估 with its 救助帮扶预案 (`plan`), by the township after the visit: the plan it makes. */
export async function evaluate(token: string, file: string, plan: Parameters<typeof evaluation>[0]): Promise<Plan> {
  const res = await staffFetch(token, `/cases/${file}/evaluations`, { body: evaluation(plan) });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json<Plan>();
}

export const THREE = [
  { entitlement: 'nutrition-lunch', department: 'education' },
  { entitlement: 'caring-mother-pairing', department: 'womensFederation' },
  { entitlement: 'compulsory-education-aid', department: 'education' },
];

export async function lookUp(receipt: Receipt): Promise<Status> {
  const res = await postJson('/api/status', { reference: receipt.reference, accessCode: receipt.accessCode });
  expect(res.status).toBe(200);
  return res.json<Status>();
}
