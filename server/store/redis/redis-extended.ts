/**
 * The Redis store with the member attribute and server API steps (server/store/extensions.ts):
 * changes run as Lua scripts (lua-extensions.ts) in the room's event order; reads are plain
 * commands.
 */
import type { ZIMMessage, ZIMRoomInfo } from '../../../lib/protocol/index.ts';
import { ZIMErrorCode, zimError } from '../../../lib/protocol/index.ts';
import { MEMBER_ATTRIBUTE_LIMITS } from '../../rooms/member-attributes.ts';
import type {
  MemberAttributeSteps,
  MemberAttributesEntry,
  MemberAttributesSet,
  MemberAttributesSetResult,
  ServerStepFailure,
  ServerSteps,
} from '../extensions.ts';
import type { AttributeRecord, Caller, MessageDraft, Push, RoomFact, RoomMeta } from '../types.ts';
import { decode, encode, messageForms } from './codec.ts';
import { RedisRoomStore } from './redis-store.ts';
import { roomPrefix, runCommand, type ScriptAnswer } from './scripts.ts';

interface StoredEntry {
  seq: number;
  attrs: Record<string, { value: string }>;
}

const plain = (raw: string | null | undefined): Record<string, string> | undefined => {
  if (!raw) return undefined;
  return Object.fromEntries(Object.entries(decode<StoredEntry>(raw).attrs).map(([key, rec]) => [key, rec.value]));
};

type NotExist = { ok: false; failure: ServerStepFailure };
const NOT_EXIST: NotExist = { ok: false, failure: 'not-exist' };

export class ExtendedRedisRoomStore extends RedisRoomStore implements MemberAttributeSteps, ServerSteps {
  async setMemberAttributes(
    caller: Caller,
    roomID: string,
    request: MemberAttributesSet,
  ): Promise<MemberAttributesSetResult> {
    const L = MEMBER_ATTRIBUTE_LIMITS;
    type Answer = ScriptAnswer & {
      infos: { userID: string; attributes: Record<string, string> }[];
      errorUserList: string[];
      userID?: string;
    };
    const answer = await this.script<Answer>(
      'cvSetMemberAttributes',
      [roomPrefix(roomID)],
      [
        roomID,
        caller.sessionID,
        caller.user.userID,
        Object.keys(request.attributes).length > 0 ? encode(request.attributes) : '{}',
        encode(request.userIDs),
        request.deleteAfterOwnerLeft ? '1' : '0',
        L.users,
        L.pairs,
        L.totalBytes,
        this.logLimits,
      ],
    );
    if (answer.ok) return { ok: true, infos: answer.infos, errorUserList: answer.errorUserList };
    const who = answer.userID ?? '';
    if (answer.failure === 'pairs')
      throw zimError(
        ZIMErrorCode.RoomMemberAttributesKVExceedsLimit,
        `Member "${who}" would hold more than ${L.pairs} attributes`,
      );
    if (answer.failure === 'bytes') {
      throw zimError(
        ZIMErrorCode.RoomMemberAttributesKVExceedsLimit,
        `Member "${who}"'s attributes would pass ${L.totalBytes} bytes in all`,
      );
    }
    if (answer.failure === 'users')
      throw zimError(
        ZIMErrorCode.RoomMemberAttributesUsersLimit,
        `At most ${L.users} members of a room may have attributes`,
      );
    return { ok: false, failure: 'not-in-room' };
  }

  async memberAttributes(
    roomID: string,
    userIDs: readonly string[],
  ): Promise<{ userID: string; attributes: Record<string, string> }[]> {
    const ids = [...new Set(userIDs)];
    if (ids.length === 0) return [];
    const P = roomPrefix(roomID);
    const [maps, members] = await runCommand(
      Promise.all([this.client.hmget(`${P}ma`, ...ids), this.client.hmget(`${P}m`, ...ids)]),
    );
    return ids.flatMap((userID, i) => {
      const attributes = plain(maps[i]);
      return attributes || members[i] ? [{ userID, attributes: attributes ?? {} }] : [];
    });
  }

