/** Schedules `tokenWillExpire` 30 s before the token's `exp`, at once when less remains. */
import { readTokenClaims } from '../protocol/client.ts';

/** tokenWillExpire comes this long before the token's expiry. */
export const TOKEN_WARNING_SECONDS = 30;
const WARN_BEFORE_MS = TOKEN_WARNING_SECONDS * 1000;
/** setTimeout overflows past 2^31-1 ms (~24.8 days); longer waits are done in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class TokenTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onWillExpire: (second: number) => void) {}

  schedule(token: string): void {
    this.clear();
    const claims = readTokenClaims(token);
    if (!claims) return; // Not a JWT we can read: the server still enforces expiry.
    const expiresAt = claims.exp * 1000;
    const arm = () => {
      const delay = expiresAt - WARN_BEFORE_MS - Date.now();
      if (delay > 0) {
        this.timer = setTimeout(arm, Math.min(delay, MAX_DELAY_MS));
        // A Node bot should be able to exit while only this timer is pending.
        (this.timer as { unref?: () => void }).unref?.();
        return;
      }
      this.timer = undefined;
      this.onWillExpire(Math.max(0, Math.round((expiresAt - Date.now()) / 1000)));
    };
    arm();
  }

  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
