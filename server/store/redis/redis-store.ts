/**
 * The shared store (SPEC section 11): every room step is one Lua script on Redis; events reach
 * every node through the room's channel, in the order the scripts ran (their sequence numbers).
 */
import type { Redis } from 'ioredis';
import { HISTORY_PAGE_SIZE, type ZIMMessage, type ZIMUserInfo } from '../../../lib/protocol/index.ts';
import type { ExitType } from '../../rooms/room-events.ts';
import { contentDigest, decodeSent, dedupKey, earlierMessage } from '../dedup.ts';
import { SENT_MEMORY } from '../memory.ts';
import type {
  AttributeRecord,
  Caller,
  CommitResult,
  EnterFailure,
  EnterRequest,
  EnterResult,
  EnterSuccess,
  LeaveResult,
  MessageDraft,
  OpenedSession,
  OpenSessionResult,
  Push,
  RoomFact,
  RoomStore,
  SendResult,
  StoreHooks,
  StoreSettings,
} from '../types.ts';
import { decode, encode, leaveFacts, messageForms } from './codec.ts';
import { connectRedis, pingRedis, redisReady } from './connection.ts';
import { eventLogLimits, NodeRunner } from './node-runner.ts';
import { RedisReads } from './redis-reads.ts';
import { defineScripts, roomPrefix, runCommand, runScript, type ScriptAnswer } from './scripts.ts';

type EnterAnswer = ScriptAnswer &
  Omit<EnterSuccess, 'facts' | 'ok'> & {
    mseq: number;
    created?: boolean;
    joined?: boolean;
    from?: { last: boolean; destroyed: boolean };
  };

const NO_HOOKS: StoreHooks = { onEvent() {}, onFacts() {}, onDue: async () => {}, onLost() {} };

export class RedisRoomStore extends RedisReads implements RoomStore {
  readonly kind = 'redis' as const;
  protected readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly node: NodeRunner;
  /** The bounds of each room's event log, as the scripts take them. */
  protected readonly logLimits: string;

  constructor(
    url: string,
    protected readonly settings: StoreSettings,
  ) {
    super();
    this.client = connectRedis(url, `convene:${settings.nodeID}`, settings.redisTimeoutMs);
    this.subscriber = connectRedis(url, `convene:${settings.nodeID}:feed`, settings.redisTimeoutMs);
    defineScripts(this.client);
    this.logLimits = eventLogLimits(settings);
    this.node = new NodeRunner(this.client, this.subscriber, settings, NO_HOOKS);
  }

  async start(hooks: StoreHooks): Promise<void> {
    await Promise.all([redisReady(this.client), redisReady(this.subscriber)]);
    await this.node.start(hooks);
  }

  async stop(): Promise<void> {
    await this.node.stop();
    this.subscriber.disconnect();
    // QUIT answers after the calls still queued (the last connections' drops), then closes.
    await this.client.quit().catch(() => this.client.disconnect());
  }

  /** Stops the lease and timers without handing over (a crash, for fault tests); calls still go out. */
  halt(): void {
    this.node.halt();
  }

  async takeHandshake(address: string, perSecond: number, burst: number): Promise<boolean> {
    return (await runScript(this.client, 'cvTakeHandshake', [], [address, perSecond, burst])) === '1';
  }

  reachable(): Promise<boolean> {
    return pingRedis(this.client);
  }

  watch(roomID: string): Promise<void> {
    return runCommand(this.node.watch(roomID));
  }

  unwatch(roomID: string): Promise<void> {
    return this.node.unwatch(roomID);
  }

  async openSession(caller: Caller): Promise<OpenSessionResult> {
    const { sessionID, user } = caller;
    const answer = await this.script<
      ScriptAnswer & { otherUser?: boolean; tooMany?: boolean; restored?: boolean; rooms?: string[]; seen?: string }
    >('cvOpenSession', [], [sessionID, user.userID, encode(user), this.settings.maxSessionsPerUser]);
    if (answer.otherUser) return { otherUser: true };
    if (answer.tooMany) return { tooMany: true };
    if (!answer.ok && answer.failure === 'session-gone') return { ending: true };
    if (!answer.ok) throw new Error(`session refused: ${answer.failure}`);
    const opened: OpenedSession = { restored: answer.restored === true, rooms: answer.rooms ?? [] };
    if (answer.seen) opened.seen = decode<Record<string, number>>(answer.seen);
    return opened;
  }

