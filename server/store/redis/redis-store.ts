/**
 * The shared store (SPEC section 11): every room step is one Lua script on Redis; events reach
 * every node through the room's channel, in the order the scripts ran (their sequence numbers).
 */
import type { Redis } from 'ioredis';
import type { ZIMMessage, ZIMUserInfo } from '../../../lib/protocol/index.ts';
import type { ExitType } from '../../rooms/room-events.ts';
import { historyPage } from '../history.ts';
import { contentDigest, decodeSent, dedupKey, earlierMessage } from '../dedup.ts';
import { SENT_MEMORY } from '../memory.ts';
import type {
  AttributeRecord,
  AttributesSnapshot,
  Caller,
  CommitResult,
  EnterFailure,
  EnterRequest,
  EnterResult,
  EnterSuccess,
  HistoryQuery,
  LeaveResult,
  MemberRecord,
  MessageDraft,
  OpenedSession,
  OpenSessionResult,
  Push,
  RoomEvent,
  RoomFact,
  RoomMeta,
  RoomStore,
  SendResult,
  StoreHooks,
  StoreSettings,
} from '../types.ts';
import { decode, decodeEvent, encode, messageForms } from './codec.ts';
import { connectRedis, pingRedis } from './connection.ts';
import { eventLogLimits, NodeRunner } from './node-runner.ts';
import { defineScripts, roomPrefix, runCommand, runScript, type ScriptAnswer } from './scripts.ts';

type EnterAnswer = ScriptAnswer &
  Omit<EnterSuccess, 'facts' | 'ok'> & {
    mseq: number;
    created?: boolean;
    joined?: boolean;
    from?: { last: boolean; destroyed: boolean };
  };

const NO_HOOKS: StoreHooks = { onEvent() {}, onFacts() {}, onDue: async () => {}, onLost() {} };

