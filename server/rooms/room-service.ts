/**
 * The room core: this node's sessions (with their token expiry) and every room call. The store
 * holds sessions, memberships and timers (the grace period included); this node keeps only what
 * its own connections need. It knows nothing of Socket.IO; the gateway hands it parsed payloads
 * and an Outbox.
 */
import {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMErrorCode,
  ZIMRoomEvent,
  ZIMRoomState,
  zimError,
  type ResumedSession,
  type ZIMUserInfo,
} from '../../lib/protocol/index.ts';
import type { DueWork } from '../store/types.ts';
import { callerOf, inBackground, reportFacts, type RoomDeps } from './context.ts';
import { RoomAttributes } from './room-attributes.ts';
import type { ExitType } from './room-events.ts';
import { RoomFeed } from './room-feed.ts';
import { RoomMessages } from './room-messages.ts';
import { RoomOps, roomEntered } from './room-ops.ts';
import { RoomQueries } from './room-queries.ts';
import { newSession, type Session } from './sessions.ts';

export type ServiceDeps = Omit<RoomDeps, 'feed'>;

export class RoomService {
  readonly sessions = new Map<string, Session>();
  readonly rooms: RoomOps;
  readonly queries: RoomQueries;
  readonly attributes: RoomAttributes;
  readonly messages: RoomMessages;
  readonly feed: RoomFeed;
  private readonly deps: RoomDeps;

  constructor(serviceDeps: ServiceDeps) {
    this.feed = new RoomFeed(serviceDeps.store, serviceDeps.outbox, {
      roomLost: (sessionID, roomID) => this.sessions.get(sessionID)?.rooms.delete(roomID),
      roomUnrecoverable: (roomID, sessionIDs) => this.lostRooms(roomID, sessionIDs),
    });
    this.deps = { ...serviceDeps, feed: this.feed };
    this.rooms = new RoomOps(this.deps);
    this.queries = new RoomQueries(this.deps);
    this.attributes = new RoomAttributes(this.deps);
    this.messages = new RoomMessages(this.deps);
  }

  /** Connects the store's feed, timers and leases to this node. */
  start(): Promise<void> {
    return this.deps.store.start({
      onEvent: (event) => this.feed.receive(event),
      onFacts: (facts) => reportFacts(this.deps.events, facts),
      onDue: (work) => this.due(work),
      onLost: () => this.lostEverything(),
    });
  }

  /**
   * A connection arrived. With the ID of a session of the same user that still exists (a
   * reconnect or a page reload inside the grace period, on this node or another) it takes that
   * session back.
   */
  async openSession(sessionID: string, user: ZIMUserInfo, tokenExpiresAt: number): Promise<{ session: Session; restored: boolean }> {
    const local = this.sessions.get(sessionID);
    if (local && local.user.userID !== user.userID) {
      throw zimError(ZIMErrorCode.LoginFailed, 'This session belongs to another user');
    }
    const opened = await this.deps.store.openSession({ sessionID, user: local?.user ?? user });
    if ('otherUser' in opened) throw zimError(ZIMErrorCode.LoginFailed, 'This session belongs to another user');
    const { config, clock } = this.deps;
    const session =
      this.sessions.get(sessionID) ??
      newSession(sessionID, user, { messages: config.messageRatePerSecond, priority: config.priorityMessageRatePerSecond }, () =>
        clock.now(),
      );
    // A session resumed from another node brings its rooms from the store.
    for (const roomID of opened.rooms) session.rooms.add(roomID);
    session.online = true;
    this.sessions.set(sessionID, session);
    this.scheduleExpiry(session, tokenExpiresAt);
    return { session, restored: opened.restored };
  }

  /** The connection dropped without a logout: the store keeps the rooms for the grace period. */
  sessionDropped(session: Session): void {
    if (session.closed) return;
    session.online = false;
    inBackground('keeping a dropped session', this.deps.store.dropSession(session.sessionID));
  }

  /** Which rooms the session still holds, as it sees each on entering. */
  async resumeSession(session: Session): Promise<ResumedSession> {
    const { store, feed } = this.deps;
    const rooms = [];
    const roomIDs = new Set([...session.rooms, ...(await store.sessionRooms(session.sessionID))]);
    for (const roomID of roomIDs) {
      const known = feed.sessionsIn(roomID).includes(session.sessionID);
      if (!known) await feed.beginEntry(roomID);
      const result = await store.inRoom(callerOf(session), roomID).catch((error: unknown) => {
        if (!known) feed.endEntry(roomID);
        throw error;
      });
      if (!result) {
        if (!known) feed.endEntry(roomID);
        session.rooms.delete(roomID);
        continue;
      }
      session.rooms.add(roomID);
      const entered = roomEntered(result);
      if (!known) feed.endEntry(roomID, { sessionID: session.sessionID, seq: result.seq, answer: () => undefined });
      rooms.push(entered);
    }
    return { rooms };
  }

