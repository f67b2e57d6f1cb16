/**
 * Tencent Cloud SMS (腾讯云短信): the SendSms API (version 2021-01-11), signed with
 * TC3-HMAC-SHA256 («签名方法 v3», https://cloud.tencent.com/document/api/382/52072) in
 * WebCrypto. The test reproduces that page's worked example byte for byte.
 */
import { templateSpec } from '#src/domain/sms.ts';
import type { Env } from '../../env.ts';
import { hex, hmacSha256, sha256Hex } from '../../lib/crypto.ts';
import { errorCode, httpFailure, orderedValues, postJson, templateIds, type SmsProvider } from './provider.ts';

export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** The product (sms) and its host (sms.tencentcloudapi.com). */
  service: string;
  host: string;
  action: string;
  version: string;
  region?: string;
  /** The JSON body, exactly as sent. */
  payload: string;
  /** Unix seconds. */
  timestamp: number;
}

export interface Tc3Signed {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
  headers: Record<string, string>;
}

const CONTENT_TYPE = 'application/json; charset=utf-8';
const SIGNED_HEADERS = 'content-type;host;x-tc-action';

/** The date of the credential scope is the UTC date of the timestamp (the page warns: not China time). */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export async function tc3Sign(r: Tc3Request): Promise<Tc3Signed> {
  const canonicalHeaders = `content-type:${CONTENT_TYPE}\nhost:${r.host}\nx-tc-action:${r.action.toLowerCase()}\n`;
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, SIGNED_HEADERS, await sha256Hex(r.payload)].join('\n');
  const date = tc3Date(r.timestamp);
  const scope = `${date}/${r.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(r.timestamp), scope, await sha256Hex(canonicalRequest)].join('\n');
  const secretDate = await hmacSha256(`TC3${r.secretKey}`, date);
  const secretService = await hmacSha256(secretDate, r.service);
  const secretSigning = await hmacSha256(secretService, 'tc3_request');
  const signature = hex(await hmacSha256(secretSigning, stringToSign));
  const authorization = `TC3-HMAC-SHA256 Credential=${r.secretId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`;
  return {
    canonicalRequest,
    stringToSign,
    signature,
    authorization,
    headers: {
      Authorization: authorization,
      'Content-Type': CONTENT_TYPE,
      'X-TC-Action': r.action,
      'X-TC-Timestamp': String(r.timestamp),
      'X-TC-Version': r.version,
      ...(r.region ? { 'X-TC-Region': r.region } : {}),
    },
  };
}

const HOST = 'sms.tencentcloudapi.com';

/**
 * Worth a retry: Tencent's internal errors and its frequency limits (LimitExceeded.* includes a
 * number's daily limit, which the next day lifts). Anything else — a rejected signature or
 * template, a wrong number, no balance — needs a person.
 */
const transient = (code: string) => /^(InternalError|RequestLimitExceeded|LimitExceeded)/.test(code);

export function tencentProvider(env: Env): SmsProvider | null {
  const secretId = env.TENCENT_SMS_SECRET_ID;
  const secretKey = env.TENCENT_SMS_SECRET_KEY;
  const appId = env.TENCENT_SMS_SDK_APP_ID;
  const signName = env.SMS_SIGN_NAME?.trim();
  const ids = templateIds(env);
  if (!secretId || !secretKey || !appId || !signName || !ids) return null;
  return {
    name: 'tencent',
    async send(message, now) {
      const templateId = ids[message.template];
      if (!templateId) return { ok: false, code: 'no_template_id', retry: false };
      const payload = JSON.stringify({
        PhoneNumberSet: [`+86${message.phone}`],
        SmsSdkAppId: appId,
        SignName: signName,
        TemplateId: templateId,
        TemplateParamSet: orderedValues(message, templateSpec(message.template).vars),
        SessionContext: `outbox-${message.id}`,
      });
      const signed = await tc3Sign({
        secretId,
        secretKey,
        service: 'sms',
        host: HOST,
        action: 'SendSms',
        version: '2021-01-11',
        region: env.TENCENT_SMS_REGION?.trim() || 'ap-guangzhou',
        payload,
        timestamp: Math.floor(now / 1000),
      });
      const answer = await postJson(`https://${HOST}/`, { headers: signed.headers, body: payload });
      if ('failed' in answer) return answer.failed;
      const response = (answer.body as { Response?: TencentResponse } | null)?.Response;
      if (!response) return answer.status === 200 ? { ok: false, code: 'bad_answer', retry: false } : httpFailure(answer.status);
      if (response.Error)
        return { ok: false, code: errorCode('tencent:', response.Error.Code), retry: transient(response.Error.Code ?? '') };
      const status = response.SendStatusSet?.[0];
      if (!status) return { ok: false, code: 'bad_answer', retry: false };
      if (status.Code === 'Ok') return { ok: true, messageId: status.SerialNo ?? null, delivered: true };
      return { ok: false, code: errorCode('tencent:', status.Code), retry: transient(status.Code ?? '') };
    },
  };
}

interface TencentResponse {
  Error?: { Code?: string; Message?: string };
  SendStatusSet?: { SerialNo?: string; Code?: string; Message?: string }[];
  RequestId?: string;
}
