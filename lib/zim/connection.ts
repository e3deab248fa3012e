/**
 * The session's connection: login, the socket, reconnects and the resume that follows every
 * connect, logout. It owns the ZIM connection state and decides when calls may go out.
 */
import {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMError,
  ZIMErrorCode,
  ZIMRoomEvent,
  errorInExtendedData,
  type ClientEventName,
  type ClientPayload,
  type ClientResult,
  type HandshakeAuth,
  type ZIMEventOfConnectionStateChangedResult,
  type ZIMUserInfo,
} from '../protocol/client.ts';
import type { ConnectionDeps } from './connection-deps.ts';
import { loginFailure } from './demo-token.ts';
import { forgetSessionID } from './ids.ts';
import { claimSessionID, holdSessionID } from './session-claim.ts';
import { SessionTokens } from './session-tokens.ts';
import { emitCall, type ZIMSocket } from './wire.ts';
import { Deferred, ReadyGate } from './ready-gate.ts';
import { closeSocket, openSocket } from './socket-events.ts';

/** How long a first login keeps retrying an unreachable server before giving up. */
const LOGIN_WINDOW_MS = 10_000;

/** idle: logged out · connecting: first login, no socket yet · resuming: connected, rooms being restored. */
type Phase = 'idle' | 'connecting' | 'resuming' | 'ready' | 'reconnecting';

export class Connection {
  private phase: Phase = 'idle';
  private state: ZIMConnectionState = ZIMConnectionState.Disconnected;
  private socket: ZIMSocket | undefined;
  private auth: Required<HandshakeAuth> | undefined;
  /** Stops answering other tabs that ask whether this session ID is in use. */
  private releaseSessionID: () => void = () => undefined;
  private user: ZIMUserInfo | undefined;
  /** The node the last resume was answered by (many nodes behind one URL). */
  private nodeID: string | undefined;
  private login: (Deferred<void> & { userID: string }) | undefined;
  private loginTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped at every connect and disconnect, so a late resume answer is recognised as stale. */
  private epoch = 0;
  private loggingOut = false;
  private readonly gate = new ReadyGate();
  private readonly tokens: SessionTokens;

  constructor(
    private readonly server: string | undefined,
    private readonly persistSession: boolean,
    private readonly deps: ConnectionDeps,
  ) {
    this.tokens = new SessionTokens({
      events: deps.events,
      now: () => {
        const { server, user, auth, socket } = this;
        return server && user && auth && socket ? { server, user, auth, socket } : undefined;
      },
      renewOnServer: (token) => this.call('renewToken', { token }),
    });
  }

  getState(): ZIMConnectionState {
    return this.state;
  }

  getUser(): ZIMUserInfo | undefined {
    return this.user ? { ...this.user } : undefined;
  }

  getNodeID(): string | undefined {
    return this.nodeID;
  }

  /** Resolves once connected and the session's rooms are restored. Same user twice: one login. */
  start(user: ZIMUserInfo, token: string | undefined): Promise<void> {
    if (this.login) {
      if (this.login.userID === user.userID) return this.login.promise;
      return Promise.reject(new ZIMError(ZIMErrorCode.AlreadyLoggedIn, `Already logging in as ${this.login.userID}`));
    }
    if (this.phase !== 'idle') {
      if (this.user?.userID === user.userID) return Promise.resolve();
      return Promise.reject(new ZIMError(ZIMErrorCode.AlreadyLoggedIn, `Already logged in as ${this.user?.userID}`));
    }
    const server = this.server;
    if (!server) {
      return Promise.reject(new ZIMError(ZIMErrorCode.InvalidParameter, 'No server URL: pass ZIM.create({ server })'));
    }
    const login = Object.assign(new Deferred<void>(), { userID: user.userID });
    this.login = login;
    this.user = { ...user };
    this.phase = 'connecting';
    this.setState(ZIMConnectionState.Connecting, ZIMConnectionEvent.ActiveLogin);
    Promise.all([
      this.tokens.forLogin(server, user.userID, token),
      claimSessionID(user.userID, this.persistSession),
    ]).then(
      ([granted, sessionID]) => {
        if (this.login === login) this.open(server, user, granted, sessionID);
      },
      (err: unknown) => {
        if (this.login !== login) return;
        const { event, error } = loginFailure(err);
        this.end(event, error, { forget: false });
      },
    );
    return login.promise;
  }

