// The SLA settings screen in a real Chromium: the empty state offers a suggested policy, the editor
// saves it with an escalation, and a team's business hours are set on the week grid with a holiday.
// Screenshots in /tmp/shots/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSignedIn, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { as, createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';

const SHOTS = '/tmp/shots';
let app: BrowserApp;
let owner: TestUser;
let workspaceId: string;
let socialCare: string;

async function api<T>(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>): Promise<T> {
  const response = await app.t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, workspaceId), ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return (response.json() as { data: T }).data;
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Acme');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  socialCare = (await api<{ id: string }>('POST', '/teams', { name: 'Social Care' })).id;
});

afterAll(async () => {
  await app?.close();
});

it('creates the suggested policy with an escalation and sets a team’s business hours with a holiday', async () => {
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/settings/sla`);
  await page.getByText('No SLA policies yet').waitFor();
  await shot(page, 'sla-empty');

  await page.getByRole('button', { name: 'Use the suggested policy' }).click();
  const drawer = page.getByTestId('sla-policy-editor');
  await expect.poll(() => drawer.getByLabel('Name').inputValue()).toBe('Standard');
  await drawer.getByLabel('Raise priority to').click();
  await page.getByRole('option', { name: 'Urgent' }).click();
  await shot(page, 'sla-policy-editor');
  await drawer.getByRole('button', { name: 'Create policy' }).click();

  const list = page.getByTestId('sla-policies');
  await list.locator('[data-policy="Standard"]').waitFor();
  expect(await list.textContent()).toContain('First response 1 h · Next response 4 h · Resolution 24 h');
  expect(await list.textContent()).toContain('Priority urgent · Notify the team manager');
  const [policy] = await api<{ name: string; escalation: Record<string, unknown> }[]>('GET', '/sla-policies');
  expect(policy).toMatchObject({ name: 'Standard', escalation: { notifyManager: true, setPriority: 'urgent' } });

  // Social Care was never set up: open around the clock until switched to weekly hours (09:00–17:00 weekdays).
  const hours = page.getByTestId('business-hours');
  await hours.getByRole('switch', { name: 'Open around the clock' }).click();
  await hours.locator('[data-day="Friday"]').getByLabel('Friday closes').fill('16:00');
  await hours.getByLabel('Holiday date').fill('2026-12-25');
  await hours.getByRole('button', { name: 'Add holiday' }).click();
  await hours.getByRole('button', { name: 'Save business hours' }).click();
  await page.getByText('Business hours saved.').waitFor();
  const saved = await api<{ timezone: string; weeklyHours: Record<string, [number, number][]>; holidays: string[] }>('GET', `/teams/${socialCare}/business-hours`);
  expect(saved.weeklyHours['5']).toEqual([[540, 960]]);
  expect(saved.weeklyHours['1']).toEqual([[540, 1020]]);
  expect(saved.weeklyHours['0']).toEqual([]);
  expect(saved.holidays).toEqual(['2026-12-25']);
  await hours.getByText('Closed').first().scrollIntoViewIfNeeded();
  await shot(page, 'sla-business-hours');

  // A night shift entered backwards is caught before saving.
  await hours.locator('[data-day="Saturday"]').getByRole('button', { name: 'Add hours on Saturday' }).click();
  await hours.locator('[data-day="Saturday"]').getByLabel('Saturday closes').fill('06:00');
  await page.getByText('Check the hours').waitFor();
  expect(await hours.getByRole('button', { name: 'Save business hours' }).isDisabled()).toBe(true);
  await context.close();

  const dark = await openSignedIn(app, owner, PASSWORD, 'dark', workspaceId);
  await dark.page.goto(`${app.base}/settings/sla`);
  await dark.page.getByTestId('sla-policies').locator('[data-policy="Standard"]').waitFor();
  await dark.page.getByTestId('business-hours').waitFor();
  await shot(dark.page, 'sla-settings-dark');
  await dark.context.close();
});
