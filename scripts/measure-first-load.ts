/**
 * First-load JavaScript of the room page, as a browser receives it: the compressed bytes of every
 * script response while /rooms loads in a fresh browser (empty cache) for a signed-in session.
 *   npx tsx scripts/measure-first-load.ts [http://127.0.0.1:3000]   (or CONVENE_URL=…)
 * Prints each script and the total in kB (1 kB = 1000 bytes). Exit code 1 above the budget.
 */
import { chromium, type Request } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.ts';

const baseURL = (process.argv[2] ?? process.env.CONVENE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const BUDGET_KB = Number(process.env.FIRST_LOAD_BUDGET_KB ?? 150);

interface ScriptLoad {
  url: string;
  /** Bytes on the wire (body, compressed as sent), from the CDP's encodedDataLength minus headers. */
  transfer: number;
  /** Bytes after decompression. */
  decoded: number;
  encoding: string;
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);

async function main(): Promise<void> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ baseURL });
    // A returning session (what a reload of the room page is): the app signs in from sessionStorage.
    const userID = `measure-${Math.random().toString(36).slice(2, 8)}`;
    await context.addInitScript(
      (user) => {
        sessionStorage.setItem('convene:user', JSON.stringify(user));
      },
      { userID, userName: 'First-load probe' },
    );
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });

    const scripts = new Map<string, ScriptLoad>();
    cdp.on('Network.responseReceived', (event) => {
      if (event.type !== 'Script') return;
      const headers = Object.fromEntries(
        Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
      );
      scripts.set(event.requestId, {
        url: event.response.url,
        transfer: 0,
        decoded: 0,
        encoding: headers['content-encoding'] ?? 'identity',
      });
    });
    const finished: Promise<void>[] = [];
    cdp.on('Network.loadingFinished', (event) => {
      const script = scripts.get(event.requestId);
      if (script) script.transfer = event.encodedDataLength;
    });
    const requests: Request[] = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() === 'script') requests.push(request);
    });

    await page.goto('/rooms', { waitUntil: 'networkidle' });
    await page.getByRole('status', { name: 'Connection: Connected' }).waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    await Promise.all(finished);

    // Body sizes from Playwright (headers excluded), matched by URL; CDP's figure includes headers.
    for (const request of requests) {
      const sizes = await request.sizes();
      const response = await request.response();
      const decoded = (await response?.body().catch(() => undefined))?.byteLength ?? 0;
      for (const script of scripts.values()) {
        if (script.url === request.url()) {
          script.transfer = sizes.responseBodySize;
          script.decoded = decoded;
        }
      }
    }

    const list = [...scripts.values()].sort((a, b) => b.transfer - a.transfer);
    const total = list.reduce((sum, s) => sum + s.transfer, 0);
    const totalDecoded = list.reduce((sum, s) => sum + s.decoded, 0);
    console.log(`First-load JavaScript of ${baseURL}/rooms (${list.length} scripts)`);
    for (const s of list) {
      console.log(
        `  ${kB(s.transfer).padStart(7)} kB  (${kB(s.decoded).padStart(6)} kB raw, ${s.encoding})  ${new URL(s.url).pathname}`,
      );
    }
    console.log(`Total: ${kB(total)} kB compressed (${kB(totalDecoded)} kB uncompressed); budget ${BUDGET_KB} kB`);
    await context.close();
    if (total / 1000 > BUDGET_KB) process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

await main();
