/** An Outbox that records every push the room core sends, for unit tests. */
import type {
  ServerEventName,
  ServerPayload,
  ZIMEventOfConnectionStateChangedResult,
} from '../../lib/protocol/index.ts';
import type { Outbox } from '../../server/rooms/outbox.ts';

/** A push, its data typed by its event. */
type Push = { [E in ServerEventName]: { event: E; data: ServerPayload<E> } }[ServerEventName];

export type Sent = ({ to: 'room'; roomID: string; except: readonly string[] } | { to: 'session'; sessionID: string }) &
  Push;

export class RecordingOutbox implements Outbox {
  readonly sent: Sent[] = [];
  readonly ended: { sessionID: string; reason: ZIMEventOfConnectionStateChangedResult }[] = [];

  toSession<E extends ServerEventName>(sessionID: string, event: E, data: ServerPayload<E>): void {
    this.sent.push({ to: 'session', sessionID, event, data } as Sent);
  }
  toRoom<E extends ServerEventName>(
    roomID: string,
    event: E,
    data: ServerPayload<E>,
    except: readonly string[] = [],
  ): void {
    this.sent.push({ to: 'room', roomID, event, data, except: [...except] } as Sent);
  }
  subscribe(): void {}
  unsubscribe(): void {}
  endSession(sessionID: string, reason: ZIMEventOfConnectionStateChangedResult): void {
    this.ended.push({ sessionID, reason });
  }
  forget(): void {}
  sendStateChanges(): void {}
  goLive(): void {}
  dropConnection(): void {}

  /** Takes what was recorded so far, leaving the record empty. */
  drain(): Sent[] {
    return this.sent.splice(0, this.sent.length);
  }
}
