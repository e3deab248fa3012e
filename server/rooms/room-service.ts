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
import { Deadlines } from './deadlines.ts';
import { inBackground, reportFacts, type RoomDeps } from './context.ts';
import { RoomAdmin } from './room-admin.ts';
import { RoomAttributes } from './room-attributes.ts';
import type { ExitType } from './room-events.ts';
import { RoomFeed } from './room-feed.ts';
import { RoomMemberAttributes } from './room-member-attributes.ts';
import { RoomMessages } from './room-messages.ts';
import { RoomOps } from './room-ops.ts';
import { RoomQueries } from './room-queries.ts';
import { missedMessages, resumeRooms, type ListedRoom } from './room-resume.ts';
import { newSession, type Session } from './sessions.ts';
import { openInStore } from './open-session.ts';

export type ServiceDeps = Omit<RoomDeps, 'feed'>;

/** How long past the grace period a dropped session's local state waits for the store's end of it. */
const LOCAL_MARGIN_MS = 1000;

export class RoomService {
  readonly sessions = new Map<string, Session>();
  /** Sessions being ended (their leaves under way), by ID: a reconnect waits for the end. */
  private readonly closing = new Map<string, Promise<void>>();
  readonly rooms: RoomOps;
  readonly queries: RoomQueries;
  readonly attributes: RoomAttributes;
  readonly messages: RoomMessages;
  readonly memberAttributes: RoomMemberAttributes;
  /** What the server API does (SPEC 12). */
  readonly admin: RoomAdmin;
  readonly feed: RoomFeed;
  private readonly deps: RoomDeps;
  /** Token expiries of this node's sessions, on one timer. */
  private readonly expiries: Deadlines<Session>;

  constructor(serviceDeps: ServiceDeps) {
    this.expiries = new Deadlines(serviceDeps.clock, (session) => this.tokenExpired(session));
    this.feed = new RoomFeed(serviceDeps.store, serviceDeps.outbox, {
      roomLost: (sessionID, roomID) => this.sessions.get(sessionID)?.rooms.delete(roomID),
      roomUnrecoverable: (roomID, sessionIDs) => this.lostRooms(roomID, sessionIDs),
    });
    this.deps = { ...serviceDeps, feed: this.feed };
    this.rooms = new RoomOps(this.deps);
    this.queries = new RoomQueries(this.deps);
    this.attributes = new RoomAttributes(this.deps);
    this.messages = new RoomMessages(this.deps);
    this.memberAttributes = new RoomMemberAttributes(this.deps);
    this.admin = new RoomAdmin(this.deps);
  }

  /** Connects the store's feed, timers and leases to this node. */
  start(): Promise<void> {
    return this.deps.store.start({
      onEvent: (event) => this.feed.receive(event),
      onFacts: (facts) => reportFacts(this.deps.events, facts),
      onDue: (work) => this.due(work),
      onLost: (reason) => this.lostEverything(reason),
      onFeedRestored: () => this.feed.catchUp(),
    });
  }

  /**
   * A connection arrived. With the ID of a session of the same user that still exists (a
   * reconnect or a page reload inside the grace period, on this node or another) it takes that
   * session back.
   */
  async openSession(
    sessionID: string,
    user: ZIMUserInfo,
    tokenExpiresAt: number,
  ): Promise<{ session: Session; restored: boolean }> {
    // A session being ended is not taken back half-ended (open-session.ts).
    const opened = await openInStore(this.deps.store, this.sessions, this.closing, sessionID, user);
    if ('otherUser' in opened) throw zimError(ZIMErrorCode.LoginFailed, 'This session belongs to another user');
    if ('tooMany' in opened) {
      const most = this.deps.config.maxSessionsPerUser;
      throw zimError(
        ZIMErrorCode.LoginFailed,
        `${user.userID} already holds ${most} sessions, the most allowed; log out of one (a dropped one ends after its grace period)`,
      );
    }
    const session = this.sessions.get(sessionID) ?? newSession(sessionID, user);
    // A session resumed from another node brings its rooms from the store.
    for (const roomID of opened.rooms) session.rooms.add(roomID);
    session.seen = opened.seen;
    session.online = true;
    session.graceTimer?.cancel();
    session.graceTimer = undefined;
    this.sessions.set(sessionID, session);
    this.scheduleExpiry(session, tokenExpiresAt);
    if (opened.restored) this.awaitResume(session);
    return { session, restored: opened.restored };
  }

  /** The connection dropped without a logout: the store keeps the rooms for the grace period. */
  sessionDropped(session: Session): void {
    if (session.closed) return;
    session.online = false;
    // What this node delivered of each room, so a resume on another node can replay the rest.
    const seen: Record<string, number> = {};
    for (const roomID of session.rooms) {
      const seq = this.feed.lastSeq(roomID);
      if (seq !== undefined) seen[roomID] = seq;
    }
    inBackground('keeping a dropped session', this.deps.store.dropSession(session.sessionID, seen));
    // Whoever ends it in the store (this node or another, or the session resumed elsewhere),
    // this node forgets it once the grace period is over and it has not come back here.
    session.graceTimer?.cancel();
    session.graceTimer = this.deps.clock.setTimeout(() => {
      if (!session.online && this.sessions.get(session.sessionID) === session) this.forgetLocally(session);
    }, this.deps.config.gracePeriodMs + LOCAL_MARGIN_MS);
  }

