/**
 * What makes a room a class: the keys the web app, its backend and the simulated students agree
 * on. The host is a room attribute the creator sets at creation (so it owns the key and every
 * member's app knows who runs the class); a raised hand is a member attribute (SPEC 6b), which the
 * server deletes when that member leaves.
 */

/** Room attribute: the host's userID. */
export const HOST_KEY = 'host';
/** Room attribute: what the class is about, set by the host through the app's backend. */
export const TOPIC_KEY = 'topic';
/** Member attribute (key ≤ 8 bytes): HAND_UP while the hand is raised. */
export const HAND_KEY = 'hand';
export const HAND_UP = 'up';
export const HAND_DOWN = 'down';

/** Longest topic the host may set (a room attribute value is ≤ 1024 bytes; a topic is one line). */
export const TOPIC_MAX_LENGTH = 120;
/** Longest reason given for removing a member. */
export const REASON_MAX_LENGTH = 200;
/** Simulated students per request, and at most in one class. */
export const SIMULATED_MIN = 5;
export const SIMULATED_MAX = 50;

export function hostOf(attributes: Readonly<Record<string, string>> | undefined): string | undefined {
  const host = attributes?.[HOST_KEY];
  return host ? host : undefined;
}

export function isHandRaised(attributes: Readonly<Record<string, string>> | undefined): boolean {
  return attributes?.[HAND_KEY] === HAND_UP;
}

/**
 * The reason a kick carries in roomStateChanged's extendedData: the server puts the reason there,
 * either as the text itself or as JSON with a `reason` field; both are read.
 */
export function kickReason(extendedData: string): string {
  const text = extendedData.trim();
  if (!text) return '';
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') return parsed;
    if (parsed && typeof parsed === 'object' && 'reason' in parsed) {
      const reason = parsed.reason;
      return typeof reason === 'string' ? reason : '';
    }
    return '';
  } catch {
    return text;
  }
}