  renewToken(session: Session, expiresAt: number): void {
    this.scheduleExpiry(session, expiresAt);
  }

  /** Logout: leave every room of the session and end it now. */
  async logout(session: Session): Promise<void> {
    await this.closeSession(session);
  }

  /** Ends a session: out of every room (others see the leave), timers stopped. */
  async closeSession(session: Session, exitType: ExitType = 'Quit'): Promise<void> {
    if (session.closed) return;
    session.closed = true;
    session.expiryTimer?.cancel();
    if (this.sessions.get(session.sessionID) === session) this.sessions.delete(session.sessionID);
    await this.endInStore(session, exitType);
    // A reconnect with the same session ID during the leaves above made a new session: its
    // connection and buffer are not ours to drop.
    if (!this.sessions.has(session.sessionID)) this.deps.outbox.forget(session.sessionID);
  }

  async dispose(): Promise<void> {
    for (const session of this.sessions.values()) session.expiryTimer?.cancel();
    await this.deps.store.stop();
  }

  /** Timer work the store hands this node: a session's grace period ran out. */
  private async due(work: DueWork): Promise<void> {
    const local = this.sessions.get(work.caller.sessionID);
    if (local?.online) return; // it came back here in time
    if (local) return this.closeSession(local, 'Timeout');
    const stub = newSession(work.caller.sessionID, work.caller.user, { messages: 0, priority: 0 }, () => 0);
    for (const roomID of work.rooms) stub.rooms.add(roomID);
    await this.endInStore(stub, 'Timeout');
  }

  private async endInStore(session: Session, exitType: ExitType): Promise<void> {
    const roomIDs = new Set([...(await this.deps.store.endSession(session.sessionID)), ...session.rooms]);
    for (const roomID of roomIDs) await this.rooms.leave(session, roomID, exitType);
  }

  /** The feed lost events of a room: its sessions here leave it and are told to enter again. */
  private lostRooms(roomID: string, sessionIDs: string[]): void {
    for (const sessionID of sessionIDs) {
      const session = this.sessions.get(sessionID);
      if (!session) continue;
      this.deps.outbox.toSession(sessionID, 'roomStateChanged', {
        roomID,
        state: ZIMRoomState.Disconnected,
        event: ZIMRoomEvent.NetworkDisconnected,
        extendedData: '',
      });
      inBackground('leaving a room whose events were lost', this.rooms.leave(session, roomID, 'Timeout'));
    }
  }

  /**
   * The store no longer holds this node's sessions (swept while paused, or Redis lost its data):
   * every session here is told it lost its rooms and its connection ends; clients log in again.
   */
  private lostEverything(): void {
    this.feed.clear();
    for (const session of [...this.sessions.values()]) {
      for (const roomID of session.rooms) {
        this.deps.outbox.toSession(session.sessionID, 'roomStateChanged', {
          roomID,
          state: ZIMRoomState.Disconnected,
          event: ZIMRoomEvent.NetworkDisconnected,
          extendedData: '',
        });
      }
      session.rooms.clear();
      session.closed = true;
      session.expiryTimer?.cancel();
      this.deps.outbox.endSession(session.sessionID, {
        state: ZIMConnectionState.Disconnected,
        event: ZIMConnectionEvent.LoginInterrupted,
        extendedData: 'the room store lost this session',
      });
    }
    this.sessions.clear();
  }

  private scheduleExpiry(session: Session, expiresAt: number): void {
    session.expiryTimer?.cancel();
    const delay = Math.max(0, expiresAt - this.deps.clock.now());
    session.expiryTimer = this.deps.clock.setTimeout(() => {
      // Timers hold at most 2^31-1 ms (about 24.8 days): a longer token is re-armed, not ended.
      if (this.deps.clock.now() < expiresAt) return this.scheduleExpiry(session, expiresAt);
      this.deps.outbox.endSession(session.sessionID, {
        state: ZIMConnectionState.Disconnected,
        event: ZIMConnectionEvent.TokenExpired,
        extendedData: '',
      });
      inBackground('ending a session whose token expired', this.closeSession(session, 'Timeout'));
    }, Math.min(delay, 2 ** 31 - 1));
  }
}