  /**
   * Settles when `event` may be sent: at once when ready, after the resume when one is running.
   * Not logged in fails 6000121; reconnecting fails 6000009 at once rather than queueing.
   */
  async ready(event: ClientEventName): Promise<void> {
    if (this.phase === 'resuming') await this.gate.wait();
    else if (this.phase === 'idle' || this.phase === 'connecting') {
      throw new ZIMError(ZIMErrorCode.NotLoggedIn, `Not logged in: call login() before ${event}`);
    } else if (this.phase === 'reconnecting') {
      throw new ZIMError(ZIMErrorCode.NetworkError, `Reconnecting: ${event} was not sent`);
    }
  }

  /** Sends a call once the session is ready; never lets Socket.IO queue it while offline. */
  async call<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientResult<E>> {
    await this.ready(event);
    if (!this.socket) throw new ZIMError(ZIMErrorCode.NotLoggedIn, `Not logged in: call login() before ${event}`);
    return emitCall(this.socket, event, payload);
  }

  /** Later reconnects hand the server the new token; the expiry warning follows it. */
  renewToken(token: string): Promise<{ token: string }> {
    return this.tokens.renew(token);
  }

  async logout(): Promise<void> {
    if (this.phase === 'idle') return;
    if (this.phase === 'ready' || this.phase === 'resuming') {
      this.loggingOut = true;
      // Leaving locally must succeed even if the server does not answer; it then drops the
      // session after its grace period.
      await this.call('logout', {}).catch(() => undefined);
    }
    // The server may have ended the session while logout was in flight (TS cannot see the await).
    if ((this.phase as Phase) === 'idle') return;
    this.end(ZIMConnectionEvent.Success, new ZIMError(ZIMErrorCode.NotLoggedIn, 'Logged out'), {
      forget: true,
      roomEvent: ZIMRoomEvent.Success,
      extendedData: '',
    });
  }

  /** No events, no goodbye: the page or the bot is going away. The stored session survives. */
  destroy(): void {
    const { login } = this.reset(new ZIMError(ZIMErrorCode.NotLoggedIn, 'The ZIM instance was destroyed'));
    this.state = ZIMConnectionState.Disconnected;
    this.deps.rooms.clear();
    login?.reject(new ZIMError(ZIMErrorCode.NotLoggedIn, 'The ZIM instance was destroyed'));
  }

  private open(server: string, user: ZIMUserInfo, token: string, sessionID: string): void {
    this.releaseSessionID = holdSessionID(sessionID);
    this.auth = { userID: user.userID, userName: user.userName, token, sessionID };
    this.loginTimer = setTimeout(() => {
      const error = new ZIMError(ZIMErrorCode.LoginFailed, `Could not connect to ${server}`);
      this.end(ZIMConnectionEvent.LoginTimeout, error, { forget: false });
    }, LOGIN_WINDOW_MS);
    this.socket = openSocket(server, this.auth, {
      connected: (socket) => void this.onConnect(socket),
      // While logging out, the server closing the socket is the expected goodbye, not a kick.
      refused: (error) => !this.loggingOut && this.refused(error),
      dropped: () => !this.loggingOut && this.onDropped(),
      serverSaid: (data) => !this.loggingOut && this.onServerSaid(data),
    });
    this.deps.bindPushes(this.socket);
  }

  private async onConnect(socket: ZIMSocket): Promise<void> {
    const epoch = ++this.epoch;
    this.tokens.connected();
    this.phase = 'resuming';
    this.setState(ZIMConnectionState.Connected, ZIMConnectionEvent.Success);
    const rooms = this.deps.rooms.resumeList();
    try {
      const data = await emitCall(socket, 'resumeSession', { rooms });
      if (epoch !== this.epoch || this.phase !== 'resuming') return;
      this.deps.rooms.noteInitialListSize(data?.initialMemberListSize);
      this.deps.rooms.resumed(Array.isArray(data?.rooms) ? data.rooms : []);
      this.noteNode(data?.nodeID);
    } catch (err) {
      if (epoch !== this.epoch || this.phase !== 'resuming') return; // Dropped again: the next connect resumes.
      const error = err instanceof ZIMError ? err : new ZIMError(ZIMErrorCode.NetworkError, String(err));
      if (this.login) {
        const reason = new ZIMError(ZIMErrorCode.LoginFailed, `The session could not be restored: ${error.message}`);
        this.end(ZIMConnectionEvent.LoginTimeout, reason, { forget: false });
        return;
      }
      // The server could not say what this session holds: the rooms cannot be trusted any more.
      this.deps.events.emit('error', error.toJSON());
      this.deps.rooms.dropAll(ZIMRoomEvent.ConnectTimeout);
    }
    this.becomeReady();
  }

