/** ZIM's enums, with ZIM's numeric values (SPEC sections 3, 7, 8). */

export const ZIMRoomState = { Disconnected: 0, Connecting: 1, Connected: 2 } as const;
export type ZIMRoomState = (typeof ZIMRoomState)[keyof typeof ZIMRoomState];

export const ZIMRoomEvent = {
  Success: 0,
  NetworkInterrupted: 1,
  NetworkDisconnected: 2,
  RoomNotExist: 3,
  ActiveCreate: 4,
  CreateFailed: 5,
  ActiveEnter: 6,
  EnterFailed: 7,
  KickedOut: 8,
  ConnectTimeout: 9,
  KickedOutByOtherDevice: 10,
  ActiveSwitch: 11,
  SwitchFailed: 12,
} as const;
export type ZIMRoomEvent = (typeof ZIMRoomEvent)[keyof typeof ZIMRoomEvent];

export const ZIMConnectionState = { Disconnected: 0, Connecting: 1, Connected: 2, Reconnecting: 3 } as const;
export type ZIMConnectionState = (typeof ZIMConnectionState)[keyof typeof ZIMConnectionState];

export const ZIMConnectionEvent = {
  Success: 0,
  ActiveLogin: 1,
  LoginTimeout: 2,
  LoginInterrupted: 3,
  KickedOut: 4,
  TokenExpired: 5,
  Unregistered: 6,
} as const;
export type ZIMConnectionEvent = (typeof ZIMConnectionEvent)[keyof typeof ZIMConnectionEvent];

export const ZIMConversationType = { Unknown: -1, Peer: 0, Room: 1, Group: 2 } as const;
export type ZIMConversationType = (typeof ZIMConversationType)[keyof typeof ZIMConversationType];

/** Message types a room accepts. */
export const ZIMMessageType = { Unknown: 0, Text: 1, Command: 2, Barrage: 20, Custom: 200 } as const;
export type ZIMMessageType = (typeof ZIMMessageType)[keyof typeof ZIMMessageType];

export const ZIMMessagePriority = { Low: 1, Medium: 2, High: 3 } as const;
export type ZIMMessagePriority = (typeof ZIMMessagePriority)[keyof typeof ZIMMessagePriority];

export const ZIMMessageSentStatus = { Sending: 0, Success: 1, Failed: 2 } as const;
export type ZIMMessageSentStatus = (typeof ZIMMessageSentStatus)[keyof typeof ZIMMessageSentStatus];

export const ZIMMessageDirection = { Send: 0, Receive: 1 } as const;
export type ZIMMessageDirection = (typeof ZIMMessageDirection)[keyof typeof ZIMMessageDirection];

export const ZIMRoomAttributesUpdateAction = { Set: 0, Delete: 1 } as const;
export type ZIMRoomAttributesUpdateAction =
  (typeof ZIMRoomAttributesUpdateAction)[keyof typeof ZIMRoomAttributesUpdateAction];

/** ZIM has only Set: a member's update carries its whole map. */
export const ZIMRoomMemberAttributesUpdateAction = { Set: 0 } as const;
export type ZIMRoomMemberAttributesUpdateAction =
  (typeof ZIMRoomMemberAttributesUpdateAction)[keyof typeof ZIMRoomMemberAttributesUpdateAction];

/** The name of an enum value, for logs and UIs ("Connected", "ActiveSwitch"). */
export function enumName<T extends Record<string, number>>(table: T, value: number): string {
  for (const [name, v] of Object.entries(table)) if (v === value) return name;
  return String(value);
}
