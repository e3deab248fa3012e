/**
 * What happened to rooms, for listeners outside the room core: webhooks (SPEC 12), logs and
 * metrics. The core reports each fact once, on the node that made it happen; listeners must not
 * throw into it (a listener's failure is logged and ignored).
 */

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

/** Work of the core failed outside any call (a timer's, a listener's): the server's log reports it. */
export type FailureListener = (what: string, error: unknown) => void;

export type RoomEventName = keyof RoomEventMap;
type Listener<E extends RoomEventName> = (data: RoomEventMap[E]) => void;

export class RoomEvents {
  private readonly listeners: { [E in RoomEventName]?: Array<Listener<E>> } = {};
  private failureListener: FailureListener | undefined;

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
    for (const listener of (this.listeners[event] ?? []) as Array<Listener<E>>) {
      try {
        listener(data);
      } catch (error) {
        this.failed(`a ${event} listener`, error);
      }
    }
  }

  /** Where failures go (the server's log); one listener, set by the server. */
  onFailed(listener: FailureListener): void {
    this.failureListener = listener;
  }

  /** Reports a failure; with no listener (a core without a server around it), to stderr. */
  failed(what: string, error: unknown): void {
    if (!this.failureListener) return console.error(`[convene] ${what} failed`, error);
    try {
      this.failureListener(what, error);
    } catch {
      // A failing logger has nowhere left to report to.
    }
  }

  /** Runs background work (a timer's) so that a failure is reported, never an unhandled rejection. */
  inBackground(what: string, work: Promise<unknown>): void {
    work.catch((error: unknown) => this.failed(what, error));
  }
}