  /**
   * A restored session gets its pushes held until it resumes; one whose connection never does
   * would have them held for ever. Past the grace period it is ended, as if it had stayed away.
   */
  private awaitResume(session: Session): void {
    session.resumeTimer?.cancel();
    session.resumeTimer = this.deps.clock.setTimeout(() => {
      session.resumeTimer = undefined;
      if (session.closed || this.sessions.get(session.sessionID) !== session) return;
      const error = zimError(
        ZIMErrorCode.LoginFailed,
        `The session was restored but did not resume within ${this.deps.config.gracePeriodMs} ms`,
      );
      this.deps.outbox.endSession(session.sessionID, {
        state: ZIMConnectionState.Disconnected,
        event: ZIMConnectionEvent.LoginTimeout,
        extendedData: JSON.stringify(error.toJSON()),
      });
      inBackground('ending a restored session that did not resume', this.closeSession(session, 'Timeout'));
    }, this.deps.config.gracePeriodMs);
  }

  /** Which rooms the session still holds, as it sees each on entering. */
  /**
   * A restored session resumes, in this order: its rooms as they are now; the state changes of
   * rooms the client listed (so it learns why it lost one, KickedOutByOtherDevice, …); the answer;
   * then what it missed (from history, so also what was written into a connection that had
   * silently died, merged with what was kept for it) and live pushes from then on.
   */
  async resumeSession(
    session: Session,
    listed: readonly ListedRoom[],
    answer: (resumed: ResumedSession) => void,
  ): Promise<void> {
    session.resumeTimer?.cancel();
    session.resumeTimer = undefined;
    const resumed = await resumeRooms(this.deps, session, listed);
    const known = new Set(listed.map((r) => r.roomID));
    this.deps.outbox.sendStateChanges(session.sessionID, known);
    answer(resumed);
    this.deps.outbox.goLive(session.sessionID, known, await missedMessages(this.deps, session, listed));
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
    session.graceTimer?.cancel();
    session.resumeTimer?.cancel();
    if (this.sessions.get(session.sessionID) === session) this.sessions.delete(session.sessionID);
    await this.track(session.sessionID, this.endInStore(session, exitType));
    // A reconnect with the same session ID during the leaves above made a new session: its
    // connection and buffer are not ours to drop.
    if (!this.sessions.has(session.sessionID)) this.deps.outbox.forget(session.sessionID);
  }

  async dispose(): Promise<void> {
    for (const session of this.sessions.values()) {
      session.expiryTimer?.cancel();
      session.graceTimer?.cancel();
    }
    await this.deps.store.stop();
  }

  /** Timer work the store hands this node: a session's grace period ran out. */
  private async due(work: DueWork): Promise<void> {
    const local = this.sessions.get(work.caller.sessionID);
    if (local?.online) return; // it came back here in time
    if (local) return this.closeSession(local, 'Timeout');
    const stub = newSession(work.caller.sessionID, work.caller.user);
    for (const roomID of work.rooms) stub.rooms.add(roomID);
    await this.track(stub.sessionID, this.endInStore(stub, 'Timeout'));
  }

  /** Marks the session ID as being ended until `work` settles (openSession waits for it). */
  private async track(sessionID: string, work: Promise<void>): Promise<void> {
    const waiting = work.catch(() => undefined);
    this.closing.set(sessionID, waiting);
    try {
      await work;
    } finally {
      if (this.closing.get(sessionID) === waiting) this.closing.delete(sessionID);
    }
  }

  private async endInStore(session: Session, exitType: ExitType): Promise<void> {
    const roomIDs = new Set([...(await this.deps.store.endSession(session.sessionID)), ...session.rooms]);
    for (const roomID of roomIDs) await this.rooms.leave(session, roomID, exitType);
  }

  /** Drops what this node keeps for a session the store no longer has here. */
  private forgetLocally(session: Session): void {
    session.expiryTimer?.cancel();
    for (const roomID of [...session.rooms]) this.feed.remove(session.sessionID, roomID);
    this.sessions.delete(session.sessionID);
    this.deps.outbox.forget(session.sessionID);
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
      // With the store away this fails; the grace period or the epoch check then cleans up.
      void this.rooms.leave(session, roomID, 'Timeout').catch(() => undefined);
    }
  }

  /**
   * The store no longer holds this node's state. Swept while paused: the sessions may still be
   * resumable (their grace period runs from the lease end), so the connections are only cut and
   * the clients reconnect. Redis lost its data: every session is told it lost its rooms first;
   * its client reconnects to a new session and enters again.
   */
  private lostEverything(reason: 'swept' | 'epoch'): void {
    this.feed.clear();
    for (const session of [...this.sessions.values()]) {
      if (reason === 'epoch') {
        for (const roomID of session.rooms) {
          this.deps.outbox.toSession(session.sessionID, 'roomStateChanged', {
            roomID,
            state: ZIMRoomState.Disconnected,
            event: ZIMRoomEvent.NetworkDisconnected,
            extendedData: 'the room store lost its state',
          });
        }
      }
      session.rooms.clear();
      session.closed = true;
      session.expiryTimer?.cancel();
      session.graceTimer?.cancel();
      this.deps.outbox.dropConnection(session.sessionID);
      this.deps.outbox.forget(session.sessionID);
    }
    this.sessions.clear();
  }

  private scheduleExpiry(session: Session, expiresAt: number): void {
    session.expiryTimer?.cancel();
    session.expiryTimer = this.expiries.set(session, expiresAt);
  }

  private tokenExpired(session: Session): void {
    this.deps.outbox.endSession(session.sessionID, {
      state: ZIMConnectionState.Disconnected,
      event: ZIMConnectionEvent.TokenExpired,
      extendedData: '',
    });
    inBackground('ending a session whose token expired', this.closeSession(session, 'Timeout'));
  }
}
