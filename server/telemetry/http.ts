/** GET /metrics (Prometheus text) and GET /metrics/ops (the operations page's JSON), both behind the server secret. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZIMErrorCode } from '../../lib/protocol/index.ts';
import { carriesServerSecret } from '../server-secret.ts';
import type { Telemetry } from './telemetry.ts';

function refuse(res: ServerResponse, secretSet: boolean): void {
  const message = secretSet
    ? 'Send Authorization: Bearer <CONVENE_SERVER_SECRET>'
    : 'Metrics are off: set CONVENE_SERVER_SECRET and send it as Authorization: Bearer <secret>';
  res.writeHead(401, { 'content-type': 'application/json', 'cache-control': 'no-store', 'www-authenticate': 'Bearer' });
  res.end(JSON.stringify({ code: ZIMErrorCode.InvalidParameter, message }));
}

/** Answers the request when it is one of the metrics routes; false otherwise. */
export function answerMetrics(
  telemetry: Telemetry,
  secret: string,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): boolean {
  if (req.method !== 'GET' || (path !== '/metrics' && path !== '/metrics/ops')) return false;
  if (!carriesServerSecret(secret, req)) {
    refuse(res, secret !== '');
    return true;
  }
  const answer =
    path === '/metrics'
      ? telemetry.metrics.exposition().then(({ contentType, body }) => ({ contentType, body }))
      : telemetry.sampler.snapshot().then((s) => ({ contentType: 'application/json', body: JSON.stringify(s) }));
  answer.then(
    ({ contentType, body }) => {
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
    },
    (error: unknown) => {
      telemetry.observer.internalError(path, error);
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal server error');
    },
  );
  return true;
}
