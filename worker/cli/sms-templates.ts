/**
 * Prints the text-message templates of this county for the SMS provider's template approval
 * (npm run sms:templates): each template's key, when it is sent, and its body in Tencent's
 * ({1}, {2}) and Aliyun's (${name}) variable syntax. docs/sms.md holds the output for the demo
 * county; a deployer runs it after filling in content/county.ts.
 */
import { providerTemplate, SMS_TEMPLATE_KEYS, templateSpec } from '#src/domain/sms.ts';
import { t } from '#src/i18n/index.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|');
const lines = [
  t('cli.sms.header'),
  '|---|---|---|---|---|',
  ...SMS_TEMPLATE_KEYS.map((key) => {
    const spec = templateSpec(key);
    return `| \`${key}\` | ${cell(spec.scene)} | ${spec.urgent ? t('cli.sms.yes') : t('cli.sms.no')} | ${cell(providerTemplate(key, 'tencent'))} | ${cell(providerTemplate(key, 'aliyun'))} |`;
  }),
];
console.log(lines.join('\n'));
