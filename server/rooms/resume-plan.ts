/**
 * What a resuming session receives once its resume is answered, in order, before it goes live:
 * per room it gave a last messageID for, the stored messages after that one merged with the
 * messages kept while it was away (each once, in messageID order, one push per room); then the
 * rest of what was kept, of rooms it still holds and knew, and of the session itself.
 */
import { slimRoomMessage, type WireRoomMessage, type WireRoomMessages } from '../../lib/protocol/index.ts';
import { push, type Push } from './pushes.ts';
import type { Replay } from './room-resume.ts';

export function resumePlan(
  kept: readonly Push[],
  rooms: ReadonlySet<string>,
  known: ReadonlySet<string>,
  replay: ReadonlyMap<string, Replay>,
): Push[] {
  const byRoom = new Map<string, Map<string, WireRoomMessage>>();
  for (const [roomID, { after, messages }] of replay) {
    const later = messages.filter((m) => Number(m.messageID) > after);
    if (rooms.has(roomID)) byRoom.set(roomID, new Map(later.map((m) => [m.messageID, slimRoomMessage(m)])));
  }
  const rest: Push[] = [];
  // Kept ones never reached the client, so all of them go, even those before `after` (held in a
  // coalescing window while the client's own later message was acknowledged).
  for (const item of kept) {
    const merged =
      item.event === 'receiveRoomMessage' && item.roomID !== undefined ? byRoom.get(item.roomID) : undefined;
    if (merged) for (const m of (item.data as WireRoomMessages).messageList) merged.set(m.messageID, m);
    else if (item.roomID === undefined || (rooms.has(item.roomID) && known.has(item.roomID))) rest.push(item);
  }
  const replayed: Push[] = [];
  for (const [roomID, merged] of byRoom) {
    const messageList = [...merged.values()].sort((a, b) => Number(a.messageID) - Number(b.messageID));
    if (messageList.length > 0) replayed.push(push('receiveRoomMessage', { messageList, fromConversationID: roomID }));
  }
  return [...replayed, ...rest];
}
