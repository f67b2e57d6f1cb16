import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '#src/i18n/index.ts';
import { maskPhone, providerTemplate, renderSms, SMS_TEMPLATE_KEYS, SMS_TEMPLATES, templateSpec, withoutSecret } from '#src/domain/sms.ts';
import { MATERIAL_KEYS, materialsForSms } from '#src/domain/materials.ts';
import { ROOT } from '../support/content.ts';

/**
 * The longest values each variable takes: a reference, a formatted access code, the minutes of a
 * sign-in code, the longest pair of material names a 需补充材料 message can hold and the longest day.
 */
const SAMPLE: Record<string, string> = {
  reference: 'A-7K3F9M4P',
  code: '7K3F-9M4P-Q8RT',
  minutes: '10',
  items: materialsForSms(['childIdentity', 'examRegistration', 'familyRegister', 'bankAccount', 'other']),
  date: '12月25日',
};
const varsOf = (key: (typeof SMS_TEMPLATE_KEYS)[number]) => Object.fromEntries(templateSpec(key).vars.map((v) => [v, SAMPLE[v]!]));

describe('text-message templates (src/domain/sms.ts, sms.* in zh-CN.json)', () => {
  it('name their variables in the order the text has them (Tencent numbers them so)', () => {
    for (const key of SMS_TEMPLATE_KEYS) {
      const text = messages[templateSpec(key).message];
      const placeholders = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((v) => v !== 'portal');
      expect(placeholders, key).toEqual([...templateSpec(key).vars]);
    }
  });

  it('say nothing but the reference (and a code where one is the point): no names, no decision, no risk level', () => {
    const telling =
      /姓名|名字|风险|等级|红色|橙色|黄色|蓝色|虐待|伤害|侵害|暴力|性侵|不予|驳回|拒绝|批准|通过|认定为|强制报告|举报|低保|孤儿|残疾/;
    for (const key of SMS_TEMPLATE_KEYS) {
      const text = renderSms(key, varsOf(key));
      expect(text, key).not.toMatch(telling);
      if (key !== 'staffSignIn') expect(text, key).toContain(SAMPLE.reference);
    }
  });

  it('name the material items asked for, never what a document would tell about the family', () => {
    expect(SAMPLE.items).toBe('孩子户口簿或身份证、中高考报名材料等5项');
    expect(materialsForSms(['childIdentity', 'bankAccount'])).toBe('孩子户口簿或身份证、银行账户');
    const text = renderSms('applicationNeedsMaterials', {
      reference: SAMPLE.reference!,
      items: materialsForSms(['childIdentity', 'bankAccount']),
    });
    expect(text).toContain('孩子户口簿或身份证');
    expect(text).toContain('银行账户');
    // A death certificate, a disability card, a diagnosis, proof of 低保 or of being an orphan: only 「相关证明材料」.
    for (const item of MATERIAL_KEYS) {
      const named = materialsForSms([item]);
      expect(named, item).not.toMatch(/死亡|宣告|孤儿|残疾|诊断|病历|医疗|低保|特困|困难|服刑|戒毒|失联|父母/);
    }
    expect(materialsForSms(['parentDeath', 'disabilityProof', 'medicalRecords'])).toBe('相关证明材料');
  });

  it('fit one text message (70 characters, signature included) and follow the providers’ rules', () => {
    for (const key of SMS_TEMPLATE_KEYS) {
      expect([...renderSms(key, varsOf(key))].length, key).toBeLessThanOrEqual(70);
      const body = providerTemplate(key, 'tencent');
      // The provider adds the 【signature】; the body may not hold brackets of its own, nor two variables side by side.
      expect(body, key).not.toMatch(/[【】]/);
      expect(body, key).not.toMatch(/\}\s*[，,]?\s*\{/);
    }
  });

  it('are written in each provider’s variable syntax for approval', () => {
    expect(providerTemplate('accessCodeRecovery', 'tencent')).toBe('编号{1}的新查询码是{2}，原查询码已停用。请妥善保存，不要告诉他人。');
    expect(providerTemplate('accessCodeRecovery', 'aliyun')).toBe(
      '编号${reference}的新查询码是${code}，原查询码已停用。请妥善保存，不要告诉他人。',
    );
  });

  it('hide a secret from staff: the new access code is masked, the reference is not', () => {
    const message = { text: renderSms('accessCodeRecovery', varsOf('accessCodeRecovery')), vars: varsOf('accessCodeRecovery') };
    const hidden = withoutSecret('accessCodeRecovery', message);
    expect(hidden.text).not.toContain(SAMPLE.code);
    expect(hidden.text).toContain(SAMPLE.reference);
    expect(withoutSecret('applicationDecided', message)).toBe(message);
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('are all listed in docs/sms.md, in both syntaxes, for the template approval', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/sms.md'), 'utf8');
    for (const key of Object.keys(SMS_TEMPLATES) as (keyof typeof SMS_TEMPLATES)[]) {
      expect(doc, key).toContain(providerTemplate(key, 'tencent'));
      expect(doc, key).toContain(providerTemplate(key, 'aliyun'));
    }
  });
});
