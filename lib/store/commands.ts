/**
 * What the screens ask for, as calls on the SDK. Results the SDK reports through events (room
 * states, rooms as entered with their names, members, attributes and last messages) reach the
 * store through bindZim; what only a call's result carries (own messages, earlier history pages)
 * is put into the store here. Failures are rethrown as they came (ZIMError { code, message }) for
 * the screen to show.
 */
import {
  HISTORY_PAGE_SIZE,
  ZIMMessagePriority,
  ZIMMessageType,
  type ZIMRoomAdvancedConfig,
  type ZIMRoomInfo,
  type ZIMUserInfo,
} from '../protocol/client.ts';
import type { ZIM } from '../zim/index.ts';
import { HOST_KEY } from '../classroom/class-keys.ts';
import { createClassCommands } from './class-commands.ts';
import type { ConveneStoreApi } from './convene-store.ts';
import { savedSession } from './saved-session.ts';

export type ConveneCommands = ReturnType<typeof createCommands>;

export function createCommands(zim: ZIM, store: ConveneStoreApi) {
  const actions = () => store.getState();
  /** Whoever creates a room hosts it: a creation attribute, so the creator owns the key. */
  const asHost = (config: ZIMRoomAdvancedConfig = {}): ZIMRoomAdvancedConfig => ({
    ...config,
    roomAttributes: { ...config.roomAttributes, [HOST_KEY]: store.getState().user?.userID ?? '' },
  });

  return {
    ...createClassCommands(zim, store),

    /** Signs in; `restoring` after a reload, when the SDK brings the session's rooms back. */
    async signIn(who: Pick<ZIMUserInfo, 'userID' | 'userName'>, restoring = false): Promise<void> {
      const user: ZIMUserInfo = { userAvatarUrl: '', userExtendedData: '', ...who };
      actions().signingIn(user, restoring);
      try {
        await zim.login(user.userID, { userName: user.userName });
      } catch (error) {
        actions().signedOut(error);
        savedSession.saveUser(undefined);
        throw error;
      }
      savedSession.saveUser(user);
      actions().signedIn(user);
    },

    async signOut(): Promise<void> {
      try {
        await zim.logout();
      } finally {
        savedSession.saveUser(undefined);
        actions().signedOut();
      }
    },

    async createRoom(roomInfo: ZIMRoomInfo, config?: ZIMRoomAdvancedConfig): Promise<void> {
      await zim.createRoom(roomInfo, asHost(config));
    },

    async joinRoom(roomID: string): Promise<void> {
      await zim.joinRoom(roomID);
    },

    async enterRoom(roomInfo: ZIMRoomInfo, config?: ZIMRoomAdvancedConfig): Promise<void> {
      await zim.enterRoom(roomInfo, asHost(config));
    },

    async switchRoom(
      fromRoomID: string,
      toRoomInfo: ZIMRoomInfo,
      isCreateWhenRoomNotExisted: boolean,
      config?: ZIMRoomAdvancedConfig,
    ): Promise<void> {
      await zim.switchRoom(
        fromRoomID,
        toRoomInfo,
        isCreateWhenRoomNotExisted,
        isCreateWhenRoomNotExisted ? asHost(config) : config,
      );
    },

    async leaveRoom(roomID: string): Promise<void> {
      await zim.leaveRoom(roomID);
    },

    async leaveAllRoom(): Promise<string[]> {
      const { roomIDs } = await zim.leaveAllRoom();
      return roomIDs;
    },

    async sendText(roomID: string, text: string): Promise<void> {
      const { message } = await zim.sendMessage({ type: ZIMMessageType.Text, message: text }, roomID, 1, {
        priority: ZIMMessagePriority.Medium,
      });
      actions().messageSent(roomID, message);
    },

    /** The page of messages before the oldest one held. */
    async loadEarlierMessages(roomID: string): Promise<void> {
      const oldest = store.getState().rooms[roomID]?.messages[0];
      if (!oldest) return;
      const { messageList } = await zim.queryHistoryMessage(roomID, 1, {
        count: HISTORY_PAGE_SIZE,
        nextMessage: { messageID: oldest.messageID },
        reverse: false,
      });
      actions().historyMessageQueried(roomID, messageList, messageList.length >= HISTORY_PAGE_SIZE);
    },

    async setRoomAttribute(roomID: string, key: string, value: string): Promise<string[]> {
      const { errorKeys } = await zim.setRoomAttributes({ [key]: value }, roomID, {
        // The host key stays its owner's: without force, the server refuses it to anyone else.
        isForce: key !== HOST_KEY,
        isDeleteAfterOwnerLeft: false,
        isUpdateOwner: false,
      });
      return errorKeys;
    },

    async deleteRoomAttribute(roomID: string, key: string): Promise<string[]> {
      const { errorKeys } = await zim.deleteRoomAttributes([key], roomID, { isForce: key !== HOST_KEY });
      return errorKeys;
    },
  };
}