  async listMemberAttributes(
    roomID: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ entries: MemberAttributesEntry[]; more: boolean }> {
    const P = roomPrefix(roomID);
    const page = await runCommand(
      this.client.zrangebyscore(`${P}mao`, `(${afterSeq}`, '+inf', 'WITHSCORES', 'LIMIT', 0, limit + 1),
    );
    const ids: string[] = [];
    const seqs: number[] = [];
    for (let i = 0; i < page.length; i += 2) {
      ids.push(page[i]!);
      seqs.push(Number(page[i + 1]));
    }
    const take = ids.slice(0, limit);
    if (take.length === 0) return { entries: [], more: false };
    const maps = await runCommand(this.client.hmget(`${P}ma`, ...take));
    const entries = take.flatMap((userID, i) => {
      const attributes = plain(maps[i]);
      return attributes ? [{ userID, seq: seqs[i]!, attributes }] : [];
    });
    return { entries, more: ids.length > limit };
  }

  async listRooms(afterRoomID: string, limit: number): Promise<{ rooms: RoomMeta[]; more: boolean }> {
    const ids = (await runCommand(this.client.smembers('cv:rooms'))).filter((id) => id > afterRoomID).sort();
    const metas = await Promise.all(ids.slice(0, limit).map((id) => this.getRoom(id)));
    return { rooms: metas.filter((m): m is RoomMeta => m !== undefined), more: ids.length > limit };
  }

  async createEmptyRoom(roomInfo: ZIMRoomInfo, destroyDelaySeconds: number, attributes: Map<string, AttributeRecord>) {
    const answer = await this.script(
      'cvCreateEmptyRoom',
      [roomPrefix(roomInfo.roomID)],
      [
        roomInfo.roomID,
        roomInfo.roomName,
        destroyDelaySeconds,
        attributes.size > 0 ? encode(Object.fromEntries(attributes)) : '{}',
        this.settings.maxRooms,
      ],
    );
    if (!answer.ok)
      return {
        ok: false as const,
        failure: answer.failure === 'exists' ? ('exists' as const) : ('server-limit' as const),
      };
    const facts: RoomFact[] = [
      { type: 'roomCreated', roomID: roomInfo.roomID, roomName: roomInfo.roomName, userID: undefined },
    ];
    return { ok: true as const, facts };
  }

  async kickMembers(roomID: string, userIDs: readonly string[], extendedData: string) {
    const answer = await this.script<ScriptAnswer & { kicked: string[]; errorUserList: string[]; destroyed: boolean }>(
      'cvKickMembers',
      [roomPrefix(roomID)],
      [roomID, encode(userIDs), extendedData, this.settings.memberBatchWindowMs, this.logLimits],
    );
    if (!answer.ok) return NOT_EXIST;
    const facts: RoomFact[] = answer.kicked.map((userID) => ({
      type: 'memberLeft',
      roomID,
      userID,
      exitType: 'Kickout',
    }));
    if (answer.destroyed) facts.push({ type: 'roomDestroyed', roomID });
    return { ok: true as const, kicked: answer.kicked, errorUserList: answer.errorUserList, facts };
  }

  async destroyRoomNow(roomID: string) {
    const answer = await this.script<ScriptAnswer & { userIDs: string[] }>(
      'cvDestroyNow',
      [roomPrefix(roomID)],
      [roomID, this.logLimits],
    );
    if (!answer.ok) return NOT_EXIST;
    const facts: RoomFact[] = answer.userIDs.map((userID) => ({
      type: 'memberLeft',
      roomID,
      userID,
      exitType: 'Kickout',
    }));
    facts.push({ type: 'roomDestroyed', roomID });
    return { ok: true as const, facts };
  }

  async sendFromServer(roomID: string, draft: MessageDraft): Promise<{ ok: true; message: ZIMMessage } | NotExist> {
    const { stored, wire } = messageForms(draft);
    const answer = await this.script<ScriptAnswer & { message: ZIMMessage }>(
      'cvServerSend',
      [roomPrefix(roomID)],
      [roomID, stored, wire, this.settings.historySize, this.logLimits, this.settings.historyBudgetBytes],
    );
    return answer.ok ? { ok: true, message: answer.message } : NOT_EXIST;
  }

  async commitServerAttributes(roomID: string, version: number, next: Map<string, AttributeRecord>, push: Push) {
    const records = next.size > 0 ? encode(Object.fromEntries(next)) : '{}';
    const answer = await this.script(
      'cvServerCommitAttributes',
      [roomPrefix(roomID)],
      [roomID, version, records, encode(push), this.logLimits],
    );
    if (answer.ok) return 'ok' as const;
    return answer.failure === 'conflict' ? ('conflict' as const) : ('not-exist' as const);
  }
}
