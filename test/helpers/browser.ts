// The setup every browser test shares: the app on a real port (serving the built web app) and a
// headless Debian Chromium, plus signing a person in through the login page.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { webDistFolder } from '../../src/lib/paths.js';
import { buildTestApp, type TestApp } from './app.js';
import { freePort } from './process.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type BrowserApp = { t: TestApp; browser: Browser; base: string; close(): Promise<void> };

export async function startBrowserApp(): Promise<BrowserApp> {
  if (!existsSync(`${webDistFolder}/index.html`)) throw new Error('The web app is not built: run `npm run build:web` first.');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await buildTestApp({ publicUrl: base });
  await t.app.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps calling home, which this network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    t,
    browser,
    base,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/** Signs in through the login page and waits for the app shell. */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Settings' }).waitFor();
}

/** A new 1440×900 page in the given colour scheme, signed in, with the app set to the given workspace. */
export async function openSignedIn(app: BrowserApp, user: { email: string }, password: string, scheme: 'light' | 'dark', workspaceId?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
  const page = await context.newPage();
  await signIn(page, app.base, user.email, password);
  // A string, since the test's TypeScript has no DOM types.
  if (workspaceId) await page.evaluate(`localStorage.setItem('parley.workspace', ${JSON.stringify(workspaceId)})`);
  return { context, page };
}

/** A screenshot of the viewport into `folder`, once animations have settled. */
export async function screenshot(page: Page, folder: string, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${folder}/${name}.png` });
}
