/**
 * The operations page speaks to whoever runs the server, who may never have seen the protocol:
 * error codes and call names in plain words.
 */

const MEANINGS: Record<number, string> = {
  6000001: 'An app sent a request with a wrong or missing value.',
  6000005: 'Someone sent too much too fast and was slowed down.',
  6000009: 'The connection dropped in the middle of a request.',
  6000101: 'A sign-in failed.',
  6000102: 'Someone tried to connect without a sign-in token.',
  6000103: 'Someone tried to connect with a forged or damaged sign-in token.',
  6000104: 'Someone tried to connect with an expired sign-in token.',
  6000105: "Someone used another person's sign-in token.",
  6000106: 'A sign-in took too long.',
  6000111: 'Someone signed in twice at once.',
  6000121: 'A request came from a session that had already ended.',
  6000301: 'Something went wrong inside the server; its log has the details.',
  6000304: 'A room was full, so someone could not get in.',
  6000321: 'Someone acted in a room they were no longer in (often a page left open).',
  6000322: 'Someone tried to join a room that does not exist (any more).',
  6000323: 'Someone tried to create a room that already exists.',
  6000324: 'The server holds as many rooms as it may; a new room was refused.',
  6000325: 'Someone is already in as many rooms as one person may be.',
  6000326: 'A room action was still under way when the next one came (a double click).',
  6000334: 'A room has as many settings (attributes) as it may.',
};

export function meaningOf(code: number): string {
  if (MEANINGS[code]) return MEANINGS[code];
  if (code >= 6000330 && code <= 6000337) return 'A room setting (attribute) could not be changed.';
  return 'A request failed.';
}

const ACTIONS: Record<string, string> = {
  handshake: 'connecting',
  createRoom: 'creating a room',
  joinRoom: 'joining a room',
  enterRoom: 'entering a room',
  switchRoom: 'switching rooms',
  leaveRoom: 'leaving a room',
  leaveAllRoom: 'leaving all rooms',
  queryRoomMemberList: 'listing members',
  queryRoomMembers: 'looking up members',
  queryRoomOnlineMemberCount: 'counting members',
  setRoomAttributes: 'changing room settings',
  deleteRoomAttributes: 'removing room settings',
  endRoomAttributesBatchOperation: 'changing room settings',
  queryRoomAllAttributes: 'reading room settings',
  sendMessage: 'sending a message',
  queryHistoryMessage: 'loading earlier messages',
  renewToken: 'renewing a sign-in',
  resumeSession: 'reconnecting',
  logout: 'signing out',
};

export function actionOf(during: string): string {
  return ACTIONS[during] ?? during;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 100 * 1024 * 1024 ? 1 : 0)} MB`;
}

export function formatSince(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  const hours = Math.floor(seconds / 3600);
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} days ago`;
}

export const formatTime = (at: number) =>
  new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
