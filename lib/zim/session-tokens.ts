/**
 * The session's token: the warning before it expires (tokenWillExpire) and its renewal. A login
 * without a token takes a demo token from the server (demo mode); such a session renews the same
 * way, so it never ends on TokenExpired (with an app's own tokens the app renews: ZIM's way). And
 * when a restarted demo server, signing with a new secret, refuses the old token (6000103) on a
 * reconnect, it takes a fresh one there, once, instead of going back to sign-in. (The endpoint
 * gives anyone a token, so this grants nothing a new login would not.)
 */
import { readTokenClaims, ZIMError, ZIMErrorCode, type HandshakeAuth, type ZIMUserInfo } from '../protocol/client.ts';
import { fetchDemoToken } from './demo-token.ts';
import type { Emitter } from './emitter.ts';
import { TOKEN_WARNING_SECONDS, TokenTimer } from './token-timer.ts';
import type { ZIMSocket } from './wire.ts';

/** The logged-in session as the connection holds it; `auth` is the socket's own handshake auth. */
export interface SessionNow {
  server: string;
  user: ZIMUserInfo;
  auth: Required<HandshakeAuth>;
  socket: ZIMSocket;
}

export interface TokenDeps {
  events: Emitter<unknown>;
  /** The session now; undefined while logged out or not yet connected. */
  now(): SessionNow | undefined;
  /** The renewToken call to the server. */
  renewOnServer(token: string): Promise<{ token?: unknown } | undefined>;
}

export class SessionTokens {
  private demo = false;
  private retaking = false;
  private readonly timer: TokenTimer;

  constructor(private readonly deps: TokenDeps) {
    this.timer = new TokenTimer((second) => {
      deps.events.emit('tokenWillExpire', { second });
      this.renewDemoToken();
    });
  }

  /** A login starts: with the app's own token, or none (then a demo token is taken). */
  forLogin(server: string, userID: string, token: string | undefined): Promise<string> {
    this.demo = !token;
    this.retaking = false;
    return token ? Promise.resolve(token) : fetchDemoToken(server, userID);
  }

  connected(): void {
    this.retaking = false;
  }

  schedule(token: string): void {
    this.timer.schedule(token);
  }

  clear(): void {
    this.timer.clear();
  }

  async renew(token: string): Promise<{ token: string }> {
    const data = await this.deps.renewOnServer(token);
    const renewed = typeof data?.token === 'string' && data.token !== '' ? data.token : token;
    const auth = this.deps.now()?.auth;
    if (auth) auth.token = renewed;
    this.timer.schedule(renewed);
    return { token: renewed };
  }

  /**
   * Whether the refusal is met with a fresh demo token; the socket reconnects with it. `giveUp`
   * runs when none comes (and the socket is still the session's).
   */
  retake(error: ZIMError, giveUp: () => void): boolean {
    const now = this.deps.now();
    if (!this.demo || this.retaking || error.code !== ZIMErrorCode.TokenInvalid || !now) return false;
    this.retaking = true;
    const current = () => this.deps.now()?.socket === now.socket;
    fetchDemoToken(now.server, now.user.userID).then(
      (token) => {
        if (!current()) return;
        now.auth.token = token; // the socket's own auth object: the next handshake sends it
        this.timer.schedule(token);
        now.socket.connect();
      },
      () => current() && giveUp(),
    );
    return true;
  }

  private renewDemoToken(): void {
    const now = this.deps.now();
    if (!this.demo || !now) return;
    // Only tokens that live longer than the warning time: a shorter one would warn again at once.
    const claims = readTokenClaims(now.auth.token);
    if (!claims || claims.exp - claims.iat <= TOKEN_WARNING_SECONDS) return;
    fetchDemoToken(now.server, now.user.userID)
      .then((token) => (this.deps.now()?.user === now.user ? this.renew(token) : undefined))
      .catch((err: unknown) =>
        this.deps.events.emit(
          'error',
          err instanceof ZIMError ? err : new ZIMError(ZIMErrorCode.LoginFailed, String(err)),
        ),
      );
  }
}