export class RedisRoomStore implements RoomStore {
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
    this.client = connectRedis(url, `convene:${settings.nodeID}`, settings.redisTimeoutMs);
    this.subscriber = connectRedis(url, `convene:${settings.nodeID}:feed`, settings.redisTimeoutMs);
    defineScripts(this.client);
    this.logLimits = eventLogLimits(settings);
    this.node = new NodeRunner(this.client, this.subscriber, settings, NO_HOOKS);
  }

  async start(hooks: StoreHooks): Promise<void> {
    await Promise.all([this.ready(this.client), this.ready(this.subscriber)]);
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

  reachable(): Promise<boolean> {
    return pingRedis(this.client);
  }

  watch(roomID: string): Promise<void> {
    return runCommand(this.node.watch(roomID));
  }

  unwatch(roomID: string): Promise<void> {
    return this.node.unwatch(roomID);
  }

  async eventsAfter(roomID: string, afterSeq: number): Promise<RoomEvent[] | undefined> {
    const P = roomPrefix(roomID);
    // One MULTI: the sequence and the log must be read at the same point of the room's order.
    const result = await runCommand(this.client.multi().hget(`${P}meta`, 'seq').lrange(`${P}log`, 0, -1).exec());
    const seq = result?.[0]?.[1] as string | null | undefined;
    const log = (result?.[1]?.[1] ?? []) as string[];
    if (seq === null || seq === undefined) return undefined;
    const first = Number(seq) - log.length + 1;
    if (afterSeq + 1 < first) return undefined;
    return log.map(decodeEvent).filter((e) => e.seq > afterSeq);
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
    const memberList = await this.withMembers(roomID, answer);
    return {
      ok: true,
      meta: answer.meta,
      seq: answer.seq,
      already: answer.already,
      memberList,
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

  async inRoom(caller: Caller, roomID: string): Promise<EnterSuccess | undefined> {
    const answer = await this.script<EnterAnswer>(
      'cvInRoom',
      [roomPrefix(roomID)],
      [roomID, caller.sessionID, caller.user.userID, 0],
    );
    if (!answer.ok) return undefined;
    const memberList = await this.withMembers(roomID, answer);
    return {
      ok: true,
      meta: answer.meta,
      seq: answer.seq,
      already: true,
      memberList,
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

  async attributes(roomID: string): Promise<AttributesSnapshot> {
    const P = roomPrefix(roomID);
    const result = await runCommand(this.client.multi().hgetall(`${P}a`).hget(`${P}meta`, 'av').exec());
    const raw = (result?.[0]?.[1] ?? {}) as Record<string, string>;
    const records = new Map(Object.entries(raw).map(([key, text]) => [key, decode<AttributeRecord>(text)]));
    return { records, version: Number(result?.[1]?.[1] ?? 0) };
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

  async getRoom(roomID: string): Promise<RoomMeta | undefined> {
    const m = await runCommand(
      this.client.hmget(`${roomPrefix(roomID)}meta`, 'name', 'createdAt', 'delay', 'destroyAt', 'creator'),
    );
    const name = m[0];
    if (name === null || name === undefined) return undefined;
    const meta: RoomMeta = { roomID, roomName: name, createdAt: Number(m[1]), destroyDelaySeconds: Number(m[2]) };
    if (m[3] !== null && m[3] !== undefined) meta.destroyAt = Number(m[3]);
    meta.creatorUserID = m[4] ?? '';
    return meta;
  }

  countRooms(): Promise<number> {
    return runCommand(this.client.scard('cv:rooms'));
  }

  async getMember(roomID: string, userID: string): Promise<MemberRecord | undefined> {
    const P = roomPrefix(roomID);
    const [user, sessions, seq] = await runCommand(
      Promise.all([
        this.client.hget(`${P}m`, userID),
        this.client.hget(`${P}ms`, userID),
        this.client.zscore(`${P}mo`, userID),
      ]),
    );
    if (user === null) return undefined;
    return { user: decode<ZIMUserInfo>(user), seq: Number(seq), sessionIDs: decode<string[]>(sessions ?? '[]') };
  }

  countMembers(roomID: string): Promise<number> {
    return runCommand(this.client.hlen(`${roomPrefix(roomID)}m`));
  }

  async listMembers(
    roomID: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ members: MemberRecord[]; more: boolean }> {
    const P = roomPrefix(roomID);
    const page = await runCommand(
      this.client.zrangebyscore(`${P}mo`, `(${afterSeq}`, '+inf', 'WITHSCORES', 'LIMIT', 0, limit + 1),
    );
    const ids: string[] = [];
    const seqs: number[] = [];
    for (let i = 0; i < page.length; i += 2) {
      ids.push(page[i]!);
      seqs.push(Number(page[i + 1]));
    }
    const more = ids.length > limit;
    const take = ids.slice(0, limit);
    if (take.length === 0) return { members: [], more: false };
    const [users, sessions] = await runCommand(
      Promise.all([this.client.hmget(`${P}m`, ...take), this.client.hmget(`${P}ms`, ...take)]),
    );
    const members: MemberRecord[] = [];
    take.forEach((_, i) => {
      const user = users[i];
      if (user)
        members.push({
          user: decode<ZIMUserInfo>(user),
          seq: seqs[i]!,
          sessionIDs: decode<string[]>(sessions[i] ?? '[]'),
        });
    });
    return { members, more };
  }

  userRooms(userID: string): Promise<string[]> {
    return runCommand(this.client.smembers(`cv:u:${userID}`));
  }

  async history(roomID: string, query: HistoryQuery): Promise<ZIMMessage[]> {
    const all = await runCommand(this.client.lrange(`${roomPrefix(roomID)}h`, 0, -1));
    return historyPage(
      all.map((text) => decode<ZIMMessage>(text)),
      query,
    );
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

  private ready(client: Redis): Promise<void> {
    if (client.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Redis did not answer within 5 s (CONVENE_REDIS_URL)')), 5000);
      client.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function leaveFacts(
  roomID: string,
  userID: string,
  exitType: ExitType,
  outcome: { last: boolean; destroyed: boolean },
): RoomFact[] {
  const facts: RoomFact[] = [];
  if (outcome.last) facts.push({ type: 'memberLeft', roomID, userID, exitType });
  if (outcome.destroyed) facts.push({ type: 'roomDestroyed', roomID });
  return facts;
}
