// Cron jobs on the real graphile-worker: the options Parley schedules them with keep one run at a time.
import { Logger, makeWorkerUtils, run } from 'graphile-worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { cronItemsOf } from './worker.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.drop());

const silent = new Logger(() => () => {});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('schedules only the jobs with a cron line, each in a queue of its own', () => {
  const items = cronItemsOf([{ id: 'a.every_minute', cron: '* * * * *' }, { id: 'b.on_demand' }, { id: 'c.hourly', cron: '17 * * * *' }]);
  expect(items.map((item) => [item.task, item.match, item.options?.queueName])).toEqual([
    ['a.every_minute', '* * * * *', 'cron:a.every_minute'],
    ['c.hourly', '17 * * * *', 'cron:c.hourly'],
  ]);
});

it('starts the next run of a cron job only once a run that outlasted its period has ended', { timeout: 30_000 }, async () => {
  const [item] = cronItemsOf([{ id: 'test.slow_cron', cron: '* * * * *' }]);
  const runs: { run: number; startedAt: number; endedAt: number }[] = [];
  let running = 0;
  let mostAtOnce = 0;
  let firstStarted!: () => void;
  const started = new Promise<void>((resolve) => (firstStarted = resolve));
  const runner = await run({
    pgPool: database.database.pool,
    concurrency: 4,
    pollInterval: 100,
    noHandleSignals: true,
    logger: silent,
    taskList: {
      [item!.task]: async (payload) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        const startedAt = Date.now();
        firstStarted();
        await sleep(500);
        running -= 1;
        runs.push({ run: (payload as { run: number }).run, startedAt, endedAt: Date.now() });
      },
    },
  });
  const utils = await makeWorkerUtils({ pgPool: database.database.pool, logger: silent });
  try {
    // As graphile-worker's cron adds each minute's run: the item's queue and job key.
    const spec = { queueName: item!.options!.queueName, jobKey: item!.options!.jobKey };
    await utils.addJob(item!.task, { run: 1 }, spec);
    await started;
    // The next minute comes while the first run still runs (its job is locked, so the key makes a new job).
    await utils.addJob(item!.task, { run: 2 }, spec);
    const deadline = Date.now() + 20_000;
    while (runs.length < 2 && Date.now() < deadline) await sleep(50);
  } finally {
    await utils.release();
    await runner.stop();
  }
  expect(runs.map((each) => each.run)).toEqual([1, 2]);
  expect(mostAtOnce).toBe(1);
  expect(runs[1]!.startedAt).toBeGreaterThanOrEqual(runs[0]!.endedAt);
});
