/**
 * The class controls as a person finds them: the "Class actions" group in the room header, the
 * host's buttons on member rows, the notices. Functions over a ConveneUser's page.
 */
import { expect, type Locator } from '@playwright/test';
import type { ConveneUser } from './convene-user.ts';

export function classActions(user: ConveneUser): Locator {
  return user.page.getByRole('group', { name: 'Class actions' });
}

export function handButton(user: ConveneUser): Locator {
  return classActions(user).getByRole('button', { name: /(Raise|Lower) hand/ });
}

export async function raiseHand(user: ConveneUser): Promise<void> {
  await classActions(user).getByRole('button', { name: 'Raise hand' }).click();
  await expect(handButton(user)).toHaveAttribute('aria-pressed', 'true');
}

/** The member rows' display names (without "(you)" or "host"), top to bottom. */
export async function memberOrder(user: ConveneUser): Promise<string[]> {
  return user.members.evaluateAll((items) =>
    items
      .map((li) => ({
        top: li.getBoundingClientRect().top,
        name: li.querySelector('span span')?.firstChild?.textContent ?? '',
      }))
      .sort((a, b) => a.top - b.top)
      .map((row) => row.name),
  );
}

export function handsBadge(user: ConveneUser): Locator {
  return user.membersRegion.getByText(/hands? raised$/);
}

export async function removeMember(host: ConveneUser, student: ConveneUser, reason: string): Promise<void> {
  await host.membersRegion.getByRole('button', { name: `Remove ${student.userName}` }).click();
  const dialog = host.page.getByRole('dialog', { name: `Remove ${student.userName}` });
  await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason);
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(dialog).toBeHidden();
}

export async function endClass(host: ConveneUser): Promise<void> {
  await classActions(host).getByRole('button', { name: 'End class' }).click();
  await host.page.getByRole('dialog', { name: 'End the class?' }).getByRole('button', { name: 'End class' }).click();
}

export async function setTopic(host: ConveneUser, topic: string): Promise<void> {
  await classActions(host).getByRole('button', { name: 'Set topic' }).click();
  const dialog = host.page.getByRole('dialog', { name: 'Set the topic' });
  await dialog.getByRole('textbox', { name: 'Topic' }).fill(topic);
  await dialog.getByRole('button', { name: 'Set topic' }).click();
  await expect(dialog).toBeHidden();
}

export async function addSimulatedStudents(host: ConveneUser, count: number): Promise<void> {
  await classActions(host).getByRole('button', { name: 'Add simulated students' }).click();
  const dialog = host.page.getByRole('dialog', { name: 'Add simulated students' });
  await dialog.getByRole('spinbutton', { name: 'Number of students' }).fill(String(count));
  await dialog.getByRole('button', { name: 'Add students' }).click();
  await expect(dialog).toBeHidden();
}

export function notice(user: ConveneUser, text: string | RegExp): Locator {
  return user.page.getByRole('alert').filter({ hasText: text });
}

/** Signed in, in the lobby. */
export async function expectInLobby(user: ConveneUser): Promise<void> {
  await expect(user.page).toHaveURL(/\/lobby$/);
  await expect(user.page.getByRole('heading', { name: `Welcome, ${user.userName}` })).toBeVisible();
}
