// A person imports contacts in a real Chromium: upload a CSV through the wizard, map a column,
// validate (a bad row is shown with its reason), skip it, start, and follow progress to the summary.
import { afterAll, beforeAll, expect, it } from 'vitest';
import pino from 'pino';
import type { Runner } from 'graphile-worker';
import { startWorker } from '../../src/jobs/worker.js';
import { signIn, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { createWorkspaceWithOwner, PASSWORD } from '../helpers/factories.js';

let app: BrowserApp;
let worker: Runner;

beforeAll(async () => {
  app = await startBrowserApp();
  // The import runs as a background job, as in production.
  worker = await startWorker({ pool: app.t.db.database.pool, db: app.t.db.database.db, concurrency: 1, logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await worker?.stop();
  await app?.close();
});

it('imports a CSV through the wizard, skipping the invalid row it reported', async () => {
  const { t, browser, base } = app;
  const { owner, workspace } = await createWorkspaceWithOwner(t, 'Acme');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();

  await signIn(page, base, owner.email, PASSWORD);

  await page.goto(`${base}/contacts/import`);
  await page.getByRole('heading', { name: 'Import contacts' }).waitFor();
  const csv = ['Full name,E-mail,Handle,Notes', 'Ada Lovelace,ada@example.com,@ada_l,first', 'Bad Row,not-an-email,,', 'Grace Hopper,grace@example.com,,second'].join('\n');
  await page.locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();

  // The mapping is suggested from the headers; "Handle" is mapped by hand.
  await expect.poll(() => page.getByLabel('E-mail', { exact: true }).inputValue()).toBe('email');
  expect(await page.getByLabel('Full name', { exact: true }).inputValue()).toBe('name');
  await page.getByLabel('Handle', { exact: true }).selectOption('identity.twitter');
  await page.getByRole('table', { name: 'Preview' }).getByText('Grace Hopper').waitFor();
  await page.getByRole('button', { name: 'Validate', exact: true }).click();

  const errors = page.getByRole('table', { name: 'Row errors' });
  await errors.getByText('"not-an-email" is not an email address').waitFor();
  await expect.poll(() => errors.getByRole('row').nth(1).textContent()).toContain('3E-mail');
  const start = page.getByRole('button', { name: 'Start import', exact: true });
  expect(await start.isDisabled()).toBe(true);
  await page.getByLabel('Skip invalid rows').check();
  await start.click();

  const summary = page.getByTestId('import-summary');
  await summary.waitFor({ timeout: 30_000 });
  expect(await summary.textContent()).toMatch(/Created\s*2/);
  await summary.getByRole('link', { name: 'Go to contacts' }).waitFor();

  const { rows } = await t.db.database.pool.query(
    `SELECT c.name, c.email, c.source, array_agg(i.channel || ':' || i.external_id ORDER BY i.channel) AS identities
       FROM contacts c JOIN identities i ON i.contact_id = c.id
      WHERE c.workspace_id = $1 GROUP BY c.id ORDER BY c.name`,
    [workspace.id],
  );
  expect(rows).toEqual([
    { name: 'Ada Lovelace', email: 'ada@example.com', source: 'import', identities: ['email:ada@example.com', 'twitter:handle:ada_l'] },
    { name: 'Grace Hopper', email: 'grace@example.com', source: 'import', identities: ['email:grace@example.com'] },
  ]);
  await context.close();
});
