/** JSON over node:http for the server API: bounded request bodies, JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZIMError, ZIMErrorCode } from '../../lib/protocol/index.ts';

/** The largest request body read; beyond it the request fails 413 without being read on. */
export const MAX_BODY_BYTES = 64 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** An HTTP failure carrying a ZIMError (the body every failure answers). */
export class HttpError extends ZIMError {
  constructor(
    readonly status: number,
    code: number,
    message: string,
  ) {
    super(code, message);
  }
}

/** The request's JSON body ({} when empty); a bad or oversized one is a 400 / 413 HttpError. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, ZIMErrorCode.InvalidParameter, `The body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, ZIMErrorCode.InvalidParameter, 'Invalid parameter: the body is not JSON');
  }
}
