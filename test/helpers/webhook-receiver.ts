/** A small real HTTP receiver for webhooks: records each POST, answers as the test says. */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookEvent } from '../../lib/protocol/index.ts';

export interface Received {
  body: string;
  json: WebhookEvent;
  signature: string | undefined;
  contentType: string | undefined;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  received: Received[];
  /** Events the receiver answered 2xx, parsed. */
  accepted(): WebhookEvent[];
  /** How the next requests are answered: a status, or 'hang' (never answered). */
  answers: Array<number | 'hang'>;
  close(): Promise<void>;
}

/** Starts listening on `port` (0: a free one). */
export async function startReceiver(port = 0): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const acceptedBodies: string[] = [];
  const answers: Array<number | 'hang'> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        body,
        json: JSON.parse(body) as WebhookEvent,
        signature: req.headers['x-convene-signature'] as string | undefined,
        contentType: req.headers['content-type'],
      });
      const answer = answers.shift() ?? 204;
      if (answer === 'hang') return;
      if (answer >= 200 && answer < 300) acceptedBodies.push(body);
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hooks`,
    port: actual,
    received,
    answers,
    accepted: () => acceptedBodies.map((b) => JSON.parse(b) as WebhookEvent),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (for now): taken from the OS, then given back. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** What a receiver must check: the header is the HMAC-SHA256 of the raw body with the secret. */
export function verifySignature(body: string, header: string | undefined, secret: string): boolean {
  return header === `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
