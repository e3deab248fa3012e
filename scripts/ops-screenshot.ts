/**
 * The operations page's screenshot, with real traffic: SDK users (in this process) in three
 * rooms, chatting for a minute, some of them hitting a limit, while Chromium shows /ops.
 *   CONVENE_SERVER_SECRET=… npm run start &
 *   CONVENE_SERVER_SECRET=… npx tsx scripts/ops-screenshot.ts [http://127.0.0.1:3000]
 * Writes docs/screenshots/16-ops.png.
 */
import path from 'node:path';
import { chromium } from '@playwright/test';
import { ZIM, ZIMMessagePriority, ZIMMessageType } from '../lib/zim/index.ts';
import { chromiumLaunchOptions } from './chromium.ts';

const baseURL = (process.argv[2] ?? process.env.CONVENE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const secret = process.env.CONVENE_SERVER_SECRET;
if (!secret) throw new Error('Set CONVENE_SERVER_SECRET to the running server’s secret');
const suffix = Math.random().toString(36).slice(2, 6);
const file = path.resolve(import.meta.dirname, '..', 'docs', 'screenshots', '16-ops.png');
const rooms = [
  { roomID: `physics-7b-${suffix}`, roomName: 'Physics 7B', people: 18 },
  { roomID: `keynote-${suffix}`, roomName: 'Keynote Q&A', people: 9 },
  { roomID: `staff-${suffix}`, roomName: 'Staff room', people: 4 },
];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const users: { zim: ZIM; roomID: string }[] = [];
for (const room of rooms) {
  for (let i = 0; i < room.people; i++) {
    const zim = ZIM.create({ server: baseURL, persistSession: false });
    await zim.login(`${room.roomID.slice(0, 10)}-${i}-${suffix}`, { userName: `Person ${i + 1}` });
    await zim.enterRoom({ roomID: room.roomID, roomName: room.roomName });
    users.push({ zim, roomID: room.roomID });
  }
}

const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage({ baseURL, viewport: { width: 1440, height: 1000 } });
await page.goto('/ops');
await page.getByLabel('Server secret').fill(secret);
await page.getByRole('button', { name: 'Open the live view' }).click();
await page.getByRole('heading', { name: /^Rooms/ }).waitFor();

// A minute of chat that speeds up and slows down, and one user who tries a room it may not.
for (let second = 0; second < 60; second++) {
  const burst = 2 + Math.round(6 * Math.abs(Math.sin(second / 9)));
  await Promise.all(
    users.slice(0, burst).map(({ zim, roomID }, i) =>
      zim
        .sendMessage({ type: ZIMMessageType.Text, message: `note ${second}-${i}` }, roomID, 1, {
          priority: ZIMMessagePriority.Low,
        })
        .catch(() => undefined),
    ),
  );
  if (second % 20 === 5) await users[0]!.zim.joinRoom(`no-such-room-${suffix}`).catch(() => undefined);
  await pause(1000);
}
await page.screenshot({ path: file, fullPage: true });
console.log(`  ${path.relative(process.cwd(), file)}`);
await browser.close();
for (const { zim } of users) await zim.logout().catch(() => undefined);
for (const { zim } of users) zim.destroy();
