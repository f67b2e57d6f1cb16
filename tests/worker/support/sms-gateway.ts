/**
 * A fake 政务短信平台: the one outside endpoint of the SMS tests. It answers the webhook
 * provider's POSTs to SMS_WEBHOOK_URL (fetch is spied; every other address goes to the real
 * fetch), checks their signature the way a county platform would, and can be told to fail.
 * The queue consumer runs in the tests' isolate, so it calls this too.
 */
import { vi } from 'vitest';
import { SMS_TEST_SETTINGS } from './sms-settings.ts';

export interface Received {
  id: number;
  to: string;
  template: string;
  text: string;
  params: Record<string, string>;
  urgent: boolean;
  idempotencyKey: string | null;
  /** The X-Tonghu-Signature header matched HMAC-SHA-256(secret, timestamp + '.' + body). */
  signed: boolean;
}

const te = new TextEncoder();
/** Taken before any test spies on fetch (setup.ts imports this module first). */
const realFetch = globalThis.fetch;

async function signatureOk(timestamp: string | null, body: string, header: string | null): Promise<boolean> {
  if (!timestamp || !header) return false;
  const key = await crypto.subtle.importKey(
    'raw',
    te.encode(SMS_TEST_SETTINGS.SMS_WEBHOOK_SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, te.encode(`${timestamp}.${body}`)));
  return header === `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

class FakeGateway {
  /** Every request that reached the gateway, in order. */
  requests: Received[] = [];
  /** The ones it accepted: the messages a phone would get. */
  sent: Received[] = [];
  /** Addresses other than the gateway that were fetched (a provider must not call out unasked). */
  elsewhere: string[] = [];
  private failures: number[] = [];
  private failing: number | null = null;

  /** Answers the next `n` requests with `status`. */
  failNext(n: number, status = 503): void {
    this.failures.push(...Array<number>(n).fill(status));
  }

  /** Answers every request with `status` until reset. */
  failAlways(status = 503): void {
    this.failing = status;
  }

  reset(): void {
    this.requests = [];
    this.sent = [];
    this.elsewhere = [];
    this.failures = [];
    this.failing = null;
    this.install();
  }

  /** Answers fetch (again: a test may have replaced the spy's answer, or restored fetch). */
  install(): void {
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => this.answer(input, init));
  }

  /**
   * What the gateway answers a fetch; every other address goes to the real fetch. A test that
   * spies on fetch for another service hands the gateway's requests here, so messages the queue
   * sends meanwhile still arrive.
   */
  async answer(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    if (request.url !== SMS_TEST_SETTINGS.SMS_WEBHOOK_URL) {
      this.elsewhere.push(request.url);
      return realFetch(input, init);
    }
    const body = await request.text();
    const json = JSON.parse(body) as Omit<Received, 'idempotencyKey' | 'signed'>;
    const received: Received = {
      ...json,
      idempotencyKey: request.headers.get('idempotency-key'),
      signed: await signatureOk(request.headers.get('x-tonghu-timestamp'), body, request.headers.get('x-tonghu-signature')),
    };
    this.requests.push(received);
    const status = this.failures.shift() ?? this.failing ?? 200;
    if (status !== 200) return new Response('unavailable', { status });
    this.sent.push(received);
    return Response.json({ id: `gw-${this.sent.length}` });
  }

  /** True for a request to the gateway. */
  owns(input: RequestInfo | URL): boolean {
    return new Request(input).url === SMS_TEST_SETTINGS.SMS_WEBHOOK_URL;
  }

  /** Messages accepted for one outbox row. */
  sentFor(id: number): Received[] {
    return this.sent.filter((m) => m.id === id);
  }
}

export const gateway = new FakeGateway();
