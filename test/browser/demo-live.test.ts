// `parley demo` as a newcomer sees it: the command runs as its own process on the same database as
// a running Parley, and its simulated stream shows up live in the mention explorer open in a browser
// (the pipeline's events travel through PostgreSQL's NOTIFY to the server's WebSocket).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSignedIn, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { runParley, runParleyToEnd } from '../helpers/process.js';
import { TEST_SECRET } from '../helpers/app.js';

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
});

afterAll(async () => {
  await app?.close();
});

it('shows the demo stream arriving live in the explorer within a minute of `parley demo`', { timeout: 180_000 }, async () => {
  const owner = await createUser(app.t, { name: 'Nia Newcomer', email: 'nia@example.com' });
  const env = { DATABASE_URL: app.t.db.url, PARLEY_SECRET: TEST_SECRET };

  // The demo workspace with its week of history, then the explorer open on it.
  const seeded = await runParleyToEnd(['demo', '--duration', '0', '--owner-email', owner.email], env);
  expect(seeded.code, seeded.stderr).toBe(0);
  const { workspaceId } = JSON.parse(seeded.stdout) as { workspaceId: string };
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/listening`);
  await page.getByRole('status', { name: 'Demo workspace' }).waitFor();
  await expect.poll(() => page.getByTestId('mention-row').count(), { timeout: 15_000 }).toBeGreaterThan(4);
  const startedAt = (await app.t.db.database.pool.query<{ now: Date }>('SELECT now()')).rows[0]!.now;

  // The live stream, from another process.
  const stream = runParley(['demo', '--duration', '20', '--rate', '20'], env);
  try {
    // Mentions the stream stored after the page opened appear without reloading.
    // (Texts the history also has are left out: the demo repeats campaigns and retweets.)
    const streamed = async (): Promise<string[]> =>
      (
        await app.t.db.database.pool.query<{ text: string }>(
          `SELECT text FROM mentions WHERE workspace_id = $1 AND received_at > $2
           EXCEPT SELECT text FROM mentions WHERE workspace_id = $1 AND received_at <= $2`,
          [workspaceId, startedAt],
        )
      ).rows.map((row) => row.text);
    const shownLive = async (): Promise<number> => {
      const texts = new Set(await streamed());
      const rows = await page.getByTestId('mention-row').allTextContents();
      return rows.filter((row) => [...texts].some((text) => row.includes(text))).length;
    };
    await expect.poll(shownLive, { timeout: 60_000, interval: 500 }).toBeGreaterThan(2);
    await page.screenshot({ path: '/tmp/shots/demo-live.png' });
  } finally {
    stream.child.kill('SIGINT');
    await stream.exited;
    await context.close();
  }
});
