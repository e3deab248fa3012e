/**
 * What happened to rooms, for listeners outside the room core: webhooks (SPEC 12), logs and
 * metrics. The core reports each fact once, on the node that made it happen; listeners must not
 * throw into it (a listener's failure is logged and ignored).
 */

import { reportFault } from './faults.ts';

/** Why a member left a room, in the webhook's words (SPEC 12 `exit_type`). */
export type ExitType = 'Quit' | 'Kickout' | 'Timeout';

export interface RoomEventMap {
  roomCreated: { roomID: string; roomName: string; userID: string | undefined };
  roomDestroyed: { roomID: string };
  /** The user's first session entered the room. */
  memberJoined: { roomID: string; userID: string };
  /** The user's last session left the room. */
  memberLeft: { roomID: string; userID: string; exitType: ExitType };
}

export type RoomEventName = keyof RoomEventMap;
type Listener<E extends RoomEventName> = (data: RoomEventMap[E]) => void;

export class RoomEvents {
  private readonly listeners: { [E in RoomEventName]?: Array<Listener<E>> } = {};

  /** Adds a listener; returns its removal. */
  on<E extends RoomEventName>(event: E, listener: Listener<E>): () => void {
    const list = (this.listeners[event] ??= []) as Array<Listener<E>>;
    list.push(listener);
    return () => {
      const index = list.indexOf(listener);
      if (index >= 0) list.splice(index, 1);
    };
  }

  emit<E extends RoomEventName>(event: E, data: RoomEventMap[E]): void {
    for (const listener of this.listeners[event] ?? []) {
      try {
        listener(data);
      } catch (error) {
        reportFault(`a ${event} listener`, error);
      }
    }
  }
}
