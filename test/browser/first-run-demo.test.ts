// First run with "try Parley with demo data": the owner lands in a demo workspace full of sample
// mentions, told on every screen that it is the demo, with their own workspace one click away.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser.js';

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
});

afterAll(async () => {
  await app?.close();
});

it('creates a demo workspace at first run and opens it, marked as the demo', { timeout: 120_000 }, async () => {
  const { t, browser, base } = app;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();

  await page.goto(base);
  await page.waitForURL(/\/setup$/);
  await page.getByLabel('Your name').fill('Dana Owner');
  await page.getByLabel('Email').fill('dana@example.com');
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByLabel('Workspace name').fill('Northwind');
  await page.getByLabel('Also try Parley with demo data').check();
  await page.getByRole('button', { name: 'Create workspace' }).click();

  await page.waitForURL(/\/listening/, { timeout: 60_000 });
  const banner = page.getByRole('status', { name: 'Demo workspace' });
  await banner.waitFor({ timeout: 30_000 });
  await expect(banner.textContent()).resolves.toContain('sample data');
  await page.screenshot({ path: '/tmp/shots/first-run-demo.png' });

  // The demo really holds mentions, stored through the pipeline, in the workspace now shown.
  const rows = await t.db.database.pool.query<{ name: string; mentions: number }>(
    `SELECT w.name, (SELECT count(*)::int FROM mentions m WHERE m.workspace_id = w.id) AS mentions FROM workspaces w ORDER BY w.created_at`,
  );
  expect(rows.rows.map((row) => row.name)).toEqual(['Northwind', 'Demo — Lumen Coffee (sample data)']);
  expect(rows.rows[0]!.mentions).toBe(0);
  expect(rows.rows[1]!.mentions).toBeGreaterThan(100);

  // One click back to their own workspace, where no banner shows.
  await banner.getByRole('button', { name: 'Northwind' }).click();
  await expect(banner.waitFor({ state: 'detached', timeout: 10_000 }).then(() => true)).resolves.toBe(true);
  await context.close();
});
