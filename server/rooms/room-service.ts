/**
 * The room core: sessions (with their grace period and token expiry) and every room call. It
 * knows nothing of Socket.IO; the gateway hands it parsed payloads and an Outbox.
 */
import {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMErrorCode,
  zimError,
  type ResumedSession,
  type ZIMUserInfo,
} from '../../lib/protocol/index.ts';
import { inBackground, type RoomDeps } from './context.ts';
import { MemberBatcher } from './member-batcher.ts';
import { RoomAttributes } from './room-attributes.ts';
import { RoomLifecycle } from './room-lifecycle.ts';
import { RoomMessages } from './room-messages.ts';
import { RoomOps } from './room-ops.ts';
import type { ExitType } from './room-events.ts';
import { RoomQueries } from './room-queries.ts';
import { newSession, type Session } from './sessions.ts';

export class RoomService {
  readonly sessions = new Map<string, Session>();
  readonly rooms: RoomOps;
  readonly queries: RoomQueries;
  readonly attributes: RoomAttributes;
  readonly messages: RoomMessages;
  private readonly batcher: MemberBatcher;
  private readonly lifecycle: RoomLifecycle;

  constructor(private readonly deps: RoomDeps) {
    this.batcher = new MemberBatcher(deps.clock, deps.config.memberBatchWindowMs, deps.outbox);
    this.lifecycle = new RoomLifecycle(deps, this.batcher, this.sessions);
    this.rooms = new RoomOps(deps, this.lifecycle);
    this.queries = new RoomQueries(deps);
    this.attributes = new RoomAttributes(deps);
    this.messages = new RoomMessages(deps);
  }

  /**
   * A connection arrived. With the ID of a session of the same user that still exists (a
   * reconnect or a page reload inside the grace period) it takes that session back.
   */
  openSession(sessionID: string, user: ZIMUserInfo, tokenExpiresAt: number): { session: Session; restored: boolean } {
    const existing = this.sessions.get(sessionID);
    if (existing && existing.user.userID !== user.userID) {
      throw zimError(ZIMErrorCode.LoginFailed, 'This session belongs to another user');
    }
    const { config, clock } = this.deps;
    const session =
      existing ??
      newSession(sessionID, user, { messages: config.messageRatePerSecond, priority: config.priorityMessageRatePerSecond }, () =>
        clock.now(),
      );
    session.graceTimer?.cancel();
    session.graceTimer = undefined;
    session.online = true;
    this.sessions.set(sessionID, session);
    this.scheduleExpiry(session, tokenExpiresAt);
    return { session, restored: existing !== undefined };
  }

  /** The connection dropped without a logout: keep the rooms for the grace period. */
  sessionDropped(session: Session): void {
    if (session.closed) return;
    session.online = false;
    session.graceTimer?.cancel();
    session.graceTimer = this.deps.clock.setTimeout(() => {
      if (!session.online) inBackground('ending a session after its grace period', this.closeSession(session, 'Timeout'));
    }, this.deps.config.gracePeriodMs);
  }

  /** Which rooms the session still holds, as it sees each on entering. */
  async resumeSession(session: Session): Promise<ResumedSession> {
    const rooms = [];
    for (const roomID of session.rooms) {
      const meta = await this.deps.store.getRoom(roomID);
      if (meta) rooms.push(await this.lifecycle.entered(session, meta));
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
    session.graceTimer?.cancel();
    session.expiryTimer?.cancel();
    if (this.sessions.get(session.sessionID) === session) this.sessions.delete(session.sessionID);
    await this.lifecycle.withAllRooms(session, async (roomIDs) => {
      for (const roomID of roomIDs) await this.lifecycle.leave(session, roomID, exitType);
    });
    // A reconnect with the same session ID during the leaves above made a new session: its
    // connection and buffer are not ours to drop.
    if (!this.sessions.has(session.sessionID)) this.deps.outbox.forget(session.sessionID);
  }

  dispose(): void {
    for (const session of this.sessions.values()) {
      session.graceTimer?.cancel();
      session.expiryTimer?.cancel();
    }
    this.batcher.dispose();
    this.lifecycle.dispose();
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