  async dropSession(sessionID: string, seen: Record<string, number> = {}): Promise<void> {
    await this.script(
      'cvDropSession',
      [],
      [sessionID, this.settings.gracePeriodMs, Object.keys(seen).length > 0 ? encode(seen) : ''],
    );
  }

  async sessionRooms(sessionID: string): Promise<string[]> {
    return runCommand(this.client.smembers(`cv:s:${sessionID}:r`));
  }

  async endSession(sessionID: string): Promise<string[]> {
    const answer = await this.script<ScriptAnswer & { rooms?: string[] }>('cvEndSession', [], [sessionID]);
    return answer.rooms ?? [];
  }

  async enter(caller: Caller, request: EnterRequest): Promise<EnterResult> {
    const s = this.settings;
    const { roomID } = request.roomInfo;
    const from = request.fromRoomID;
    const answer = await this.script<EnterAnswer>(
      'cvEnter',
      [roomPrefix(roomID), roomPrefix(from ?? roomID)],
      [
        request.mode,
        roomID,
        request.roomInfo.roomName,
        request.destroyDelaySeconds,
        Object.keys(request.attributes).length > 0 ? encode(request.attributes) : '{}',
        caller.sessionID,
        caller.user.userID,
        encode(caller.user),
        from ?? '',
        s.maxRooms,
        s.maxRoomsPerUser,
        s.maxMembersPerRoom,
        0, // the script lists only the caller; the rest is read after it (withMembers)
        s.singleDevicePerRoom ? '1' : '0',
        s.memberBatchWindowMs,
        this.logLimits,
        s.roomCreationsPerMinute,
      ],
    );
    if (!answer.ok)
      return {
        ok: false,
        failure: (answer.failure === 'epoch' || answer.failure === 'swept'
          ? 'session-gone'
          : answer.failure) as EnterFailure,
      };
    const userID = caller.user.userID;
    const facts: RoomFact[] = [];
    if (answer.created) facts.push({ type: 'roomCreated', roomID, roomName: request.roomInfo.roomName, userID });
    if (answer.joined) facts.push({ type: 'memberJoined', roomID, userID });
    if (from !== undefined && answer.from) facts.push(...leaveFacts(from, userID, 'Quit', answer.from));
    const [memberList, messages] = await Promise.all([this.withMembers(roomID, answer), this.latestMessages(roomID)]);
    return {
      ok: true,
      meta: answer.meta,
      seq: answer.seq,
      already: answer.already,
      memberList,
      ...(messages ? { messages } : {}),
      attributes: answer.attributes,
      facts,
    };
  }

  /**
   * The entering session's member list: its own user (from the step), then the room's first
   * members in join order as they stood at the step (join-order mark `mseq`), read after it
   * rather than inside it, so a step costs Redis the same in a room of 5 and of 5000. A member
   * who joins after the step is left out (its join event follows); one who leaves between the
   * step and the read is left out too, and its leave event is then a no-op for this receiver.
   */
  private async withMembers(roomID: string, answer: EnterAnswer): Promise<ZIMUserInfo[]> {
    const own = answer.memberList;
    const cap = Math.max(this.settings.initialMemberListSize, 1);
    if (cap <= own.length) return own.slice(0, cap);
    const P = roomPrefix(roomID);
    const ids = await runCommand(this.client.zrange(`${P}mo`, '-inf', String(answer.mseq), 'BYSCORE', 'LIMIT', 0, cap));
    const others = ids.filter((id) => !own.some((u) => u.userID === id));
    const users = others.length > 0 ? await runCommand(this.client.hmget(`${P}m`, ...others)) : [];
    const list = [...own];
    for (const user of users) if (user && list.length < cap) list.push(decode<ZIMUserInfo>(user));
    return list;
  }

