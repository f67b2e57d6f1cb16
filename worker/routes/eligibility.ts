import { Hono, type Context } from 'hono';
import { z } from 'zod';
import county from '#content/county.ts';
import { fieldsFromAnswers, readForm } from '#src/forms/answers-reader.ts';
import { checkMessages } from '#src/check/messages.ts';
import { entitlementFacts, escapeHtml, notAssessedHtml, resultsHtml } from '#src/check/results-html.ts';
import { deptName } from '#src/config/county-schema.ts';
import { RULE_SETTINGS } from '#src/config/rule-settings.ts';
import type { DepartmentKey } from '#src/domain/departments.ts';
import { answersSchema, isoDate } from '#src/eligibility/answers-schema.ts';
import { todayInChina } from '#src/eligibility/age.ts';
import { evaluate } from '#src/eligibility/engine.ts';
import { RULES } from '#src/eligibility/rules/index.ts';
import { t } from '#src/i18n/index.ts';
import type { AppEnv } from '../env.ts';
import { formPage, readBody } from '../lib/form-posts.ts';
import { completePage } from '../lib/pages.ts';
import { invalid, limitBody, validate } from '../lib/validate.ts';

const request = z.strictObject({
  answers: answersSchema,
  /** The date to compute ages on; today in China when absent. */
  today: isoDate.optional(),
});

const FACTS = entitlementFacts((department) => deptName(county, department as DepartmentKey));

/** Hidden inputs that carry the checker's answers to /apply/ under that form's field names. */
function handOverHtml(fields: Record<string, string[]>): string {
  return Object.entries(fields)
    .flatMap(([name, values]) => values.map((v) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(v)}">`))
    .join('');
}

/**
 * The checker posted without JavaScript: the same fields, the same rules, and the /check/
 * page sent back with the results where the questionnaire was. Nothing is stored.
 */
async function checkWithoutScript(c: Context<AppEnv>, form: URLSearchParams): Promise<Response> {
  const today = todayInChina();
  const messages = checkMessages();
  const { answers, errors } = readForm('check', form, { today, say: t });
  if (errors.length) throw invalid(Object.fromEntries(errors.map((e) => [e.field, e.message])));
  const result = evaluate(RULES, validate(answersSchema, answers), today, RULE_SETTINGS);
  return completePage(c, '/check/', [
    { selector: '#checker', show: false },
    { selector: '#results', show: true },
    {
      selector: '#results-counts',
      text: t('check.results.counts', {
        eligible: result.summary.eligible.length,
        maybe: result.summary.maybe.length,
        ineligible: result.summary.ineligible.length,
      }),
    },
    { selector: '#results-adult', show: result.age !== null && result.age >= 18 },
    { selector: '#results-groups', html: resultsHtml(result, FACTS, messages) },
    { selector: '#results-not-assessed', html: notAssessedHtml(result, messages) },
    // The answers go on to /apply/ with the chosen entitlements, in the body of that post.
    { selector: '#apply-handover', html: handOverHtml(fieldsFromAnswers('apply', answers)) },
  ]);
}

/** POST /api/eligibility: the same rules and the same result as the checker in the browser. */
export const eligibility = new Hono<AppEnv>().post(
  '/',
  formPage({ path: '/check/', form: '#checker' }),
  limitBody(16 * 1024),
  async (c) => {
    const posted = await readBody(c);
    if (posted.form) return checkWithoutScript(c, posted.form);
    const { answers, today } = validate(request, posted.json);
    return c.json(evaluate(RULES, answers, today ?? todayInChina(), RULE_SETTINGS));
  },
);
