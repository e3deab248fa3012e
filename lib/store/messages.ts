/** Ordering and merging of room messages: ascending by the server's messageID, each once. */
import type { ZIMMessage } from '../protocol/client.ts';

/** messageIDs are decimal integers that may outgrow 2^53: compare them as digit strings. */
export function compareMessageIDs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Adds `incoming` to `current` (both ascending), dropping messages already held. The usual case,
 * newer messages arriving one at a time, is an append; history pages and reconnects take the
 * slower merge.
 */
export function mergeMessages(current: readonly ZIMMessage[], incoming: readonly ZIMMessage[]): ZIMMessage[] {
  if (incoming.length === 0) return current as ZIMMessage[];
  const last = current[current.length - 1];
  const sortedIncoming = [...incoming].sort((x, y) => compareMessageIDs(x.messageID, y.messageID));
  const first = sortedIncoming[0]!;
  if (!last || compareMessageIDs(first.messageID, last.messageID) > 0) {
    const appended = [...current];
    for (const message of sortedIncoming) {
      const tail = appended[appended.length - 1];
      if (!tail || tail.messageID !== message.messageID) appended.push(message);
    }
    return appended;
  }
  const byID = new Map<string, ZIMMessage>();
  for (const message of current) byID.set(message.messageID, message);
  for (const message of sortedIncoming) byID.set(message.messageID, message);
  return [...byID.values()].sort((x, y) => compareMessageIDs(x.messageID, y.messageID));
}

/** The text to show for a message. Commands carry bytes, which are not shown. */
export function messageText(message: Pick<ZIMMessage, 'message' | 'type'>): string {
  if (typeof message.message === 'string') return message.message;
  return `[command · ${message.message.byteLength} bytes]`;
}

/** Most messages kept per room in the page; older ones can be fetched again as history. */
export const MESSAGE_LIMIT = 10_000;

/** Adds live messages, dropping the oldest beyond MESSAGE_LIMIT; `added` counts the new ones. */
export function withLiveMessages(
  room: { messages: ZIMMessage[]; hasEarlier: boolean },
  incoming: readonly ZIMMessage[],
) {
  const merged = mergeMessages(room.messages, incoming);
  const added = merged.length - room.messages.length;
  if (merged.length <= MESSAGE_LIMIT) return { messages: merged, hasEarlier: room.hasEarlier, added };
  return { messages: merged.slice(-MESSAGE_LIMIT), hasEarlier: true, added };
}
