/**
 * The SMS providers. Their request signatures, computed with WebCrypto in workerd, match the
 * worked examples the providers publish, byte for byte; then each provider's SendSms request
 * and its reading of the answers, against a fake endpoint (the only thing mocked).
 */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Env } from '#worker/env.ts';
import { acs3Sign } from '#worker/services/sms/aliyun.ts';
import type { SmsMessage } from '#worker/services/sms/provider.ts';
import { smsProvider } from '#worker/services/sms/providers.ts';
import { tc3Date, tc3Sign } from '#worker/services/sms/tencent.ts';
import { gateway } from './support/sms-gateway.ts';

afterEach(() => gateway.reset());

describe('Tencent Cloud TC3-HMAC-SHA256', () => {
  // 腾讯云 API 文档《签名方法 v3》, the worked example every product's copy of the page carries
  // (SMS: https://cloud.tencent.com/document/api/382/52072; English:
  // https://www.tencentcloud.com/document/product/382/40467): CVM DescribeInstances in
  // ap-guangzhou at timestamp 1551113065, signed headers content-type;host;x-tc-action. The
  // page prints the keys masked, and its figures are computed from the masked text itself.
  const example = (secretId: string, secretKey: string) =>
    tc3Sign({
      secretId,
      secretKey,
      service: 'cvm',
      host: 'cvm.tencentcloudapi.com',
      action: 'DescribeInstances',
      version: '2017-03-12',
      region: 'ap-guangzhou',
      payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
      timestamp: 1551113065,
    });

  it('reproduces the published canonical request, string to sign, signature and Authorization', async () => {
    const signed = await example('AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******', 'Gu5t9xGARNpq86cd98joQYCN3*******');
    expect(signed.canonicalRequest).toBe(
      [
        'POST',
        '/',
        '',
        'content-type:application/json; charset=utf-8',
        'host:cvm.tencentcloudapi.com',
        'x-tc-action:describeinstances',
        '',
        'content-type;host;x-tc-action',
        '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
      ].join('\n'),
    );
    expect(signed.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
    );
    expect(signed.signature).toBe('be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3');
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host;x-tc-action, Signature=be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3',
    );
    expect(signed.headers).toEqual({
      Authorization: signed.authorization,
      'Content-Type': 'application/json; charset=utf-8',
      'X-TC-Action': 'DescribeInstances',
      'X-TC-Timestamp': '1551113065',
      'X-TC-Version': '2017-03-12',
      'X-TC-Region': 'ap-guangzhou',
    });
  });

  it('reproduces the later revision of the page, whose keys are masked whole', async () => {
    const signed = await example('AKID********************************', '********************************');
    expect(signed.signature).toBe('10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f');
  });

  it('dates the credential in UTC, as the page warns: 00:44 on the 26th in China is still the 25th', () => {
    expect(tc3Date(1551113065)).toBe('2019-02-25');
  });
});

