import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '#src/i18n/index.ts';
import { ROOT } from '../support/content.ts';

// Keys built at run time from a prefix (`type.${kind}`, `staff.role.${role}` …).
const DYNAMIC = [
  'type.',
  'policies.section.',
  'staff.role.',
  'check.step.',
  'staff.outbox.state.',
  'staff.outbox.template.',
  'staff.plan.step.',
  'staff.referrals.outcome.',
];

function sources(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) text += sources(p);
    else if (/\.(astro|ts)$/.test(name)) text += readFileSync(p, 'utf8');
  }
  return text;
}

describe('UI text (src/i18n/zh-CN.json)', () => {
  const code = sources(path.join(ROOT, 'src')) + sources(path.join(ROOT, 'worker'));

  it('has no key the code never uses', () => {
    const unused = Object.keys(messages).filter(
      (k) => !code.includes(`'${k}'`) && !code.includes(`"${k}"`) && !DYNAMIC.some((p) => k.startsWith(p)),
    );
    expect(unused).toEqual([]);
  });

  it('has every key the code asks for', () => {
    const asked = [...code.matchAll(/\bt\('([a-zA-Z0-9.]+)'/g)].map((m) => m[1]!);
    expect(asked.filter((k) => !(k in messages))).toEqual([]);
  });

  it('is written in Chinese, with placeholders closed', () => {
    for (const [k, v] of Object.entries(messages)) {
      expect(v, k).toMatch(/[\u4e00-\u9fff]/);
      expect(v.split('{').length, k).toBe(v.split('}').length);
    }
  });
});
