/**
 * First-load JavaScript of each page, as Chromium receives it from a production build with an
 * empty cache: the scripts requested before the page's load event (what the first paint waits
 * for), and apart from them the scripts loaded after it (the SDK and a screen's code, which
 * arrive while the session signs in) up to the moment the page is ready to use.
 *   npm run build && npm run bench:first-load [-- http://127.0.0.1:3000]
 * Without a URL it starts the built app itself on a free port and stops it after. Sizes are the
 * bytes on the wire as the app serves them (gzip from Next's compression), and the same bodies
 * compressed with brotli 11 (what a CDN in front would send). 1 kB = 1000 bytes. Exit code 1 when
 * a page's first load is over the budget (FIRST_LOAD_BUDGET_KB, 150).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../scripts/chromium.ts';
import { freePort, own, stopChild, waitUntil } from '../test/helpers/processes.ts';

const BUDGET_KB = Number(process.env.FIRST_LOAD_BUDGET_KB ?? 150);

interface PageCase {
  path: string;
  /** A saved session, so the page signs in again as a reload of it would. */
  signedIn: boolean;
  ready: (page: Page) => Promise<unknown>;
}

const connected = (page: Page) =>
  page.getByRole('status', { name: 'Connection: Connected' }).waitFor({ timeout: 20_000 });

const PAGES: PageCase[] = [
  {
    path: '/',
    signedIn: false,
    ready: (page) => page.getByRole('button', { name: 'Sign in', disabled: false }).waitFor(),
  },
  {
    path: '/lobby',
    signedIn: true,
    ready: (page) =>
      page
        .getByRole('button', { name: /create/i })
        .first()
        .waitFor(),
  },
  { path: '/rooms', signedIn: true, ready: connected },
  { path: '/ops', signedIn: false, ready: (page) => page.getByRole('button').first().waitFor() },
];

interface Script {
  url: string;
  requestedAt: number;
  wire: number;
  body: Buffer | null;
}

interface PageLoad {
  path: string;
  first: Script[];
  later: Script[];
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);
const sum = (list: Script[], size: (s: Script) => number) => list.reduce((total, s) => total + size(s), 0);
const brotli = (s: Script) =>
  s.body ? brotliCompressSync(s.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength : 0;

async function measure(browser: Browser, baseURL: string, target: PageCase): Promise<PageLoad> {
  const context = await browser.newContext({ baseURL });
  try {
    if (target.signedIn) {
      const user = { userID: `probe-${Math.random().toString(36).slice(2, 8)}`, userName: 'First-load probe' };
      await context.addInitScript((saved) => sessionStorage.setItem('convene:user', JSON.stringify(saved)), user);
    }
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Page.enable');
    const scripts = new Map<string, Script>();
    let loadedAt = Infinity;
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.type === 'Script')
        scripts.set(e.requestId, { url: e.request.url, requestedAt: e.timestamp, wire: 0, body: null });
    });
    // The body's bytes on the wire (without headers), as the browser counted them.
    cdp.on('Network.dataReceived', (e) => {
      const script = scripts.get(e.requestId);
      if (script) script.wire += e.encodedDataLength;
    });
    cdp.on('Page.loadEventFired', (e) => (loadedAt = Math.min(loadedAt, e.timestamp)));
    await page.goto(target.path, { waitUntil: 'load' });
    await target.ready(page);
    await page.waitForLoadState('networkidle');
    for (const [requestId, script] of scripts) {
      const { body, base64Encoded } = await cdp.send('Network.getResponseBody', { requestId });
      script.body = Buffer.from(body, base64Encoded ? 'base64' : 'utf8');
    }
    const all = [...scripts.values()].sort((a, b) => b.wire - a.wire);
    return {
      path: target.path,
      first: all.filter((s) => s.requestedAt <= loadedAt),
      later: all.filter((s) => s.requestedAt > loadedAt),
    };
  } finally {
    await context.close();
  }
}

function report(load: PageLoad): boolean {
  const first = sum(load.first, (s) => s.wire);
  const pass = first / 1000 <= BUDGET_KB;
  console.log(
    `\n${load.path}: first load ${kB(first)} kB as served, ${kB(sum(load.first, brotli))} kB brotli, ` +
      `${kB(sum(load.first, (s) => s.body?.byteLength ?? 0))} kB raw, ${load.first.length} scripts ` +
      `(budget ${BUDGET_KB} kB: ${pass ? 'PASS' : 'FAIL'}); after the load event ${kB(sum(load.later, (s) => s.wire))} kB ` +
      `in ${load.later.length} scripts`,
  );
  for (const [label, list] of [
    ['first', load.first],
    ['later', load.later],
  ] as const) {
    for (const s of list) {
      const raw = s.body?.byteLength ?? 0;
      console.log(
        `  ${label}  ${kB(s.wire).padStart(6)} kB  (${kB(raw).padStart(6)} kB raw)  ${new URL(s.url).pathname}`,
      );
    }
  }
  return pass;
}

/** The built app on a free port (NODE_ENV=production), stopped by its pid. */
async function startApp(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('no production build: run `npm run build` first');
  const port = await freePort();
  const child = own(
    spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', CONVENE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    'the app answering',
    () =>
      fetch(url).then(
        (r) => r.ok,
        () => false,
      ),
    60_000,
    200,
  );
  return { url, stop: () => stopChild(child) };
}

async function main(): Promise<void> {
  const given = (process.argv[2] ?? process.env.CONVENE_URL)?.replace(/\/$/, '');
  const app = given ? { url: given, stop: () => Promise.resolve() } : await startApp();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    console.log(`First-load JavaScript, ${app.url}, Chromium ${browser.version()}, empty cache`);
    let allPass = true;
    for (const target of PAGES) allPass = report(await measure(browser, app.url, target)) && allPass;
    if (!allPass) process.exitCode = 1;
  } finally {
    await browser.close();
    await app.stop();
  }
}

await main();
