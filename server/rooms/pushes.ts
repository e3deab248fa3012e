/**
 * A push as the room core hands it out, and the room each kind of push is about: declared once
 * per event (the compiler checks every event has its entry), never guessed from a payload's shape.
 */
import type { ServerEventName, ServerPayload } from '../../lib/protocol/index.ts';

export interface Push {
  /** The room it is about; undefined for what concerns the session alone. */
  roomID: string | undefined;
  event: ServerEventName;
  data: unknown;
}

const ROOM_OF: { [E in ServerEventName]: (data: ServerPayload<E>) => string | undefined } = {
  roomStateChanged: (d) => d.roomID,
  roomMemberJoined: (d) => d.roomID,
  roomMemberLeft: (d) => d.roomID,
  roomAttributesUpdated: (d) => d.roomID,
  roomAttributesBatchUpdated: (d) => d.roomID,
  roomMemberAttributesUpdated: (d) => d.roomID,
  receiveRoomMessage: (d) => d.fromConversationID,
  connectionStateChanged: () => undefined,
  serverDraining: () => undefined,
};

/** The room a push is about, by its event. */
export function roomOfPush<E extends ServerEventName>(event: E, data: ServerPayload<E>): string | undefined {
  return ROOM_OF[event](data);
}

export function push<E extends ServerEventName>(event: E, data: ServerPayload<E>): Push {
  return { roomID: roomOfPush(event, data), event, data };
}
