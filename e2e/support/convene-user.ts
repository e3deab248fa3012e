/**
 * One person using Convene in one browser context: a page object whose locators are roles and
 * accessible names, the way a person (or a screen reader) finds things.
 */
import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';

export interface TimelineEntry {
  event: string;
  title: string;
  detail: string;
}

export interface RoomOptions {
  roomName?: string;
  attributes?: Record<string, string>;
  destroyDelay?: number;
}

export class ConveneUser {
  constructor(
    readonly page: Page,
    readonly context: BrowserContext,
    readonly userID: string,
    readonly userName: string,
  ) {}

  // ---- sign in ----

  async signIn(): Promise<void> {
    await this.page.goto('/');
    await this.page.getByLabel('User ID').fill(this.userID);
    await this.page.getByLabel('Display name').fill(this.userName);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(this.page.getByRole('heading', { name: `Welcome, ${this.userName}` })).toBeVisible();
    await expect(this.connection).toHaveAccessibleName('Connection: Connected');
  }

  get connection(): Locator {
    return this.page.getByRole('status', { name: /^Connection:/ });
  }

  get reconnectBanner(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Connection lost' });
  }

  // ---- lobby ----

  async openLobby(): Promise<void> {
    if (new URL(this.page.url()).pathname !== '/lobby')
      await this.page.getByRole('link', { name: 'Lobby', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
  }

  lobbyForm(name: 'Create a room' | 'Join a room' | 'Enter a room'): Locator {
    return this.page.getByRole('form', { name });
  }

  /** Fills and submits the create form; does not wait for the outcome. */
  async submitCreateRoom(roomID: string, options: RoomOptions = {}): Promise<void> {
    await this.openLobby();
    const form = this.lobbyForm('Create a room');
    await form.getByLabel('Room ID').fill(roomID);
    await form.getByLabel('Room name').fill(options.roomName ?? '');
    if (options.destroyDelay !== undefined)
      await form.getByLabel('Destroy delay (seconds)').fill(String(options.destroyDelay));
    await this.fillAttributes(form, options.attributes);
    await form.getByRole('button', { name: 'Create room' }).click();
  }

  async createRoom(roomID: string, options: RoomOptions = {}): Promise<void> {
    await this.submitCreateRoom(roomID, options);
    await this.expectActiveRoom(roomID);
  }

  async submitJoinRoom(roomID: string): Promise<void> {
    await this.openLobby();
    const form = this.lobbyForm('Join a room');
    await form.getByLabel('Room ID').fill(roomID);
    await form.getByRole('button', { name: 'Join room' }).click();
  }

  async joinRoom(roomID: string): Promise<void> {
    await this.submitJoinRoom(roomID);
    await this.expectActiveRoom(roomID);
  }

  async enterRoom(roomID: string, roomName = ''): Promise<void> {
    await this.openLobby();
    const form = this.lobbyForm('Enter a room');
    await form.getByLabel('Room ID').fill(roomID);
    await form.getByLabel('Room name').fill(roomName);
    await form.getByRole('button', { name: 'Enter room' }).click();
    await this.expectActiveRoom(roomID);
  }

  private async fillAttributes(scope: Locator, attributes: Record<string, string> = {}): Promise<void> {
    let index = 0;
    for (const [key, value] of Object.entries(attributes)) {
      index++;
      await scope.getByRole('button', { name: '+ Add attribute' }).click();
      await scope.getByLabel(`Attribute ${index} key`).fill(key);
      await scope.getByLabel(`Attribute ${index} value`).fill(value);
    }
  }

  // ---- workspace ----

  get roomPanel(): Locator {
    return this.page.getByRole('tabpanel');
  }

  roomTab(roomID: string): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`${escapeRegExp(roomID)} ·`) });
  }

  get roomTabs(): Locator {
    return this.page.getByRole('tablist', { name: 'Your rooms' }).getByRole('tab');
  }

  async expectActiveRoom(roomID: string): Promise<void> {
    await expect(this.roomTab(roomID)).toHaveAttribute('aria-selected', 'true');
    await expect(this.roomPanel).toHaveAccessibleName(new RegExp(`${escapeRegExp(roomID)} ·`));
    await expect(this.roomPanel.getByText('Connected', { exact: true })).toBeVisible();
  }

  async selectRoom(roomID: string): Promise<void> {
    await this.roomTab(roomID).click();
    await expect(this.roomTab(roomID)).toHaveAttribute('aria-selected', 'true');
  }

  get members(): Locator {
    return this.page.getByRole('list', { name: /^Members of / }).getByRole('listitem');
  }

  get membersRegion(): Locator {
    return this.page.getByRole('region', { name: 'Members' });
  }

  member(user: ConveneUser): Locator {
    return this.members.filter({ hasText: user.userID });
  }

  async expectMemberCount(count: number, timeout?: number): Promise<void> {
    const text = `${count.toLocaleString('en')} ${count === 1 ? 'member' : 'members'}`;
    await expect(this.membersRegion.getByText(text, { exact: true })).toBeVisible({ timeout });
  }

  get messages(): Locator {
    return this.page.getByRole('log', { name: 'Messages' });
  }

  async send(text: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Message' }).fill(text);
    await this.page.getByRole('button', { name: 'Send' }).click();
    await expect(this.messages.getByText(text, { exact: true })).toBeVisible();
  }

  get roomActions(): Locator {
    return this.page.getByRole('group', { name: 'Room actions' });
  }

  async leaveRoom(): Promise<void> {
    await this.roomActions.getByRole('button', { name: 'Leave room' }).click();
  }

  async leaveAllRooms(): Promise<void> {
    await this.roomActions.getByRole('button', { name: 'Leave all rooms' }).click();
  }

  get switchDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Switch room' });
  }

  /** Fills and submits the switch dialog; does not wait for the outcome. */
  async submitSwitchRoom(toRoomID: string, options: RoomOptions & { create?: boolean } = {}): Promise<void> {
    await this.roomActions.getByRole('button', { name: 'Switch room' }).click();
    const dialog = this.switchDialog;
    await dialog.getByLabel('Target room ID').fill(toRoomID);
    await dialog.getByLabel('Target room name').fill(options.roomName ?? '');
    if (options.create) {
      await dialog.getByLabel('Create the room if it does not exist').check();
      if (options.destroyDelay !== undefined)
        await dialog.getByLabel('Destroy delay (seconds)').fill(String(options.destroyDelay));
      await this.fillAttributes(dialog, options.attributes);
    }
    await dialog.getByRole('button', { name: 'Switch', exact: true }).click();
  }

  // ---- timeline ----

  get timeline(): Locator {
    return this.page.getByRole('list', { name: 'Event timeline' });
  }

  /** The timeline in the order things happened (the screen shows newest first). */
  async timelineEntries(): Promise<TimelineEntry[]> {
    if ((await this.timeline.count()) === 0) return [];
    const entries = await this.timeline.locator(':scope > li').evaluateAll((items) =>
      items.map((li) => {
        const [head, title, detail] = Array.from(li.querySelectorAll(':scope > p'));
        return {
          event: head?.querySelector('code')?.textContent ?? '',
          title: title?.textContent ?? '',
          detail: detail?.textContent ?? '',
        };
      }),
    );
    return entries.reverse();
  }

  /** roomStateChanged titles ("Room2 · Connecting · ActiveSwitch") after the first `skip` entries. */
  async roomStatesSince(skip: number): Promise<string[]> {
    const entries = await this.timelineEntries();
    return entries
      .slice(skip)
      .filter((e) => e.event === 'roomStateChanged')
      .map((e) => e.title);
  }

  // ---- network ----

  /**
   * Cuts the network: no new connections, and the open WebSocket closed. (Chromium 156 drops it on
   * setOffline already; closing it too keeps the test independent of a browser's offline emulation.)
   */
  async goOffline(): Promise<void> {
    await this.context.setOffline(true);
    await this.page.evaluate(() => {
      for (const ws of (window as unknown as { __e2eSockets?: WebSocket[] }).__e2eSockets ?? []) ws.close();
    });
  }

  async goOnline(): Promise<void> {
    await this.context.setOffline(false);
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
