/**
 * App code typed against ZIM's own declarations (zego-zim-web 2.29, `entity/*.d.ts`), run
 * against Convene's SDK. It is never executed: official-types.test.ts compiles it and expects no
 * error. Arguments are values of ZIM's types (they must be accepted); results and event payloads
 * are assigned to ZIM's types (what the app reads must be there, with ZIM's types).
 */
import type * as Z from 'zego-zim-web';
import { ZIMConnectionEvent, ZIMMessageType, ZIMRoomEvent, ZIMRoomState } from 'zego-zim-web';
import { ZIM } from '../../lib/zim/index.ts';

declare const zim: ZIM;
declare const roomInfo: Z.ZIMRoomInfo;
declare const advanced: Z.ZIMRoomAdvancedConfig;
declare const memberQuery: Z.ZIMRoomMemberQueryConfig;
declare const setConfig: Z.ZIMRoomAttributesSetConfig;
declare const deleteConfig: Z.ZIMRoomAttributesDeleteConfig;
declare const batchConfig: Z.ZIMRoomAttributesBatchOperationConfig;
declare const memberSetConfig: Z.ZIMRoomMemberAttributesSetConfig;
declare const memberAttributesQuery: Z.ZIMRoomMemberAttributesQueryConfig;
declare const loginConfig: Z.ZIMLoginConfig;
declare const userInfo: Z.ZIMUserInfo;
declare const appConfig: Z.ZIMAppConfig;
declare const sendConfig: Z.ZIMMessageSendConfig;
declare const notification: Z.ZIMMessageSendNotification;
declare const historyConfig: Z.ZIMMessageQueryConfig;
declare const conversationType: Z.ZIMConversationType;
declare const text: Z.ZIMTextMessage;
declare const command: Z.ZIMCommandMessage;
declare const barrage: Z.ZIMBarrageMessage;
declare const custom: Z.ZIMCustomMessage;
declare const received: Z.ZIMMessage;

export function instances(): ZIM {
  const made: ZIM = ZIM.create(appConfig);
  const version: string = ZIM.getVersion();
  void version;
  return made ?? ZIM.getInstance();
}

export async function login(): Promise<void> {
  await zim.login('alice', loginConfig);
  await zim.login(userInfo, 'token');
  const renewed: Z.ZIMTokenRenewedResult = await zim.renewToken('token');
  void renewed;
  void zim.logout();
}

export async function rooms(): Promise<void> {
  const created: Z.ZIMRoomCreatedResult = await zim.createRoom(roomInfo, advanced);
  const createdPlain: Z.ZIMRoomCreatedResult = await zim.createRoom(roomInfo);
  const joined: Z.ZIMRoomJoinedResult = await zim.joinRoom('room');
  const entered: Z.ZIMRoomEnteredResult = await zim.enterRoom(roomInfo, advanced);
  const switched: Z.ZIMRoomSwitchedResult = await zim.switchRoom('from', roomInfo, true, advanced);
  const left: Z.ZIMRoomLeftResult = await zim.leaveRoom('room');
  const allLeft: Z.ZIMRoomAllLeftResult = await zim.leaveAllRoom();
  const list: Z.ZIMRoomMemberQueriedResult = await zim.queryRoomMemberList('room', memberQuery);
  const members: Z.ZIMRoomMembersQueriedResult = await zim.queryRoomMembers(['bob'], 'room');
  const count: Z.ZIMRoomOnlineMemberCountQueriedResult = await zim.queryRoomOnlineMemberCount('room');
  void [created, createdPlain, joined, entered, switched, left, allLeft, list, members, count];
}

export async function roomAttributes(): Promise<void> {
  const set: Z.ZIMRoomAttributesOperatedResult = await zim.setRoomAttributes({ k: 'v' }, 'room', setConfig);
  const deleted: Z.ZIMRoomAttributesOperatedResult = await zim.deleteRoomAttributes(['k'], 'room', deleteConfig);
  const begun: void = zim.beginRoomAttributesBatchOperation('room', batchConfig);
  const ended: Z.ZIMRoomAttributesBatchOperatedResult = await zim.endRoomAttributesBatchOperation('room');
  const all: Z.ZIMRoomAttributesQueriedResult = await zim.queryRoomAllAttributes('room');
  void [set, deleted, begun, ended, all];
}

