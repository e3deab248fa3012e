/**
 * One simulated student: a real SDK session (lib/zim in Node) that joins the class, says hello,
 * chats now and then and raises its hand. It leaves by itself when the class ends, when the host
 * removes it, or when the host leaves.
 */
import { ZIMMessagePriority, ZIMMessageType, ZIMRoomState } from '../protocol/client.ts';
import { ZIM } from '../zim/index.ts';
import { HAND_DOWN, HAND_KEY, HAND_UP } from './class-keys.ts';
import { CHATTER, GREETINGS, pick } from './simulated-lines.ts';

export interface StudentTimings {
  /** Delay before the greeting, in ms (a random part of it, so a class does not speak at once). */
  greetWithinMs: number;
  /** Between two messages of one student, in ms: min plus a random part up to spread. */
  chatEveryMs: number;
  chatSpreadMs: number;
}

export const DEFAULT_TIMINGS: StudentTimings = { greetWithinMs: 3000, chatEveryMs: 15_000, chatSpreadMs: 30_000 };

export interface SimulatedStudentOptions {
  server: string;
  roomID: string;
  hostID: string;
  userID: string;
  userName: string;
  timings?: StudentTimings;
  random?: () => number;
  /** Called once when the student has left (or failed to join). */
  onGone: () => void;
}

export class SimulatedStudent {
  private readonly zim: ZIM;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private gone = false;
  private handUp = false;

  constructor(private readonly options: SimulatedStudentOptions) {
    this.zim = ZIM.create({ server: options.server, persistSession: false });
  }

  get userID(): string {
    return this.options.userID;
  }

  async start(): Promise<void> {
    const { roomID, hostID } = this.options;
    this.zim.on('roomStateChanged', (_zim, data) => {
      if (data.roomID === roomID && data.state === ZIMRoomState.Disconnected) void this.leave();
    });
    this.zim.on('roomMemberLeft', (_zim, data) => {
      if (data.roomID === roomID && data.memberList.some((m) => m.userID === hostID)) void this.leave();
    });
    this.zim.on('roomMemberAttributesUpdated', (_zim, data) => {
      // The host lowered this student's hand.
      for (const info of data.infos) {
        if (info.attributesInfo.userID === this.userID)
          this.handUp = info.attributesInfo.attributes[HAND_KEY] === HAND_UP;
      }
    });
    try {
      await this.zim.login(this.options.userID, { userName: this.options.userName });
      await this.zim.joinRoom(roomID);
    } catch (error) {
      await this.leave();
      throw error;
    }
    const timings = this.options.timings ?? DEFAULT_TIMINGS;
    this.later(this.random() * timings.greetWithinMs, () => this.say(pick(GREETINGS, this.random)));
  }

  /** Leaves the class and ends the session; safe to call more than once. */
  async leave(): Promise<void> {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.timer);
    try {
      await this.zim.logout();
    } catch {
      // The session may already be gone with the room; nothing is left to undo.
    }
    this.zim.destroy();
    this.options.onGone();
  }

  private readonly random = (): number => (this.options.random ?? Math.random)();

  /** After each greeting or message: another one later, sometimes a hand instead. */
  private async say(text: string): Promise<void> {
    if (this.gone) return;
    try {
      if (this.random() < 0.25) await this.toggleHand();
      else
        await this.zim.sendMessage({ type: ZIMMessageType.Text, message: text }, this.options.roomID, 1, {
          priority: ZIMMessagePriority.Medium,
        });
    } catch {
      // A refused message (rate limit, room gone) is skipped; a gone room ends the student anyway.
    }
    const timings = this.options.timings ?? DEFAULT_TIMINGS;
    this.later(timings.chatEveryMs + this.random() * timings.chatSpreadMs, () => this.say(pick(CHATTER, this.random)));
  }

  private async toggleHand(): Promise<void> {
    const next = !this.handUp;
    await this.zim.setRoomMembersAttributes(
      { [HAND_KEY]: next ? HAND_UP : HAND_DOWN },
      [this.userID],
      this.options.roomID,
      {
        isDeleteAfterOwnerLeft: true,
      },
    );
    this.handUp = next;
  }

  private later(ms: number, work: () => Promise<void>): void {
    if (this.gone) return;
    this.timer = setTimeout(() => void work(), ms);
    // Simulated students never keep the process alive on their own.
    this.timer.unref?.();
  }
}
