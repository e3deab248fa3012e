/** The server's room pushes, turned into SDK events (connection pushes live in connection.ts). */
import {
  ZIMConversationType,
  ZIMMessageDirection,
  ZIMRoomState,
  expandRoomMessage,
  type WireRoomMessages,
} from '../protocol/client.ts';
import type { ZIMCore } from './core.ts';
import { normalizeMessage } from './message-calls.ts';
import type { ZIMSocket } from './wire.ts';

export function bindPushes(socket: ZIMSocket, core: Pick<ZIMCore, 'events' | 'rooms' | 'attributeBatches'>): void {
  const { events, rooms, attributeBatches } = core;
  socket.on('roomMemberJoined', (data) => events.emit('roomMemberJoined', data));
  socket.on('roomMemberLeft', (data) => events.emit('roomMemberLeft', data));
  socket.on('roomAttributesUpdated', (data) => events.emit('roomAttributesUpdated', data));
  socket.on('roomAttributesBatchUpdated', (data) => events.emit('roomAttributesBatchUpdated', data));
  socket.on('roomMemberAttributesUpdated', (data) => events.emit('roomMemberAttributesUpdated', data));
  socket.on('receiveRoomMessage', (data) => onRoomMessages(core, data));
  // Only server-caused transitions arrive here (kicked, room destroyed, timed out): the room is gone.
  socket.on('roomStateChanged', (data) => {
    if (data?.state === ZIMRoomState.Disconnected) {
      rooms.forget(data.roomID);
      attributeBatches.delete(data.roomID);
    }
    events.emit('roomStateChanged', { ...data, extendedData: data.extendedData ?? '' });
  });
}

/** Emitted under both names: `receiveRoomMessage` (ZIM ≤ 2.17) and `roomMessageReceived` (2.18+). */
function onRoomMessages(core: Pick<ZIMCore, 'events' | 'rooms'>, data: WireRoomMessages): void {
  if (!Array.isArray(data?.messageList)) return;
  const fromConversationID = data.fromConversationID;
  // Once each: a resume may replay what the session already had.
  const messageList = data.messageList
    .filter((m) => core.rooms.noteMessage(fromConversationID, m.messageID))
    .map((m) => normalizeMessage(expandRoomMessage(m, fromConversationID), ZIMMessageDirection.Receive));
  if (messageList.length === 0) return;
  core.events.emit('receiveRoomMessage', { messageList, fromConversationID });
  core.events.emit('roomMessageReceived', {
    messageList,
    fromConversationID,
    info: { conversationID: fromConversationID, conversationType: ZIMConversationType.Room, isOfflineMessage: false },
  });
}
