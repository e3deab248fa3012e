/**
 * What a class needs beyond the room calls: every member raises and lowers a hand (a member
 * attribute, through the SDK); the host also removes members, ends the class, sets the topic and
 * adds simulated students, through the app's own backend (app/api/host), which holds the server
 * secret. The backend checks who is calling by the Convene token sent along.
 */
import { HAND_DOWN, HAND_KEY, HAND_UP } from '../classroom/class-keys.ts';
import { ZIMError, ZIMErrorCode } from '../protocol/client.ts';
import { fetchDemoToken } from '../zim/demo-token.ts';
import type { ZIM } from '../zim/index.ts';
import type { ConveneStoreApi } from './convene-store.ts';

export type ClassCommands = ReturnType<typeof createClassCommands>;

/** How long a token fetched for the backend is reused (demo tokens live for a day by default). */
const TOKEN_REUSE_MS = 10 * 60_000;

export function createClassCommands(zim: ZIM, store: ConveneStoreApi, origin = globalThis.location?.origin ?? '') {
  let cached: { userID: string; token: string; at: number } | undefined;

  const token = async (): Promise<string> => {
    const userID = store.getState().user?.userID;
    if (!userID) throw new ZIMError(0, 'Sign in first');
    if (cached?.userID === userID && Date.now() - cached.at < TOKEN_REUSE_MS) return cached.token;
    const fresh = await fetchDemoToken(origin, userID);
    cached = { userID, token: fresh, at: Date.now() };
    return fresh;
  };

  /** A call to the app's backend; its refusal comes back as an error with the backend's message. */
  const backend = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${origin}/api/host${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await response.json().catch(() => ({}))) as { message?: unknown; code?: unknown };
    if (!response.ok) {
      throw new ZIMError(
        typeof data.code === 'number' ? data.code : 0,
        typeof data.message === 'string' ? data.message : `HTTP ${response.status}`,
      );
    }
    return data as T;
  };
  const room = (roomID: string) => `/rooms/${encodeURIComponent(roomID)}`;
  const ownName = () => store.getState().user?.userName || undefined;

  const setHand = async (roomID: string, userID: string, up: boolean): Promise<void> => {
    const { errorUserList } = await zim.setRoomMembersAttributes(
      { [HAND_KEY]: up ? HAND_UP : HAND_DOWN },
      [userID],
      roomID,
      {
        isDeleteAfterOwnerLeft: true,
      },
    );
    if (errorUserList.length > 0) throw new ZIMError(ZIMErrorCode.NotInRoom, `${userID} is not in the room any more`);
  };

  return {
    raiseHand: (roomID: string) => setHand(roomID, store.getState().user?.userID ?? '', true),
    /** Lowers the caller's own hand, or (for the host) anyone's. */
    lowerHand: (roomID: string, userID = store.getState().user?.userID ?? '') => setHand(roomID, userID, false),

    /** The names go along for the class's announcement ("Ms. Rivera removed Bob Stone: …"). */
    async removeMember(roomID: string, userID: string, reason: string): Promise<void> {
      const userName = store.getState().rooms[roomID]?.members[userID]?.userName || undefined;
      await backend('POST', `${room(roomID)}/kick`, { userID, reason, userName, hostName: ownName() });
    },
    async endClass(roomID: string): Promise<void> {
      const hostName = ownName();
      await backend('DELETE', `${room(roomID)}${hostName ? `?hostName=${encodeURIComponent(hostName)}` : ''}`);
    },
    async setTopic(roomID: string, topic: string): Promise<void> {
      await backend('PUT', `${room(roomID)}/topic`, { topic });
    },
    /** Resolves with how many joined. */
    async addSimulatedStudents(roomID: string, count: number): Promise<number> {
      const { added } = await backend<{ added: number }>('POST', `${room(roomID)}/simulated-students`, { count });
      return added;
    },
    /** Whether this server offers the demo class (demo mode). */
    async demoClassAvailable(): Promise<boolean> {
      const response = await fetch(`${origin}/api/host/config`).catch(() => undefined);
      const data = (await response?.json().catch(() => undefined)) as { demoClass?: unknown } | undefined;
      return data?.demoClass === true;
    },
  };
}
