/**
 * The store's scripts on one Redis connection (EVALSHA, loaded again by ioredis when Redis
 * forgot them), and the one way every call fails while Redis is away: 6000301, at once.
 */
import type { Redis } from 'ioredis';
import { ZIMErrorCode, zimError } from '../../../lib/protocol/index.ts';
import { reportFault } from '../../rooms/faults.ts';
import {
  CREATE_EMPTY_ROOM,
  DESTROY_NOW,
  KICK_MEMBERS,
  SERVER_COMMIT_ATTRIBUTES,
  SERVER_SEND,
  SET_MEMBER_ATTRIBUTES,
} from './lua-extensions.ts';
import { LUA_PRELUDE } from './lua-prelude.ts';
import { COMMIT_ATTRIBUTES, DESTROY_IF_EMPTY, ENTER, FLUSH, IN_ROOM, LEAVE, SEND } from './lua-rooms.ts';
import {
  CLAIM_TIMERS,
  DROP_SESSION,
  END_SESSION,
  EPOCH,
  EXPIRE_SESSION,
  HAND_OVER,
  OPEN_SESSION,
  RENEW_AND_SWEEP,
  TAKE_HANDSHAKE,
} from './lua-nodes.ts';

const SCRIPTS = {
  cvEnter: [2, ENTER],
  cvLeave: [1, LEAVE],
  cvInRoom: [1, IN_ROOM],
  cvSend: [1, SEND],
  cvCommitAttributes: [1, COMMIT_ATTRIBUTES],
  cvFlush: [1, FLUSH],
  cvDestroyIfEmpty: [1, DESTROY_IF_EMPTY],
  cvOpenSession: [0, OPEN_SESSION],
  cvDropSession: [0, DROP_SESSION],
  cvEndSession: [0, END_SESSION],
  cvExpireSession: [0, EXPIRE_SESSION],
  cvRenewAndSweep: [0, RENEW_AND_SWEEP],
  cvHandOver: [0, HAND_OVER],
  cvClaimTimers: [0, CLAIM_TIMERS],
  cvEpoch: [0, EPOCH],
  cvTakeHandshake: [0, TAKE_HANDSHAKE],
  cvSetMemberAttributes: [1, SET_MEMBER_ATTRIBUTES],
  cvCreateEmptyRoom: [1, CREATE_EMPTY_ROOM],
  cvKickMembers: [1, KICK_MEMBERS],
  cvDestroyNow: [1, DESTROY_NOW],
  cvServerSend: [1, SERVER_SEND],
  cvServerCommitAttributes: [1, SERVER_COMMIT_ATTRIBUTES],
} as const;

export type ScriptName = keyof typeof SCRIPTS;

/** The prefix of a room's keys; they share the hash tag `{r:<roomID>}`. */
export const roomPrefix = (roomID: string) => `cv:{r:${roomID}}:`;

export function storeUnavailable(): Error {
  return zimError(ZIMErrorCode.RoomError, 'The room store is unreachable; retry in a moment');
}

export function defineScripts(client: Redis): void {
  for (const [name, [numberOfKeys, body]] of Object.entries(SCRIPTS)) {
    client.defineCommand(name, { numberOfKeys, lua: LUA_PRELUDE + body });
  }
}

/** What a script answered: `ok`, or `failure` naming why it changed nothing. */
export type ScriptAnswer = { ok?: boolean; failure?: string } & Record<string, unknown>;

export async function runScript(
  client: Redis,
  name: ScriptName,
  keys: string[],
  args: (string | number)[],
): Promise<string> {
  const command = (client as unknown as Record<string, (...a: (string | number)[]) => Promise<string>>)[name]!;
  try {
    return await command.call(client, ...keys, ...args);
  } catch (error) {
    // Not connected, timed out, or Redis failed the script: the call fails now, never hangs.
    if (
      error instanceof Error &&
      /ERR|NOSCRIPT|WRONGTYPE/.test(error.message) &&
      !/Connection|writeable|timed out/i.test(error.message)
    ) {
      reportFault(`Redis script ${name}`, error);
    }
    throw storeUnavailable();
  }
}

/** Runs a plain command the same way (fail fast, 6000301). */
export async function runCommand<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch {
    throw storeUnavailable();
  }
}
