/** What a person does in the web app, as Playwright steps shared by the screenshot scripts. */
import type { Page } from '@playwright/test';

export async function signIn(page: Page, userID: string, userName: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('User ID').fill(userID);
  await page.getByLabel('Display name').fill(userName);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
}

export async function enterRoom(page: Page, roomID: string, roomName: string): Promise<void> {
  if (!page.url().endsWith('/lobby')) await page.getByRole('link', { name: 'Lobby', exact: true }).click();
  const form = page.getByRole('form', { name: 'Enter a room' });
  await form.getByLabel('Room ID').fill(roomID);
  await form.getByLabel('Room name').fill(roomName);
  await form.getByRole('button', { name: 'Enter room' }).click();
  await page.getByRole('tabpanel').getByRole('heading', { level: 1 }).waitFor();
}

export async function say(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('log', { name: 'Messages' }).getByText(text).last().waitFor();
}