describe('Alibaba Cloud ACS3-HMAC-SHA256 (V3 signature)', () => {
  // 阿里云《V3版本请求体&签名机制》, section 「签名示例」 with its fixed parameter values
  // (https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature; English:
  // https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature):
  // ECS RunInstances on ecs.cn-shanghai.aliyuncs.com, POST, parameters in the query, empty body.
  it('reproduces the published canonical request, string to sign, signature and Authorization', async () => {
    const signed = await acs3Sign({
      accessKeyId: 'YourAccessKeyId',
      accessKeySecret: 'YourAccessKeySecret',
      host: 'ecs.cn-shanghai.aliyuncs.com',
      action: 'RunInstances',
      version: '2014-05-26',
      query: { RegionId: 'cn-shanghai', ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd' },
      body: '',
      date: '2023-10-26T10:22:32Z',
      nonce: '3156853299f313e23d1673dc12e1703d',
    });
    expect(signed.canonicalRequest).toBe(
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        'x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
    expect(signed.stringToSign).toBe('ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259');
    expect(signed.signature).toBe('06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0');
    expect(signed.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;' +
        'x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
  });
});

// --- SendSms against fake endpoints ---------------------------------------------------------

const message: SmsMessage = {
  id: 42,
  phone: '13812345678',
  template: 'accessCodeRecovery',
  vars: { code: '7K3F-9M4P-Q8RT', reference: 'A-7K3F9M4P' },
  text: '【示范县未成年人保护】编号A-7K3F9M4P的新查询码是7K3F-9M4P-Q8RT……',
  urgent: true,
};
const NOW = Date.parse('2026-11-30T02:00:00Z');
const ids = JSON.stringify({ accessCodeRecovery: '2345678' });

const tencent: Env = {
  ...env,
  SMS_PROVIDER: 'tencent',
  SMS_SIGN_NAME: '示范县民政局',
  SMS_TEMPLATE_IDS: ids,
  TENCENT_SMS_SECRET_ID: 'AKIDtest',
  TENCENT_SMS_SECRET_KEY: 'test-secret-key',
  TENCENT_SMS_SDK_APP_ID: '1400000000',
};
const aliyun: Env = {
  ...env,
  SMS_PROVIDER: 'aliyun',
  SMS_SIGN_NAME: '示范县民政局',
  SMS_TEMPLATE_IDS: JSON.stringify({ accessCodeRecovery: 'SMS_2345678' }),
  ALIYUN_SMS_ACCESS_KEY_ID: 'LTAItest',
  ALIYUN_SMS_ACCESS_KEY_SECRET: 'test-secret',
};

/** The provider's endpoint, answering `answers` in turn; returns the requests it got. */
function endpoint(...answers: (Response | Error)[]) {
  const requests: Request[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    requests.push(new Request(input, init));
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  });
  return requests;
}

describe('Tencent SendSms', () => {
  it('posts a signed SendSms with the number, the template and its variables in order', async () => {
    const requests = endpoint(
      Response.json({ Response: { SendStatusSet: [{ SerialNo: '2645:123', Code: 'Ok', Message: 'send success' }], RequestId: 'r' } }),
    );
    expect(await smsProvider(tencent).send(message, NOW)).toEqual({ ok: true, messageId: '2645:123', delivered: true });
    const [req] = requests;
    expect(req!.url).toBe('https://sms.tencentcloudapi.com/');
    const payload = await req!.text();
    expect(JSON.parse(payload)).toEqual({
      PhoneNumberSet: ['+8613812345678'],
      SmsSdkAppId: '1400000000',
      SignName: '示范县民政局',
      TemplateId: '2345678',
      // {1} is the reference, {2} the code: the order the template text has them in.
      TemplateParamSet: ['A-7K3F9M4P', '7K3F-9M4P-Q8RT'],
      SessionContext: 'outbox-42',
    });
    const expected = await tc3Sign({
      secretId: 'AKIDtest',
      secretKey: 'test-secret-key',
      service: 'sms',
      host: 'sms.tencentcloudapi.com',
      action: 'SendSms',
      version: '2021-01-11',
      region: 'ap-guangzhou',
      payload,
      timestamp: NOW / 1000,
    });
    for (const [name, value] of Object.entries(expected.headers)) expect(req!.headers.get(name), name).toBe(value);
  });

  it('retries its internal errors and frequency limits, and gives up on the rest', async () => {
    endpoint(
      Response.json({ Response: { Error: { Code: 'InternalError.Timeout', Message: 'x' } } }),
      Response.json({ Response: { SendStatusSet: [{ Code: 'LimitExceeded.PhoneNumberDailyLimit', Message: 'x' }] } }),
      Response.json({ Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'x' } } }),
      Response.json({ Response: { SendStatusSet: [{ Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: 'x' }] } }),
    );
    const p = smsProvider(tencent);
    expect(await p.send(message, NOW)).toEqual({ ok: false, code: 'tencent:InternalError.Timeout', retry: true });
    expect(await p.send(message, NOW)).toEqual({ ok: false, code: 'tencent:LimitExceeded.PhoneNumberDailyLimit', retry: true });
    expect(await p.send(message, NOW)).toEqual({ ok: false, code: 'tencent:AuthFailure.SignatureFailure', retry: false });
    expect(await p.send(message, NOW)).toEqual({ ok: false, code: 'tencent:InvalidParameterValue.IncorrectPhoneNumber', retry: false });
  });

  it('does not send a template it has no id for', async () => {
    const requests = endpoint();
    expect(
      await smsProvider(tencent).send({ ...message, template: 'visitBooked', vars: { reference: 'A-7K3F9M4P', date: '12月5日' } }, NOW),
    ).toEqual({
      ok: false,
      code: 'no_template_id',
      retry: false,
    });
    expect(requests).toEqual([]);
  });
});

