import { Hono, type Context } from 'hono';
import { askedOn, fieldNames } from '#src/forms/questions.ts';
import { ONLINE_ENTITLEMENTS } from '#src/schemas/requests.ts';
import type { AppEnv } from '../env.ts';
import { formPage, readBody } from '../lib/form-posts.ts';
import { clearReceiptCookie, completePage, takeReceiptCookie, type Fill } from '../lib/pages.ts';
import { ApiError, outageOf } from '../lib/errors.ts';
import { newFormKey } from '../lib/form-keys.ts';
import { requireReady } from '../lib/keys.ts';
import { limitBody } from '../lib/validate.ts';
import type { Receipt } from '../services/intake.ts';
import { eq } from 'drizzle-orm';
import { materialsHtml } from '#src/materials/html.ts';
import { REPORTER_ROLES } from '#src/domain/report-status.ts';
import { chinaDateTime } from '#src/domain/status-answer.ts';
import { materialsMessages } from '#src/materials/messages.ts';
import { database } from '../db/client.ts';
import { applications } from '../db/schema.ts';
import { checklistOfApplication, materialsOf } from '../services/materials.ts';

/** The public forms and their <form>: each view gets a fresh signed idempotency key, so a double submit stores one. */
const FORMS: Record<string, string> = { '/apply/': '#apply-form', '/volunteer/': '#volunteer-form', '/report/': '#report-form' };

export const pages = new Hono<AppEnv>();

/** The fields of /apply/ that the checker's answers fill in. */
const ANSWER_FIELDS = new Set(
  askedOn('apply')
    .filter((q) => q.answer)
    .flatMap(fieldNames),
);

/**
 * A form page with a fresh idempotency key; /apply/ with these entitlements ticked (online
 * ones only) and these of its fields filled in (the checker's answers, without JavaScript).
 */
async function emptyForm(c: Context<AppEnv>, path: string, entitlements: string[] = [], answers?: URLSearchParams): Promise<Response> {
  const values = new URLSearchParams();
  for (const slug of entitlements) if (ONLINE_ENTITLEMENTS.includes(slug)) values.append('entitlements', slug);
  for (const [name, value] of answers ?? []) if (ANSWER_FIELDS.has(name)) values.append(name, value);
  const fills: Fill[] = [];
  if (answers && [...values.keys()].some((name) => name !== 'entitlements')) fills.push({ selector: '#from-check', show: true });
  const form = FORMS[path]!;
  try {
    await requireReady(c.env);
  } catch (error) {
    // The form could not be taken now: say so at the top before anyone types, in the form's own summary.
    const down = error instanceof ApiError ? error : outageOf(error);
    if (!down) throw error;
    return completePage(c, path, fills, down.status, down.headers, { form, values, errors: { message: down.message, fields: {} } });
  }
  fills.push({ selector: 'input[name="idempotencyKey"]', attrs: { value: await newFormKey(c.env) } });
  // Without JavaScript the list of materials cannot follow the ticks; it shows for those ticked already.
  const ticked = values.getAll('entitlements');
  if (ticked.length)
    fills.push({
      selector: '#apply-materials-preview',
      html: materialsHtml(checklistOfApplication(JSON.stringify(ticked)), materialsMessages(), { level: 4 }),
    });
  return completePage(c, path, fills, 200, {}, values.size ? { form, values, partial: true } : undefined);
}

for (const path of Object.keys(FORMS)) {
  // /apply/?e=slug: the link on an entitlement's page, which says nothing about a child.
  pages.get(path, (c) => emptyForm(c, path, path === '/apply/' ? (c.req.queries('e') ?? []) : []));
  pages.get(`${path}done/`, async (c) => {
    const receipt = await takeReceiptCookie<Receipt>(c, `${path}done/`);
    if (!receipt) return completePage(c, `${path}done/`, [{ selector: '#receipt-missing', show: true }]);
    // Shown once: the page that shows the receipt also ends the cookie.
    return completePage(
      c,
      `${path}done/`,
      [
        { selector: '#receipt', show: true },
        { selector: '#receipt-missing', show: false },
        { selector: '#receipt-reference', text: receipt.reference },
        { selector: '#receipt-code', text: receipt.accessCode ?? '' },
        { selector: '#receipt-code-block', show: receipt.accessCode !== null },
        // Without a code there is nothing to keep but the reference, and nothing to look up online.
        { selector: '#receipt-keep-code', show: receipt.accessCode !== null },
        { selector: '#receipt-keep-reference', show: receipt.accessCode === null },
        { selector: '#receipt-status', show: receipt.accessCode !== null },
        ...dutyFills(receipt),
        ...(path === '/apply/' ? await materialsFills(c, receipt) : []),
      ],
      200,
      clearReceiptCookie(`${path}done/`),
    );
  });
}

/** A named report by someone with a duty to report: its dated receipt (China time), nothing about the child. */
function dutyFills({ reference, dutyReport }: Receipt): Fill[] {
  if (!dutyReport) return [];
  return [
    { selector: '#receipt-duty', show: true },
    { selector: '#receipt-duty-reference', text: reference },
    { selector: '#receipt-duty-at', text: chinaDateTime(dutyReport.receivedAt) },
    { selector: '#receipt-duty-role', text: REPORTER_ROLES[dutyReport.role] },
  ];
}

/**
 * The second step of an application: its checklist, each item with an upload form (reference
 * and code filled in), right under the receipt — with or without JavaScript, the family attaches
 * the photos after the application is safely in, and nothing they typed is lost to a refused file.
 */
async function materialsFills(c: Context<AppEnv>, receipt: Receipt): Promise<Fill[]> {
  const db = database(c.env.DB);
  const [app] = await db.select({ id: applications.id }).from(applications).where(eq(applications.reference, receipt.reference));
  if (!app || !receipt.accessCode) return [];
  const target = { reference: receipt.reference, accessCode: receipt.accessCode, idempotencyKey: () => crypto.randomUUID() };
  return [
    { selector: '#apply-materials', show: true },
    { selector: '#apply-materials-list', html: materialsHtml(await materialsOf(db, app.id), materialsMessages(), { target }) },
  ];
}

/**
 * The checker's results without JavaScript: the entitlements chosen there, and the answers
 * given, come in the body, never in the address, because together they tell what the child is
 * going through (and an address stays in the history and in logs). The answer is /apply/
 * with them ticked and filled in, so the family is not asked again.
 */
pages.post('/apply/', formPage({ path: '/check/', form: '#apply-form' }), limitBody(16 * 1024), async (c) => {
  const { form } = await readBody(c, true);
  return emptyForm(c, '/apply/', form!.getAll('e'), form);
});
