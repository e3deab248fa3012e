/**
 * A store with one node's feed in front of it, driven by hand: what a node delivers, recorded.
 * Unit tests of the room rules that live in the store (batching, order) use it with a FakeClock.
 */
import type { ZIMUserInfo } from '../../lib/protocol/index.ts';
import { RoomFeed } from '../../server/rooms/room-feed.ts';
import type { RoomStore } from '../../server/store/types.ts';
import type { RecordingOutbox } from './recording-outbox.ts';

export const user = (id: string): ZIMUserInfo => ({
  userID: id,
  userName: `${id} name`,
  userAvatarUrl: '',
  userExtendedData: '',
});

export class StoreNode {
  readonly feed: RoomFeed;

  constructor(
    readonly store: RoomStore,
    readonly outbox: RecordingOutbox,
  ) {
    this.feed = new RoomFeed(store, outbox, { roomLost() {}, roomUnrecoverable() {} });
  }

  start(): Promise<void> {
    return this.store.start({ onEvent: (e) => this.feed.receive(e), onFacts() {}, onDue: async () => {}, onLost() {} });
  }

  /** `sessionID` (default `sess-<userID>`) of `userID` enters the room (created when missing). */
  async enter(roomID: string, userID: string, sessionID = `sess-${userID}`): Promise<number> {
    const caller = { sessionID, user: user(userID) };
    await this.store.openSession(caller);
    await this.feed.beginEntry(roomID);
    const result = await this.store.enter(caller, {
      mode: 'enter',
      roomInfo: { roomID, roomName: roomID },
      destroyDelaySeconds: 0,
      attributes: {},
    });
    if (!result.ok) {
      this.feed.endEntry(roomID);
      throw new Error(`enter failed: ${result.failure}`);
    }
    this.feed.endEntry(roomID, { sessionID, seq: result.seq, answer: () => undefined });
    return result.seq;
  }

  async leave(roomID: string, userID: string, sessionID = `sess-${userID}`): Promise<void> {
    await this.store.leave({ sessionID, user: user(userID) }, roomID, 'Quit');
    this.feed.remove(sessionID, roomID);
  }
}
