/**
 * The Redis store's reads: rooms, members, attributes, history and the event log, each read at
 * one point of the room's order (one command, or one MULTI) and outside any step.
 */
import type { Redis } from 'ioredis';
import type { ZIMMessage, ZIMUserInfo } from '../../../lib/protocol/index.ts';
import { historyPage } from '../history.ts';
import type { AttributeRecord, AttributesSnapshot, HistoryQuery, MemberRecord, RoomEvent, RoomMeta } from '../types.ts';
import { decode, decodeEvent } from './codec.ts';
import { roomPrefix, runCommand } from './scripts.ts';

export abstract class RedisReads {
  protected abstract readonly client: Redis;

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

  async attributes(roomID: string): Promise<AttributesSnapshot> {
    const P = roomPrefix(roomID);
    const result = await runCommand(this.client.multi().hgetall(`${P}a`).hget(`${P}meta`, 'av').exec());
    const raw = (result?.[0]?.[1] ?? {}) as Record<string, string>;
    const records = new Map(Object.entries(raw).map(([key, text]) => [key, decode<AttributeRecord>(text)]));
    return { records, version: Number(result?.[1]?.[1] ?? 0) };
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
}
