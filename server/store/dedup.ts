/**
 * De-duplication of retried sends (SPEC 7, 11b), the same for every store: per sender and
 * localMessageID the store keeps a small record — the messageID and time the first send got, and a
 * digest of its content — never the message itself.
 */
import { createHash } from 'node:crypto';
import type { ZIMMessage } from '../../lib/protocol/index.ts';
import type { MessageDraft } from './types.ts';

/** What is kept per localMessageID (a few dozen bytes). */
export interface SentRecord {
  messageID: string;
  timestamp: number;
  digest: string;
}

/** The key a retry is recognised by; undefined without a localMessageID. */
export function dedupKey(draft: MessageDraft): string | undefined {
  return draft.localMessageID ? `${draft.senderUserID}\n${draft.localMessageID}` : undefined;
}

/** The content a retry must repeat: type, subType, message and extendedData. */
export function contentDigest(draft: MessageDraft): string {
  const hash = createHash('sha256');
  hash.update(`${draft.type}\0${draft.subType ?? ''}\0${draft.extendedData ?? ''}\0`);
  hash.update(
    typeof draft.message === 'string'
      ? `s${draft.message}`
      : Buffer.concat([Buffer.from('b'), Buffer.from(draft.message)]),
  );
  return hash.digest('base64url').slice(0, 22);
}

/** The first send's message, as a retry of the same content gets it back. */
export function earlierMessage(draft: MessageDraft, earlier: SentRecord): ZIMMessage {
  return { ...draft, messageID: earlier.messageID, timestamp: earlier.timestamp };
}

/** Records as one string (`messageID|timestamp|digest`), for stores that keep text. */
export function encodeSent(record: SentRecord): string {
  return `${record.messageID}|${record.timestamp}|${record.digest}`;
}

export function decodeSent(text: string): SentRecord {
  const [messageID = '', timestamp = '0', digest = ''] = text.split('|');
  return { messageID, timestamp: Number(timestamp), digest };
}