  /** The room's latest page of history, sent beside the member list read (no round trip of its own). */
  private latestMessages(roomID: string): Promise<ZIMMessage[] | undefined> {
    return runCommand(this.client.lrange(`${roomPrefix(roomID)}h`, -HISTORY_PAGE_SIZE, -1)).then(
      (texts) => texts.map((text) => decode<ZIMMessage>(text)),
      () => undefined,
    );
  }

  async inRoom(caller: Caller, roomID: string, withMessages: boolean): Promise<EnterSuccess | undefined> {
    const answer = await this.script<EnterAnswer>(
      'cvInRoom',
      [roomPrefix(roomID)],
      [roomID, caller.sessionID, caller.user.userID, 0],
    );
    if (!answer.ok) return undefined;
    const [memberList, messages] = await Promise.all([
      this.withMembers(roomID, answer),
      withMessages ? this.latestMessages(roomID) : undefined,
    ]);
    return {
      ok: true,
      meta: answer.meta,
      seq: answer.seq,
      already: true,
      memberList,
      ...(messages ? { messages } : {}),
      attributes: answer.attributes,
      facts: [],
    };
  }

  async leave(caller: Caller, roomID: string, exitType: ExitType): Promise<LeaveResult> {
    const { sessionID, user } = caller;
    const answer = await this.script<ScriptAnswer & { seq: number; last: boolean; destroyed: boolean }>(
      'cvLeave',
      [roomPrefix(roomID)],
      [roomID, sessionID, user.userID, encode(user), this.settings.memberBatchWindowMs, this.logLimits],
    );
    if (!answer.ok) return { ok: false };
    return { ok: true, seq: answer.seq, facts: leaveFacts(roomID, user.userID, exitType, answer) };
  }

  async send(caller: Caller, roomID: string, draft: MessageDraft): Promise<SendResult> {
    const { stored, wire } = messageForms(draft);
    const key = dedupKey(draft);
    const digest = key ? contentDigest(draft) : '';
    const answer = await this.script<ScriptAnswer & { duplicate: boolean; message?: ZIMMessage; earlier?: string }>(
      'cvSend',
      [roomPrefix(roomID)],
      [
        roomID,
        caller.sessionID,
        caller.user.userID,
        key ?? '',
        stored,
        wire,
        this.settings.historySize,
        SENT_MEMORY,
        this.logLimits,
        `${draft.timestamp}|${digest}`,
        this.settings.historyBudgetBytes,
      ],
    );
    if (!answer.ok) return { ok: false, failure: 'not-in-room' };
    if (answer.earlier !== undefined) {
      const earlier = decodeSent(answer.earlier);
      if (earlier.digest !== digest) return { ok: false, failure: 'reused-id' };
      return { ok: true, message: earlierMessage(draft, earlier), duplicate: true };
    }
    return { ok: true, message: answer.message as ZIMMessage, duplicate: false };
  }

  async commitAttributes(
    caller: Caller,
    roomID: string,
    version: number,
    next: Map<string, AttributeRecord>,
    push: Push,
  ): Promise<CommitResult> {
    const records = next.size > 0 ? encode(Object.fromEntries(next)) : '{}';
    const answer = await this.script(
      'cvCommitAttributes',
      [roomPrefix(roomID)],
      [roomID, caller.sessionID, caller.user.userID, version, records, encode(push), this.logLimits],
    );
    if (answer.ok) return 'ok';
    return answer.failure === 'conflict' ? 'conflict' : 'not-in-room';
  }

  /** A script acting as this node: its epoch and ID go first. */
  protected async script<T extends ScriptAnswer = ScriptAnswer>(
    name: Parameters<typeof runScript>[1],
    keys: string[],
    args: (string | number)[],
  ): Promise<T> {
    const run = async () =>
      this.node.answer<T>(await runScript(this.client, name, keys, [this.node.epoch, this.settings.nodeID, ...args]));
    const answer = await run();
    if (name !== 'cvOpenSession' || answer.ok !== false || (answer.failure !== 'epoch' && answer.failure !== 'swept'))
      return answer;
    // This node just lost its state: a new connection's session opens once it is registered again.
    // (Steps of sessions it had are refused: they belong to the state it lost.)
    await this.node.recovered();
    return run();
  }
}
