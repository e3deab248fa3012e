/**
 * Two tabs on two nodes of one cluster, talking: the header of each shows its node.
 *   npm run build && npm run cluster -- --nodes 2 &
 *   npx tsx scripts/screenshots-cluster.ts http://127.0.0.1:3000 http://127.0.0.1:3001
 * Writes docs/screenshots/16-cluster-tab-node-1.png and 17-cluster-tab-node-2.png.
 */
import path from 'node:path';
import { chromium, expect } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.ts';
import { enterRoom, say, signIn } from './ui-steps.ts';

const [first = 'http://127.0.0.1:3000', second = 'http://127.0.0.1:3001'] = process.argv.slice(2);
const outDir = path.resolve(import.meta.dirname, '..', 'docs', 'screenshots');
const suffix = Math.random().toString(36).slice(2, 6);
const roomID = `geography-${suffix}`;

const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const tabs = [];
  for (const [i, baseURL] of [first, second].entries()) {
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const health = (await (await fetch(`${baseURL}/healthz`)).json()) as { nodeID: string; store: string };
    await signIn(page, i === 0 ? `mira-${suffix}` : `theo-${suffix}`, i === 0 ? 'Mira (teacher)' : 'Theo');
    await expect(page.getByTestId('server-node')).toHaveText(`node ${health.nodeID}`);
    console.log(`  tab ${i + 1}: ${baseURL}, node ${health.nodeID}, store ${health.store}`);
    tabs.push(page);
  }
  const [mira, theo] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
  await enterRoom(mira, roomID, 'Geography · Year 9');
  await enterRoom(theo, roomID, '');
  await mira.getByText('2 members', { exact: true }).waitFor();
  await say(mira, 'Good morning! Which river is the longest in Europe?');
  await theo.getByRole('log', { name: 'Messages' }).getByText('longest in Europe').waitFor();
  await say(theo, 'The Volga, 3,530 km.');
  await mira.getByRole('log', { name: 'Messages' }).getByText('The Volga').waitFor();
  for (const [i, page] of tabs.entries()) {
    const file = path.join(outDir, `${16 + i}-cluster-tab-node-${i + 1}.png`);
    await page.screenshot({ path: file });
    console.log(`  ${path.relative(process.cwd(), file)}`);
  }
} finally {
  await browser.close();
}
