/** Every screen usable by keyboard, every control named (the e2e locators depend on it too). */
import type { Page } from '@playwright/test';
import { expect, test, unique } from './support/fixtures.ts';

const CONTROL_ROLES = ['button', 'link', 'textbox', 'checkbox', 'spinbutton', 'tab'] as const;

async function expectAllControlsNamed(page: Page): Promise<void> {
  for (const role of CONTROL_ROLES) {
    for (const control of await page.getByRole(role).all()) {
      await expect(control, `a ${role} without an accessible name`).toHaveAccessibleName(/\S/);
    }
  }
}

test('every control on every screen has an accessible name', async ({ users }) => {
  const alice = await users.create('Alice', { signIn: false });
  await alice.page.goto('/');
  await expect(alice.page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await expectAllControlsNamed(alice.page);

  await alice.signIn();
  await alice.lobbyForm('Create a room').getByRole('button', { name: '+ Add attribute' }).click();
  await expectAllControlsNamed(alice.page);

  await alice.createRoom(unique('named'), { attributes: { k: 'v' } });
  await alice.send('hello');
  await expectAllControlsNamed(alice.page);

  await alice.roomActions.getByRole('button', { name: 'Switch room' }).click();
  await alice.switchDialog.getByLabel('Create the room if it does not exist').check();
  await alice.switchDialog.getByRole('button', { name: '+ Add attribute' }).click();
  await expectAllControlsNamed(alice.page);
  await alice.page.keyboard.press('Escape');
  await expect(alice.switchDialog).toBeHidden();

  await alice.roomActions.getByRole('button', { name: 'Attributes' }).click();
  await expectAllControlsNamed(alice.page);
});

test('keyboard only: sign in, enter a room, talk, move between rooms', async ({ users }) => {
  const alice = await users.create('Alice', { signIn: false });
  const { page } = alice;
  const room1 = unique('kb-a');
  const room2 = unique('kb-b');

  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await page.getByLabel('User ID').focus();
  await page.keyboard.type(alice.userID);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Display name')).toBeFocused();
  await page.keyboard.type('Alice');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Welcome, Alice' })).toBeVisible();

  for (const [roomID, name] of [
    [room1, 'One'],
    [room2, 'Two'],
  ] as const) {
    if (roomID === room2) {
      await page.getByRole('link', { name: 'Lobby', exact: true }).focus();
      await page.keyboard.press('Enter');
    }
    const form = alice.lobbyForm('Enter a room');
    await form.getByLabel('Room ID').focus();
    await page.keyboard.type(roomID);
    await page.keyboard.press('Tab');
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
    await alice.expectActiveRoom(roomID);
  }

  // Enter sends, Shift+Enter would add a line.
  await page.getByRole('textbox', { name: 'Message' }).focus();
  await page.keyboard.type('typed, not clicked');
  await page.keyboard.press('Enter');
  await expect(alice.messages.getByText('typed, not clicked')).toBeVisible();

  // Arrow keys move between the room tabs.
  await alice.roomTab(room2).focus();
  await page.keyboard.press('ArrowUp');
  await expect(alice.roomTab(room1)).toBeFocused();
  await alice.expectActiveRoom(room1);
  await page.keyboard.press('End');
  await alice.expectActiveRoom(room2);

  // The switch dialog opens, takes focus and closes with Escape.
  await alice.roomActions.getByRole('button', { name: 'Switch room' }).focus();
  await page.keyboard.press('Enter');
  await expect(alice.switchDialog.getByLabel('Target room ID')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(alice.switchDialog).toBeHidden();
});

test('sign out leaves every room: the others see the leave, and the sign-in screen returns', async ({ users }) => {
  const alice = await users.create('Alice');
  const bob = await users.create('Bob');
  const room = unique('bye');
  await alice.createRoom(room);
  await bob.joinRoom(room);
  await alice.expectMemberCount(2);

  await bob.page.getByRole('button', { name: 'Sign out' }).click();
  await expect(bob.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await alice.expectMemberCount(1);

  // A reload after signing out does not bring the session back.
  await bob.page.reload();
  await expect(bob.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(bob.page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
});
