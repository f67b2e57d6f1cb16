/**
 * Alibaba Cloud SMS (阿里云短信服务): the SendSms API (Dysmsapi 2017-05-25), signed with the V3
 * signature, ACS3-HMAC-SHA256 («V3版本请求体&签名机制»,
 * https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature), which
 * that page recommends over V2 (HMAC-SHA1). Parameters go in the query string, as for every
 * RPC-style API; the body is empty. The test reproduces the page's fixed example byte for byte.
 */
import { templateSpec } from '#src/domain/sms.ts';
import type { Env } from '../../env.ts';
import { hex, hmacSha256, sha256Hex } from '../../lib/crypto.ts';
import { errorCode, httpFailure, postJson, templateIds, type SmsProvider } from './provider.ts';

export interface Acs3Request {
  accessKeyId: string;
  accessKeySecret: string;
  host: string;
  action: string;
  version: string;
  query: Record<string, string>;
  body: string;
  /** UTC, yyyy-MM-ddTHH:mm:ssZ. */
  date: string;
  nonce: string;
}

export interface Acs3Signed {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
  /** The canonical query string: also the one sent. */
  queryString: string;
  headers: Record<string, string>;
}

/** RFC 3986 percent-encoding, as the page asks: space %20, * %2A, ~ unencoded. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export async function acs3Sign(r: Acs3Request): Promise<Acs3Signed> {
  const queryString = Object.keys(r.query)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(r.query[k]!)}`)
    .join('&');
  const hashedPayload = await sha256Hex(r.body);
  const signing: Record<string, string> = {
    host: r.host,
    'x-acs-action': r.action,
    'x-acs-content-sha256': hashedPayload,
    'x-acs-date': r.date,
    'x-acs-signature-nonce': r.nonce,
    'x-acs-version': r.version,
  };
  const names = Object.keys(signing).sort();
  const canonicalHeaders = names.map((n) => `${n}:${signing[n]!.trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = ['POST', '/', queryString, canonicalHeaders, signedHeaders, hashedPayload].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${await sha256Hex(canonicalRequest)}`;
  const signature = hex(await hmacSha256(r.accessKeySecret, stringToSign));
  const authorization = `ACS3-HMAC-SHA256 Credential=${r.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
  const { host: _host, ...acsHeaders } = signing;
  return {
    canonicalRequest,
    stringToSign,
    signature,
    authorization,
    queryString,
    headers: { Authorization: authorization, Accept: 'application/json', ...acsHeaders },
  };
}

const HOST = 'dysmsapi.aliyuncs.com';

/** Worth a retry: Aliyun's own faults (isp.*), throttling and its frequency control. */
const transient = (code: string) => /^(isp\.|Throttling|ServiceUnavailable|isv\.BUSINESS_LIMIT_CONTROL)/.test(code);

export function aliyunProvider(env: Env): SmsProvider | null {
  const accessKeyId = env.ALIYUN_SMS_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIYUN_SMS_ACCESS_KEY_SECRET;
  const signName = env.SMS_SIGN_NAME?.trim();
  const ids = templateIds(env);
  if (!accessKeyId || !accessKeySecret || !signName || !ids) return null;
  return {
    name: 'aliyun',
    async send(message, now) {
      const templateCode = ids[message.template];
      if (!templateCode) return { ok: false, code: 'no_template_id', retry: false };
      const params = Object.fromEntries(templateSpec(message.template).vars.map((name) => [name, message.vars[name] ?? '']));
      const signed = await acs3Sign({
        accessKeyId,
        accessKeySecret,
        host: HOST,
        action: 'SendSms',
        version: '2017-05-25',
        query: {
          PhoneNumbers: message.phone,
          SignName: signName,
          TemplateCode: templateCode,
          TemplateParam: JSON.stringify(params),
          OutId: `outbox-${message.id}`,
        },
        body: '',
        date: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        nonce: crypto.randomUUID().replace(/-/g, ''),
      });
      const answer = await postJson(`https://${HOST}/?${signed.queryString}`, { headers: signed.headers });
      if ('failed' in answer) return answer.failed;
      const body = answer.body as { Code?: string; BizId?: string } | null;
      if (!body?.Code) return answer.status === 200 ? { ok: false, code: 'bad_answer', retry: false } : httpFailure(answer.status);
      if (body.Code === 'OK') return { ok: true, messageId: body.BizId ?? null, delivered: true };
      return { ok: false, code: errorCode('aliyun:', body.Code), retry: transient(body.Code) };
    },
  };
}
