/** The memory store's life and sessions: one process, so no leases, gaps or epochs. */
import type { Clock } from '../rooms/clock.ts';
import { MemoryReads } from './memory-reads.ts';
import type { Caller, OpenSessionResult, StoreHooks, StoreSettings } from './types.ts';

const NO_HOOKS: StoreHooks = { onEvent() {}, onFacts() {}, onDue: async () => {}, onLost() {} };

export class MemorySessions extends MemoryReads {
  protected hooks = NO_HOOKS;

  constructor(
    protected readonly settings: StoreSettings,
    protected readonly clock: Clock,
  ) {
    super();
  }

  async start(hooks: StoreHooks): Promise<void> {
    this.hooks = hooks;
  }

  async stop(): Promise<void> {
    for (const room of this.rooms.values()) {
      room.batchTimer?.cancel();
      room.destroyTimer?.cancel();
    }
    for (const session of this.sessions.values()) session.graceTimer?.cancel();
    this.hooks = NO_HOOKS;
  }

  async reachable(): Promise<boolean> {
    return true;
  }

  async watch(): Promise<void> {}
  async unwatch(): Promise<void> {}
  // One process has no gaps in its feed.
  async eventsAfter(): Promise<undefined> {
    return undefined;
  }

  async openSession(caller: Caller): Promise<OpenSessionResult> {
    const { sessionID, user } = caller;
    const existing = this.sessions.get(sessionID);
    if (existing && existing.caller.user.userID !== user.userID) return { otherUser: true };
    if (existing) {
      existing.graceTimer?.cancel();
      existing.graceTimer = undefined;
      return { restored: true, rooms: [...existing.rooms] };
    }
    const held = this.sessionCounts.get(user.userID) ?? 0;
    if (held >= this.settings.maxSessionsPerUser) return { tooMany: true };
    this.sessionCounts.set(user.userID, held + 1);
    // The caller's object is kept, not copied: it is the session's own (room-service.ts).
    this.sessions.set(sessionID, { caller, rooms: new Set(), graceTimer: undefined });
    return { restored: false, rooms: [] };
  }

  private uncountSession(userID: string): void {
    const held = (this.sessionCounts.get(userID) ?? 1) - 1;
    if (held > 0) this.sessionCounts.set(userID, held);
    else this.sessionCounts.delete(userID);
  }

  // One node: what a dropped session missed waits in its outbox buffer, no `seen` needed.
  async dropSession(sessionID: string): Promise<void> {
    const session = this.sessions.get(sessionID);
    if (!session) return;
    session.graceTimer?.cancel();
    session.graceTimer = this.clock.setTimeout(() => {
      session.graceTimer = undefined;
      if (this.sessions.get(sessionID) !== session) return;
      void this.hooks.onDue({ type: 'session-expired', caller: session.caller, rooms: [...session.rooms] });
    }, this.settings.gracePeriodMs);
  }

  async endSession(sessionID: string): Promise<string[]> {
    const session = this.sessions.get(sessionID);
    session?.graceTimer?.cancel();
    this.sessions.delete(sessionID);
    if (session) this.uncountSession(session.caller.user.userID);
    return [...(session?.rooms ?? [])];
  }
}
