/** JSON as the Redis store keeps it (Command messages may carry bytes, kept as base64), and what a step's answer reports. */
import { slimRoomMessage } from '../../../lib/protocol/index.ts';
import type { ExitType } from '../../rooms/room-events.ts';
import type { MessageDraft, RoomEvent, RoomFact } from '../types.ts';

const BYTES = '$b';

function replacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Uint8Array) return { [BYTES]: Buffer.from(raw).toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && typeof (value as Record<string, unknown>)[BYTES] === 'string') {
    return new Uint8Array(Buffer.from((value as Record<string, string>)[BYTES]!, 'base64'));
  }
  return value;
}

export const encode = (value: unknown): string => JSON.stringify(value, replacer);
export const decode = <T>(text: string): T => JSON.parse(text, reviver) as T;

/** A draft's stored and broadcast forms, without messageID (the script puts it first). */
export function messageForms(draft: MessageDraft): { stored: string; wire: string } {
  const { messageID: _drop, ...wire } = slimRoomMessage({ ...draft, messageID: '' });
  return { stored: encode(draft), wire: encode(wire) };
}

export const decodeEvent = (text: string): RoomEvent => decode<RoomEvent>(text);

/** What a leave step's outcome means for the node's reports. */
export function leaveFacts(
  roomID: string,
  userID: string,
  exitType: ExitType,
  outcome: { last: boolean; destroyed: boolean },
): RoomFact[] {
  const facts: RoomFact[] = [];
  if (outcome.last) facts.push({ type: 'memberLeft', roomID, userID, exitType });
  if (outcome.destroyed) facts.push({ type: 'roomDestroyed', roomID });
  return facts;
}
