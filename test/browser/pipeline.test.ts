// The pipeline board in a real Chromium: sign in, see the deals by stage, drag a card to another
// stage with the mouse, and mark a deal lost with its reason.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { as, createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';

let app: BrowserApp;
let owner: TestUser;
let workspaceId: string;

type Stage = { id: string; name: string; kind: string };

async function api<T>(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>): Promise<T> {
  const response = await app.t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, workspaceId), ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return (response.json() as { data: T }).data;
}

const dealRow = async (id: string) =>
  (await app.t.db.database.pool.query<{ stage_id: string; status: string; lost_reason: string | null }>('SELECT stage_id, status, lost_reason FROM deals WHERE id = $1', [id])).rows[0];

/** Presses on the card and moves in small steps, so dnd-kit's pointer sensor activates and tracks it. */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 10, from.y + 10, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 25 });
  await page.waitForTimeout(150);
  await page.mouse.up();
}

beforeAll(async () => {
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Acme');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
});

afterAll(async () => {
  await app?.close();
});

it('moves a deal across stages by drag and drop and marks another one lost with a reason', async () => {
  const [sales] = await api<{ id: string; stages: Stage[] }[]>('GET', '/pipelines');
  const stage = (name: string) => sales!.stages.find((candidate) => candidate.name === name)!;
  const moving = await api<{ id: string }>('POST', '/deals', { title: 'Northwind renewal', stageId: stage('New lead').id, source: 'mention', amount: { amount: '1200', currency: 'EUR' } });
  const losing = await api<{ id: string }>('POST', '/deals', { title: 'Globex pilot', stageId: stage('Proposal').id, source: 'referral' });

  const { browser, base } = app;
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  await signIn(page, base, owner.email, PASSWORD);

  await page.goto(`${base}/pipeline`);
  const card = page.getByRole('button', { name: 'Deal Northwind renewal' });
  await card.waitFor();
  const qualified = page.getByRole('region', { name: 'Stage Qualified' });
  const cardBox = (await card.boundingBox())!;
  const columnBox = (await qualified.boundingBox())!;
  await drag(page, { x: cardBox.x + cardBox.width / 2, y: cardBox.y + cardBox.height / 2 }, { x: columnBox.x + columnBox.width / 2, y: columnBox.y + 140 });

  await expect.poll(async () => (await dealRow(moving.id))?.stage_id).toBe(stage('Qualified').id);
  await qualified.getByRole('button', { name: 'Deal Northwind renewal' }).waitFor();
  await expect.poll(async () => qualified.getByLabel('1 deal', { exact: true }).count()).toBe(1);

  // With the keyboard: Space picks the card up, the right arrow carries it to the next stage, Space drops it.
  const moved = qualified.getByRole('button', { name: 'Deal Northwind renewal' });
  await moved.focus();
  await page.keyboard.press('Space');
  await page.waitForTimeout(200);
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(300);
  await page.keyboard.press('Space');
  await expect.poll(async () => (await dealRow(moving.id))?.stage_id).toBe(stage('Proposal').id);

  // Lost, from the deal drawer: the reason is asked for and stored.
  await page.getByRole('button', { name: 'Deal Globex pilot' }).click();
  await page.getByRole('button', { name: 'Lost', exact: true }).click();
  await page.getByLabel('Reason').fill('Chose a cheaper competitor');
  await page.getByRole('button', { name: 'Mark lost' }).click();
  await expect.poll(async () => dealRow(losing.id)).toEqual({ stage_id: stage('Lost').id, status: 'lost', lost_reason: 'Chose a cheaper competitor' });
  await page.keyboard.press('Escape');
  await page.getByRole('region', { name: 'Stage Lost' }).getByRole('button', { name: 'Deal Globex pilot' }).waitFor();

  await context.close();
});
