/**
 * Screenshots of a class (run by scripts/screenshots.ts): raised hands on top for the host, the
 * remove dialog and the removed student's notice in the lobby, a demo class with simulated
 * students, and the class ended.
 */
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { newUser, outDir, say, shot, signIn, suffix } from './screenshot-kit.ts';

async function openLobby(page: Page): Promise<void> {
  if (!page.url().endsWith('/lobby')) await page.getByRole('link', { name: 'Lobby', exact: true }).click();
}

async function joinRoom(page: Page, roomID: string): Promise<void> {
  await openLobby(page);
  const form = page.getByRole('form', { name: 'Join a room' });
  await form.getByLabel('Room ID').fill(roomID);
  await form.getByRole('button', { name: 'Join room' }).click();
  await page.getByRole('group', { name: 'Class actions' }).waitFor();
}

function classActions(page: Page) {
  return page.getByRole('group', { name: 'Class actions' });
}

export async function classScreens(browser: Browser): Promise<void> {
  const roomID = `physics-class-${suffix}`;
  const host = await newUser(browser);
  const students = await Promise.all(['Bob Stone', 'Cleo Park', 'Dev Patel'].map(() => newUser(browser)));
  const [bob, cleo, dev] = students as [typeof host, typeof host, typeof host];

  await signIn(host.page, `rivera-${suffix}`, 'Ms. Rivera');
  const create = host.page.getByRole('form', { name: 'Create a room' });
  await create.getByLabel('Room ID').fill(roomID);
  await create.getByLabel('Room name').fill('Physics 101');
  await create.getByRole('button', { name: 'Create room' }).click();
  await classActions(host.page).waitFor();
  await classActions(host.page).getByRole('button', { name: 'Set topic' }).click();
  const topic = host.page.getByRole('dialog', { name: 'Set the topic' });
  await topic.getByRole('textbox', { name: 'Topic' }).fill('Newton’s laws of motion');
  await topic.getByRole('button', { name: 'Set topic' }).click();

  for (const [user, id, name] of [
    [bob, 'bob', 'Bob Stone'],
    [cleo, 'cleo', 'Cleo Park'],
    [dev, 'dev', 'Dev Patel'],
  ] as const) {
    await signIn(user.page, `${id}-${suffix}`, name);
    await joinRoom(user.page, roomID);
  }
  await say(host.page, 'Welcome! Raise your hand when you have a question.');
  await say(bob.page, 'Is the second law F = ma in every frame?');
  for (const user of [dev, cleo]) await classActions(user.page).getByRole('button', { name: 'Raise hand' }).click();
  await host.page.getByText('2 hands raised').waitFor();
  await shot(host.page, '16-class-hands-host');
  await host.page
    .getByRole('region', { name: 'Members' })
    .screenshot({ path: path.join(outDir, '17-class-members-host.png') });
  console.log('  docs/screenshots/17-class-members-host.png');
  await shot(cleo.page, '18-class-student');

  // The host removes Bob, with a reason; Bob is back in the lobby with a notice.
  await host.page.getByRole('button', { name: 'Remove Bob Stone' }).click();
  const remove = host.page.getByRole('dialog', { name: 'Remove Bob Stone' });
  await remove.getByRole('textbox', { name: 'Reason' }).fill('Phones away during the quiz, please');
  await shot(host.page, '19-class-remove-dialog');
  await remove.getByRole('button', { name: 'Remove', exact: true }).click();
  await bob.page.getByRole('alert').filter({ hasText: 'removed you from Physics 101' }).waitFor();
  await bob.page.waitForURL(/\/lobby$/);
  await shot(bob.page, '20-class-removed-notice');

  // A demo class: simulated students join, talk and raise hands.
  await classActions(host.page).getByRole('button', { name: 'Add simulated students' }).click();
  const demo = host.page.getByRole('dialog', { name: 'Add simulated students' });
  await demo.getByRole('spinbutton', { name: 'Number of students' }).fill('12');
  await shot(host.page, '21-class-demo-dialog');
  await demo.getByRole('button', { name: 'Add students' }).click();
  await host.page.getByText('15 members', { exact: true }).waitFor();
  await host.page
    .getByRole('log', { name: 'Messages' })
    .getByRole('article', { name: /\(sim\) at / })
    .nth(3)
    .waitFor({ timeout: 20_000 });
  await shot(host.page, '22-class-demo');

  // The host ends the class.
  await classActions(host.page).getByRole('button', { name: 'End class' }).click();
  await host.page.getByRole('dialog', { name: 'End the class?' }).getByRole('button', { name: 'End class' }).click();
  await cleo.page.getByRole('alert').filter({ hasText: 'The class has ended' }).waitFor();
  await cleo.page.waitForURL(/\/lobby$/);
  await cleo.page.getByRole('heading', { name: /Welcome/ }).waitFor();
  await shot(cleo.page, '23-class-ended');

  for (const user of [host, ...students]) await user.context.close();
}
