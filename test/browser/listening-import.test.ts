// A person backfills listening history in a real Chromium: drop a CSV of past reviews on the import
// page, map the text column the guess missed, start, watch the import finish in a worker with a real
// pipeline, and read the rejected line with its number. The reviews are VADER study sentences (test data only).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import pino from 'pino';
import type { Runner } from 'graphile-worker';
import { startWorker } from '../../src/jobs/worker.js';
import { ListeningPipeline } from '../../src/modules/listening/pipeline/pipeline.js';
import { signIn, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { as, createWorkspaceWithOwner, PASSWORD } from '../helpers/factories.js';

let app: BrowserApp;
let worker: Runner;
let pipeline: ListeningPipeline;

const reviews = readFileSync(new URL('../fixtures/listening/vader-amazon-review-snippets.tsv', import.meta.url), 'utf8')
  .split(/\r?\n/)
  .map((line) => line.split('\t')[2]?.trim() ?? '')
  .filter((text) => / dvd /i.test(text) && !text.includes('\uFFFD') && !text.includes('"'));

beforeAll(async () => {
  app = await startBrowserApp();
  pipeline = new ListeningPipeline(app.t.db.database.db);
  // The import runs as a background job, as in production, through the worker's pipeline.
  worker = await startWorker({ pool: app.t.db.database.pool, db: app.t.db.database.db, concurrency: 1, logger: pino({ level: 'silent' }), pipeline });
});

afterAll(async () => {
  await worker?.stop();
  await pipeline?.close();
  await app?.close();
});

it('imports a CSV of past posts with a mapped column, shows live progress and the rejected line', async () => {
  const { t, browser, base } = app;
  const { owner, workspace } = await createWorkspaceWithOwner(t, 'Acme');
  const api = (url: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: as(owner, workspace.id), payload });
  const topic = (await api('/topics', { name: 'Players' })).json().data as { id: string };
  expect((await api('/queries', { topicId: topic.id, query: 'dvd' })).statusCode).toBe(201);

  const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
  const page = await context.newPage();
  await signIn(page, base, owner.email, PASSWORD);
  await page.goto(`${base}/listening/import`);
  await page.getByRole('heading', { name: 'Import past posts' }).waitFor();

  const csv = [
    'Post ID,Posted,User,Comment body,Stars',
    `r1,2024-02-01 10:00,@ada,"${reviews[0]}",5`,
    `r2,2024-02-02,grace,"${reviews[1]}",4`,
    `r3,not a date,linus,"${reviews[2]}",2`,
    `r4,2024-02-04,ken,"${reviews[3]}",1`,
  ].join('\n');
  await page.getByLabel('File of posts').setInputFiles({ name: 'reviews.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

  // The format is detected and the mapping guessed; "Comment body" is not recognised until mapped by hand.
  await page.getByRole('table', { name: 'Preview' }).getByText('grace').waitFor();
  expect(await page.getByLabel('Posted', { exact: true }).inputValue()).toBe('publishedAt');
  expect(await page.getByLabel('User', { exact: true }).inputValue()).toBe('author.handle');
  await page.getByText('Map one column to the text of the posts.').waitFor();
  await page.getByLabel('Comment body', { exact: true }).selectOption('text');
  const firstLines = page.getByRole('table', { name: 'First lines' });
  await firstLines.getByText('Rejected: publishedAt (column "Posted")').waitFor();
  await page.screenshot({ path: '/tmp/listening-import-mapping.png', fullPage: true });

  await page.getByRole('button', { name: 'Start import', exact: true }).click();
  const progress = page.getByTestId('import-progress');
  await progress.getByText('Done', { exact: true }).waitFor({ timeout: 30_000 });
  await expect.poll(() => progress.textContent()).toMatch(/Mentions stored\s*3/);
  expect(await progress.textContent()).toMatch(/Rejected lines\s*1/);
  const rejected = page.getByRole('table', { name: 'Rejected lines' });
  expect(await rejected.getByRole('row').nth(1).textContent()).toMatch(/^4publishedAt \(column "Posted"\): "not a date" is not a date/);
  await page.getByRole('table', { name: 'Past imports' }).getByText('reviews.csv').waitFor();
  await page.screenshot({ path: '/tmp/listening-import-done.png', fullPage: true });

  const { rows } = await t.db.database.pool.query('SELECT external_id, author_handle FROM mentions WHERE workspace_id = $1 ORDER BY external_id', [workspace.id]);
  expect(rows).toEqual([
    { external_id: 'r1', author_handle: 'ada' },
    { external_id: 'r2', author_handle: 'grace' },
    { external_id: 'r4', author_handle: 'ken' },
  ]);
  await context.close();
});
