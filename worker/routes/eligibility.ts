import { Hono } from 'hono';
import { z } from 'zod';
import { answersSchema, isoDate } from '../../src/eligibility/answers-schema.ts';
import { todayInChina } from '../../src/eligibility/age.ts';
import { evaluate } from '../../src/eligibility/engine.ts';
import { RULES } from '../../src/eligibility/rules/index.ts';
import type { AppEnv } from '../env.ts';
import { limitBody, requireJson, zv } from '../lib/validate.ts';

const request = z.strictObject({
  answers: answersSchema,
  /** The date to compute ages on; today in China when absent. */
  today: isoDate.optional(),
});

/** POST /api/eligibility: the same rules and the same result as the checker in the browser. */
export const eligibility = new Hono<AppEnv>().post('/', limitBody(16 * 1024), requireJson, zv('json', request), (c) => {
  const { answers, today } = c.req.valid('json');
  return c.json(evaluate(RULES, answers, today ?? todayInChina()));
});
