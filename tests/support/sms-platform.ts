/**
 * A county's 政务短信平台 on loopback, for the browser tests and the benchmarks: it takes the
 * webhook provider's signed POSTs (worker/services/sms/webhook.ts), checks the signature the
 * way a county platform would, and keeps what a phone would receive. The one outside service
 * of those runs, faked at its HTTP boundary.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface Delivered {
  to: string;
  template: string;
  text: string;
  /** When the platform received it (ms since the epoch). */
  at: number;
}

export interface SmsPlatform {
  url: string;
  secret: string;
  /** Every message accepted, in order. */
  received: Delivered[];
  /** The SMS vars that make a server send here. */
  vars: Record<string, string>;
  /** Waits for a message to `to` matching `template`, newest first. */
  next: (to: string, template: string, timeout?: number) => Promise<Delivered>;
  close: () => Promise<void>;
}

export async function startSmsPlatform(secret = 'local-sms-platform-secret'): Promise<SmsPlatform> {
  const received: Delivered[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-tonghu-timestamp'] ?? '');
      const given = Buffer.from(String(req.headers['x-tonghu-signature'] ?? ''));
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(401).end('bad signature');
        return;
      }
      const m = JSON.parse(body) as { to: string; template: string; text: string };
      received.push({ to: m.to, template: m.template, text: m.text, at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `local-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}/send`;
  return {
    url,
    secret,
    received,
    vars: {
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: url,
      SMS_WEBHOOK_SECRET: secret,
      SMS_QUIET_HOURS: 'off',
      SMS_RETRY_BASE_SECONDS: '0',
    },
    async next(to, template, timeout = 30_000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const found = received.findLast((m) => m.to === to && m.template === template);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${template} message to ${to} within ${timeout} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