describe('Aliyun SendSms', () => {
  it('posts a signed SendSms with the parameters in the query and the variables as JSON', async () => {
    const requests = endpoint(Response.json({ Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: 'r' }));
    expect(await smsProvider(aliyun).send(message, NOW)).toEqual({ ok: true, messageId: '900619746936498440^0', delivered: true });
    const url = new URL(requests[0]!.url);
    expect(url.origin + url.pathname).toBe('https://dysmsapi.aliyuncs.com/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      OutId: 'outbox-42',
      PhoneNumbers: '13812345678',
      SignName: '示范县民政局',
      TemplateCode: 'SMS_2345678',
      TemplateParam: '{"reference":"A-7K3F9M4P","code":"7K3F-9M4P-Q8RT"}',
    });
    const h = requests[0]!.headers;
    expect(h.get('x-acs-action')).toBe('SendSms');
    expect(h.get('x-acs-version')).toBe('2017-05-25');
    expect(h.get('x-acs-date')).toBe('2026-11-30T02:00:00Z');
    // Signed over exactly what was sent: the same query string, nonce and date give the same header.
    const again = await acs3Sign({
      accessKeyId: 'LTAItest',
      accessKeySecret: 'test-secret',
      host: 'dysmsapi.aliyuncs.com',
      action: 'SendSms',
      version: '2017-05-25',
      query: Object.fromEntries(url.searchParams),
      body: '',
      date: h.get('x-acs-date')!,
      nonce: h.get('x-acs-signature-nonce')!,
    });
    expect(url.search.slice(1)).toBe(again.queryString);
    expect(h.get('authorization')).toBe(again.authorization);
  });

  it('retries its system errors and throttling, and gives up on the rest', async () => {
    endpoint(
      Response.json({ Code: 'isp.SYSTEM_ERROR' }),
      Response.json({ Code: 'isv.BUSINESS_LIMIT_CONTROL' }),
      Response.json({ Code: 'isv.MOBILE_NUMBER_ILLEGAL' }),
      new Response('bad gateway', { status: 502 }),
    );
    const p = smsProvider(aliyun);
    expect(await p.send(message, NOW)).toEqual({ ok: false, code: 'aliyun:isp.SYSTEM_ERROR', retry: true });
    expect(await p.send(message, NOW)).toEqual({ ok: false, code: 'aliyun:isv.BUSINESS_LIMIT_CONTROL', retry: true });
    expect(await p.send(message, NOW)).toEqual({ ok: false, code: 'aliyun:isv.MOBILE_NUMBER_ILLEGAL', retry: false });
    expect(await p.send(message, NOW)).toEqual({ ok: false, code: 'http_502', retry: true });
  });
});

describe('every HTTP provider', () => {
  it('retries a connection that failed, but not one that timed out: the message may have gone', async () => {
    endpoint(new TypeError('fetch failed'), new DOMException('The operation timed out.', 'TimeoutError'));
    const p = smsProvider(tencent);
    expect(await p.send(message, NOW)).toEqual({ ok: false, code: 'network', retry: true });
    expect(await p.send(message, NOW)).toEqual({ ok: false, code: 'timeout', retry: false });
  });

  it('does not call out without all of its settings', async () => {
    const requests = endpoint();
    for (const e of [
      { ...tencent, TENCENT_SMS_SECRET_KEY: undefined },
      { ...tencent, SMS_TEMPLATE_IDS: 'not json' },
      { ...aliyun, SMS_SIGN_NAME: ' ' },
      { ...env, SMS_WEBHOOK_URL: 'not a url' },
      { ...env, SMS_PROVIDER: 'carrier-pigeon' },
    ])
      expect(await smsProvider(e).send(message, NOW)).toEqual({ ok: false, code: 'provider_not_configured', retry: false });
    expect(requests).toEqual([]);
  });
});

describe('the webhook (a county’s 政务短信平台)', () => {
  it('posts the message as JSON with an HMAC-SHA-256 signature over the timestamp and body', async () => {
    expect(await smsProvider(env).send(message, NOW)).toEqual({ ok: true, messageId: 'gw-1', delivered: true });
    expect(gateway.sent).toEqual([
      {
        id: 42,
        to: '13812345678',
        template: 'accessCodeRecovery',
        params: message.vars,
        text: message.text,
        urgent: true,
        idempotencyKey: 'tonghu-sms-42',
        signed: true,
      },
    ]);
  });
});
