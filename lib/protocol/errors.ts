/** Error codes of SPEC section 9, and the one error shape every failure takes. */

export const ZIMErrorCode = {
  Success: 0,
  InvalidParameter: 6000001,
  NetworkError: 6000009,
  RateLimited: 6000005,
  // Token and login, 6000101–6000108.
  LoginFailed: 6000101,
  TokenMissing: 6000102,
  TokenInvalid: 6000103,
  TokenExpired: 6000104,
  TokenUserMismatch: 6000105,
  LoginTimeout: 6000106,
  AlreadyLoggedIn: 6000111,
  NotLoggedIn: 6000121,
  // Rooms.
  RoomError: 6000301,
  RoomFull: 6000304,
  NotInRoom: 6000321,
  RoomNotExist: 6000322,
  RoomAlreadyExists: 6000323,
  ServerRoomLimit: 6000324,
  UserRoomLimit: 6000325,
  RoomOperationInProgress: 6000326,
  // Room attributes.
  RoomAttributesError: 6000330,
  RoomAttributesFailedCompletely: 6000331,
  RoomAttributesFailedPartly: 6000332,
  RoomAttributesQueryFailed: 6000333,
  RoomAttributesCountLimit: 6000334,
  RoomAttributeKeyTooLong: 6000335,
  RoomAttributeValueTooLong: 6000336,
  RoomAttributesTotalTooLong: 6000337,
  // Member attributes (SPEC 6b).
  RoomMemberAttributesError: 6000350,
  /** A member's attributes would pass 30 pairs or 144 bytes in all. */
  RoomMemberAttributesKVExceedsLimit: 6000351,
  RoomMemberAttributesKeyTooLong: 6000352,
  RoomMemberAttributesValueTooLong: 6000353,
  /** Too many member attribute sets in the room for now. */
  RoomMemberAttributesSetTooFrequent: 6000354,
  /** Too many member attribute queries in the room for now. */
  RoomMemberAttributesQueryTooFrequent: 6000355,
  /** This session queries member attributes too often. */
  RoomMemberAttributesUserQueryTooFrequent: 6000356,
  /** The room already holds the most members with attributes (500). */
  RoomMemberAttributesUsersLimit: 6000357,
} as const;
export type ZIMErrorCode = (typeof ZIMErrorCode)[keyof typeof ZIMErrorCode];

/** What every failed call rejects with (ZIM's `ZIMError`). */
export interface ZIMErrorInfo {
  code: number;
  message: string;
}

/** A throwable ZIMError; the SDK rejects with it, the server throws it inside the room core. */
export class ZIMError extends Error implements ZIMErrorInfo {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.name = 'ZIMError';
    this.code = code;
  }
  toJSON(): ZIMErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function zimError(code: number, message: string): ZIMError {
  return new ZIMError(code, message);
}

export function isZIMErrorInfo(value: unknown): value is ZIMErrorInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ZIMErrorInfo).code === 'number' &&
    typeof (value as ZIMErrorInfo).message === 'string'
  );
}

/** A ZIM error the server wrote into an event's extendedData as JSON (an ended session's reason), if it holds one. */
export function errorInExtendedData(extendedData: string | undefined): ZIMErrorInfo | undefined {
  if (!extendedData) return undefined;
  try {
    const parsed: unknown = JSON.parse(extendedData);
    return isZIMErrorInfo(parsed) ? { code: parsed.code, message: parsed.message } : undefined;
  } catch {
    return undefined;
  }
}