  private noteNode(nodeID: unknown): void {
    if (typeof nodeID !== 'string' || nodeID === this.nodeID) return;
    this.nodeID = nodeID;
    this.deps.events.emit('serverNodeChanged', { nodeID });
  }

  private becomeReady(): void {
    this.phase = 'ready';
    clearTimeout(this.loginTimer);
    this.gate.open();
    const login = this.login;
    if (!login) return;
    this.login = undefined;
    if (this.auth) this.tokens.schedule(this.auth.token);
    login.resolve();
  }

  /** A restarted demo server refused the old token: a demo session retakes one, once (session-tokens.ts). */
  private refused(error: ZIMError): void {
    const kickedOut = () => this.end(ZIMConnectionEvent.KickedOut, error, { forget: true });
    if (this.phase === 'reconnecting' && this.tokens.retake(error, kickedOut)) return;
    if (error.code === ZIMErrorCode.TokenExpired) this.end(ZIMConnectionEvent.TokenExpired, error, { forget: true });
    else kickedOut();
  }

  /** Socket.IO reconnects by itself; until then calls fail fast and rooms show Connecting. */
  private onDropped(): void {
    if (this.phase === 'idle') return;
    this.epoch++;
    this.phase = 'reconnecting';
    this.gate.fail(new ZIMError(ZIMErrorCode.NetworkError, 'The connection dropped'));
    this.setState(ZIMConnectionState.Reconnecting, ZIMConnectionEvent.LoginInterrupted);
    this.deps.rooms.interrupted();
  }

  /** The server's own connectionStateChanged: only Disconnected (kicked out, token expired) ends us. */
  private onServerSaid(data: ZIMEventOfConnectionStateChangedResult): void {
    if (data.state !== ZIMConnectionState.Disconnected) {
      this.setState(data.state, data.event, data.extendedData);
      return;
    }
    // The server's reason, when it gives one, is a ZIM error as JSON in extendedData.
    const said = errorInExtendedData(data.extendedData);
    const error = new ZIMError(said?.code ?? ZIMErrorCode.NotLoggedIn, said?.message ?? 'The server ended the session');
    this.end(data.event, error, { forget: true, extendedData: data.extendedData ?? '' });
  }

  /** Every way a session ends: rooms first, then the connection event and `sessionEnded`, then the pending login. */
  private end(
    event: ZIMConnectionEvent,
    error: ZIMError,
    opts: { forget: boolean; roomEvent?: ZIMRoomEvent; extendedData?: string },
  ): void {
    const { userID, login } = this.reset(error);
    this.deps.rooms.dropAll(opts.roomEvent ?? ZIMRoomEvent.KickedOut);
    this.deps.rooms.clear();
    this.deps.onEnded();
    this.setState(ZIMConnectionState.Disconnected, event, opts.extendedData ?? JSON.stringify(error.toJSON()));
    this.deps.events.emit('sessionEnded', { event, error: { code: error.code, message: error.message } });
    if (opts.forget && userID !== undefined) forgetSessionID(userID);
    login?.reject(error);
  }

  /** Back to idle: socket closed, timers stopped, waiting calls failed. Returns what the caller settles. */
  private reset(error: ZIMError): { userID: string | undefined; login: Deferred<void> | undefined } {
    const result = { userID: this.user?.userID, login: this.login };
    this.loggingOut = false;
    this.closeSocket();
    this.phase = 'idle';
    this.gate.fail(error);
    this.user = undefined;
    this.nodeID = undefined;
    this.auth = undefined;
    this.login = undefined;
    return result;
  }

  private closeSocket(): void {
    this.releaseSessionID();
    this.releaseSessionID = () => undefined;
    clearTimeout(this.loginTimer);
    this.tokens.clear();
    if (this.socket) closeSocket(this.socket);
    this.socket = undefined;
  }

  private setState(state: ZIMConnectionState, event: ZIMConnectionEvent, extendedData = ''): void {
    this.state = state;
    this.deps.events.emit('connectionStateChanged', { state, event, extendedData });
  }
}
