/**
 * The server's structured logs: one JSON line per fact (pino), level from CONVENE_LOG_LEVEL.
 * Lines name what happened in `event` and carry IDs, codes and reasons, never a token, a secret
 * or a message body; the redaction below is a second guard for a field added by mistake.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Field names that must never reach a log line, wherever they sit (one level deep). */
const REDACTED = ['token', 'secret', 'authorization', 'password', 'message', 'body', 'auth'];

/** `node` is the node ID, so the lines of many nodes gathered in one place stay apart. */
export function createLogger(level: string, node: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'convene', node },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACTED, ...REDACTED.map((k) => `*.${k}`)], censor: '[redacted]' },
    // The readable text of a line is `msg`; `message` is a body's field name, so redacted.
    messageKey: 'msg',
  };
  return destination ? pino(options, destination) : pino(options);
}

/** An error as a log field: its name, message and stack, nothing else of the object. */
export function errorField(error: unknown): { type: string; text: string; stack?: string | undefined } {
  if (error instanceof Error) return { type: error.name, text: error.message, stack: error.stack };
  return { type: typeof error, text: String(error) };
}
