/**
 * Screenshots of the main screens, taken from a running app with real users doing real things:
 *   npm run build && npm run start &           # or any running Convene
 *   npx tsx scripts/screenshots.ts [http://127.0.0.1:3000]   (or CONVENE_URL=…)
 * Writes docs/screenshots/*.png. Room IDs get a random suffix, so it can run against a server in use.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, expect } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.ts';
import { classScreens } from './screenshots-class.ts';
import {
  baseURL,
  enterRoom,
  newUser,
  outDir,
  PHONE,
  PROJECTOR,
  DESKTOP,
  say,
  shot,
  signIn,
  suffix,
} from './screenshot-kit.ts';

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch(chromiumLaunchOptions());
  console.log(`Screenshots of ${baseURL} → ${path.relative(process.cwd(), outDir)}`);
  try {
    const physics = `physics-${suffix}`;
    const staff = `staff-room-${suffix}`;
    const ada = await newUser(browser);
    const grace = await newUser(browser);
    const alan = await newUser(browser);

    // Sign in and lobby.
    await ada.page.goto('/');
    await expect(ada.page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await shot(ada.page, '01-sign-in');
    await signIn(ada.page, `ada-${suffix}`, 'Ada Lovelace');
    await shot(ada.page, '02-lobby');

    // Ada creates a room with attributes; two more people join it.
    const create = ada.page.getByRole('form', { name: 'Create a room' });
    await create.getByLabel('Room ID').fill(physics);
    await create.getByLabel('Room name').fill('Physics 101 · Period 2');
    await create.getByLabel('Destroy delay (seconds)').fill('300');
    await create.getByRole('button', { name: '+ Add attribute' }).click();
    await create.getByLabel('Attribute 1 key').fill('teacher');
    await create.getByLabel('Attribute 1 value').fill('Ms Lovelace');
    await create.getByRole('button', { name: '+ Add attribute' }).click();
    await create.getByLabel('Attribute 2 key').fill('topic');
    await create.getByLabel('Attribute 2 value').fill('Newton’s laws');
    await shot(ada.page, '03-lobby-create-room');
    await create.getByRole('button', { name: 'Create room' }).click();
    await ada.page.getByRole('tabpanel').getByRole('heading', { name: 'Physics 101 · Period 2' }).waitFor();

    await signIn(grace.page, `grace-${suffix}`, 'Grace Hopper');
    const join = grace.page.getByRole('form', { name: 'Join a room' });
    await join.getByLabel('Room ID').fill(physics);
    await join.getByRole('button', { name: 'Join room' }).click();
    await grace.page.getByRole('tabpanel').waitFor();
    await signIn(alan.page, `alan-${suffix}`, 'Alan Turing');
    await enterRoom(alan.page, physics, '');

    await say(ada.page, 'Good morning! Today: Newton’s three laws. Questions welcome at any time.');
    await say(grace.page, 'Morning! Is the lab report due Friday?');
    await say(ada.page, 'Yes, Friday 5 pm. A <b>draft</b> is fine — and yes, that was typed as literal text.');
    await say(alan.page, 'Could we go over the second law with an example?');
    await enterRoom(ada.page, staff, 'Staff room');
    await say(ada.page, 'Physics lab is free after lunch.');
    await ada.page.getByRole('tab', { name: /Physics 101/ }).click();
    await ada.page.getByRole('log', { name: 'Messages' }).getByText('second law').waitFor();

    // Someone leaves, so the timeline shows it.
    await alan.page.getByRole('button', { name: 'Leave room' }).click();
    await ada.page.getByText('1 member left').first().waitFor();
    await enterRoom(alan.page, physics, '');
    await ada.page.getByText('3 members', { exact: true }).waitFor();

    await shot(ada.page, '04-workspace');
    await ada.page.getByRole('region', { name: 'Members' }).screenshot({ path: path.join(outDir, '05-members.png') });
    await ada.page.getByRole('tabpanel').screenshot({ path: path.join(outDir, '06-messages.png') });
    await ada.page
      .getByRole('region', { name: 'Event timeline' })
      .screenshot({ path: path.join(outDir, '07-timeline.png') });
    console.log('  docs/screenshots/05-members.png, 06-messages.png, 07-timeline.png');

    // Switch dialog, and a failed switch (the target does not exist, "create" off).
    await grace.page.getByRole('button', { name: 'Switch room' }).click();
    const dialog = grace.page.getByRole('dialog', { name: 'Switch room' });
    await dialog.getByLabel('Target room ID').fill(`missing-${suffix}`);
    await dialog.getByRole('button', { name: 'Switch' }).click();
    await dialog.getByRole('alert').waitFor();
    await shot(grace.page, '08-switch-failed');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The server's error in the lobby: creating a room that exists.
    await grace.page.getByRole('link', { name: 'Lobby', exact: true }).click();
    const graceCreate = grace.page.getByRole('form', { name: 'Create a room' });
    await graceCreate.getByLabel('Room ID').fill(physics);
    await graceCreate.getByRole('button', { name: 'Create room' }).click();
    await graceCreate.getByRole('alert').waitFor();
    await shot(grace.page, '09-lobby-error');

    // The projector.
    await ada.page.setViewportSize(PROJECTOR);
    await shot(ada.page, '10-workspace-1920');
    await ada.page.setViewportSize(DESKTOP);

    // Reconnecting: the banner while the network is gone.
    await alan.context.setOffline(true);
    await alan.page.evaluate(() => {
      // Chromium 156 drops open WebSockets when going offline; closing them too keeps this
      // independent of how a browser emulates offline.
      for (const ws of (window as unknown as { __sockets?: WebSocket[] }).__sockets ?? []) ws.close();
    });
    await alan.page
      .getByRole('alert')
      .filter({ hasText: 'reconnecting' })
      .waitFor({ timeout: 15_000 })
      .catch(() => undefined);
    await shot(alan.page, '11-reconnecting');
    await alan.context.setOffline(false);

    // Phone width.
    const phone = await newUser(browser, PHONE);
    await phone.page.goto('/');
    await expect(phone.page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await shot(phone.page, '12-phone-sign-in');
    await signIn(phone.page, `katherine-${suffix}`, 'Katherine Johnson');
    await shot(phone.page, '13-phone-lobby', true);
    await enterRoom(phone.page, physics, '');
    await say(phone.page, 'Joining from my phone — on the bus, back in ten.');
    await shot(phone.page, '14-phone-workspace');
    await shot(phone.page, '15-phone-workspace-full', true);

    for (const user of [ada, grace, alan, phone]) await user.context.close();

    await classScreens(browser);
  } finally {
    await browser.close();
  }
}

await main();