export async function memberAttributes(): Promise<void> {
  const set: Z.ZIMRoomMembersAttributesOperatedResult = await zim.setRoomMembersAttributes(
    { hand: 'up' },
    ['bob'],
    'room',
    memberSetConfig,
  );
  const some: Z.ZIMRoomMembersAttributesQueriedResult = await zim.queryRoomMembersAttributes(['bob'], 'room');
  const page: Z.ZIMRoomMemberAttributesListQueriedResult = await zim.queryRoomMemberAttributesList(
    'room',
    memberAttributesQuery,
  );
  void [set, some, page];
}

export async function messages(): Promise<void> {
  for (const message of [text, command, barrage, custom]) {
    const sent: Z.ZIMMessageSentResult = await zim.sendMessage(
      message,
      'room',
      conversationType,
      sendConfig,
      notification,
    );
    void sent;
  }
  const history: Z.ZIMMessageQueriedResult = await zim.queryHistoryMessage('room', conversationType, historyConfig);
  // Paging on from a message the SDK returned, as ZIM's guide does.
  const next: Z.ZIMMessageQueriedResult = await zim.queryHistoryMessage('room', 1, {
    ...historyConfig,
    nextMessage: received,
  });
  void [history, next];
}

/** Listeners with ZIM's payload types, and whole handlers typed as ZIM's event handler table. */
export function events(handlers: Z.ZIMEventHandler): void {
  zim.on('connectionStateChanged', (_zim, data: Z.ZIMEventOfConnectionStateChangedResult) => void data);
  zim.on('tokenWillExpire', (_zim, data: Z.ZIMEventOfTokenWillExpireResult) => void data);
  zim.on('error', (_zim, data: Z.ZIMError) => void data);
  zim.on('roomStateChanged', (_zim, data: Z.ZIMEventOfRoomStateChangedResult) => void data);
  zim.on('roomMemberJoined', (_zim, data: Z.ZIMEventOfRoomMemberChangedResult) => void data);
  zim.on('roomMemberLeft', (_zim, data: Z.ZIMEventOfRoomMemberChangedResult) => void data);
  zim.on('roomAttributesUpdated', (_zim, data: Z.ZIMEventOfRoomAttributesUpdatedResult) => void data);
  zim.on('roomAttributesBatchUpdated', (_zim, data: Z.ZIMEventOfRoomAttributesUpdatedResult) => void data);
  zim.on('roomMemberAttributesUpdated', (_zim, data: Z.ZIMEventOfRoomMembersAttributesUpdatedResult) => void data);
  zim.on('receiveRoomMessage', (_zim, data: Z.ZIMEventOfReceiveConversationMessageResult) => void data);
  zim.on('roomMessageReceived', (_zim, data: Z.ZIMEventOfConversationMessageReceivedResult) => void data);
  zim.on('connectionStateChanged', handlers.connectionStateChanged);
  zim.on('tokenWillExpire', handlers.tokenWillExpire);
  zim.on('error', handlers.error);
  zim.on('roomStateChanged', handlers.roomStateChanged);
  zim.on('roomMemberJoined', handlers.roomMemberJoined);
  zim.on('roomMemberLeft', handlers.roomMemberLeft);
  zim.on('roomAttributesUpdated', handlers.roomAttributesUpdated);
  zim.on('roomAttributesBatchUpdated', handlers.roomAttributesBatchUpdated);
  zim.on('roomMemberAttributesUpdated', handlers.roomMemberAttributesUpdated);
  zim.on('receiveRoomMessage', handlers.receiveRoomMessage);
  zim.on('roomMessageReceived', handlers.roomMessageReceived);
  zim.off('roomStateChanged');
}

/** ZIM's own enums against what lib/zim reports: the comparisons and switches an app writes. */
export function enums(): void {
  // These comparisons are the test: zego-zim-web's enums against the values lib/zim reports, which
  // share numbers but not an enum type; the switch is partial, as an app's is.
  /* eslint-disable @typescript-eslint/no-unsafe-enum-comparison, @typescript-eslint/switch-exhaustiveness-check -- see above */
  zim.on('roomStateChanged', (_zim, { state, event }) => {
    if (state === ZIMRoomState.Disconnected && event === ZIMRoomEvent.KickedOut) return;
    switch (event) {
      case ZIMRoomEvent.RoomNotExist:
      case ZIMRoomEvent.KickedOutByOtherDevice:
        break;
    }
  });
  zim.on('connectionStateChanged', (_zim, { event }) => void (event === ZIMConnectionEvent.TokenExpired));
  zim.on('roomMessageReceived', (_zim, { messageList }) => {
    for (const message of messageList) if (message.type === ZIMMessageType.Text) void message.message;
  });
  /* eslint-enable @typescript-eslint/no-unsafe-enum-comparison, @typescript-eslint/switch-exhaustiveness-check */
}
