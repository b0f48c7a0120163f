// The inbox metrics screen in a real Chromium on a seeded history: KPI cards with the hand-computed
// totals, the charts, the per-agent table sorted by a column, per-team rows, business hours, the empty
// state of a quiet period; and the public CSAT page a customer answers. Screenshots go to /tmp/shots.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { screenshot, signIn, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { createUser, createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';
import { seedInboxMetrics } from '../helpers/inbox-metrics.js';
import { createChannel, receiveCustomerMessage } from '../helpers/inbox.js';
import { newId } from '../../src/lib/ids.js';
import { changeConversation } from '../../src/modules/inbox/commands/change-conversation.js';
import { insertMember } from '../../src/modules/workspaces/repository.js';

const SHOTS = '/tmp/shots';
let app: BrowserApp;
let owner: TestUser;
let workspaceId: string;
let ann: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Acme');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  const member = async (name: string) => {
    const user = await createUser(app.t, { name });
    return (await insertMember(app.t.db.database.db, { id: newId('mem'), workspaceId, userId: user.id, role: 'agent' }))!.id;
  };
  ann = await member('Ann Agent');
  await seedInboxMetrics(app.t.db.database.pool, workspaceId, { ann, bob: await member('Bob Agent') });
});

afterAll(async () => {
  await app?.close();
});

it('shows KPIs, charts and a sortable table for a period, per agent and per team, and an empty state', async () => {
  // The seeded history is in the first half of March 2026, in UTC: the browser reads it in UTC too.
  const utc = await app.browser.newContext({ viewport: { width: 1440, height: 1400 }, timezoneId: 'UTC' });
  const tab = await utc.newPage();
  await signIn(tab, app.base, owner.email, PASSWORD);
  await tab.evaluate(`localStorage.setItem('parley.workspace', ${JSON.stringify(workspaceId)})`);

  await tab.goto(`${app.base}/inbox/metrics?from=2026-03-02&to=2026-03-15`);
  await tab.getByTestId('inbox-metrics').waitFor();
  await expect.poll(() => tab.getByTestId('kpi-first-response').innerText()).toContain('20 min');
  expect(await tab.getByTestId('kpi-response-rate').innerText()).toContain('71.4%');
  expect(await tab.getByTestId('kpi-response-rate').innerText()).toContain('5 of 7');
  expect(await tab.getByTestId('kpi-sla').innerText()).toContain('50%');
  expect(await tab.getByTestId('kpi-csat').innerText()).toContain('3.67 / 5');
  await tab.getByText('Response time trend').waitFor();
  await tab.getByText('Volume by channel').waitFor();
  await tab.locator('.recharts-surface').first().waitFor();

  const rows = tab.getByTestId('metrics-row');
  await expect.poll(() => rows.count()).toBe(3);
  expect(await rows.allInnerTexts()).toEqual([expect.stringContaining('Ann Agent'), expect.stringContaining('Bob Agent'), expect.stringContaining('Unassigned')]);
  // sort by first response, fastest first
  await tab.getByRole('button', { name: 'First response' }).click();
  await tab.getByRole('button', { name: 'First response' }).click();
  expect((await rows.first().innerText()).startsWith('Bob Agent')).toBe(true);
  await screenshot(tab, SHOTS, 'inbox-metrics-agents');

  await tab.getByText('Teams', { exact: true }).click();
  await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringContaining('Care'), expect.stringContaining('Sales'), expect.stringContaining('No team')]);
  await tab.getByText('SLA attainment by team').scrollIntoViewIfNeeded();

  // Mantine draws the switch over its visually hidden input, which Playwright never finds "stable"
  await tab.getByRole('switch', { name: 'Business hours' }).click({ force: true });
  await expect.poll(() => tab.url()).toContain('businessHours=true');
  // c2 waited 16.5 h on the clock but only 30 business minutes of Care's calendar
  await expect.poll(() => tab.getByTestId('kpi-first-response').innerText()).toContain('p90 30 min');
  await screenshot(tab, SHOTS, 'inbox-metrics-teams-business-hours');

  await tab.goto(`${app.base}/inbox/metrics?from=2025-01-01&to=2025-01-31`);
  await tab.getByText('No conversations in this period yet').waitFor();
  await screenshot(tab, SHOTS, 'inbox-metrics-empty');
  await utc.close();
});

it('lets a customer answer the CSAT survey on the public page', async () => {
  const channel = await createChannel(app.t, workspaceId, { type: 'x', name: 'X @acme' });
  const received = await receiveCustomerMessage(app.t, workspaceId, channel, { thread: 'dm-browser', id: 'xb-1', text: 'Where is my parcel?', from: { handle: 'lee', channel: 'twitter' } });
  await changeConversation(app.t.db.database.db, workspaceId, received.conversationId, { status: 'resolved' }, { memberId: ann, label: 'Ann Agent' });
  const sent = await app.t.db.database.pool.query<{ text: string }>(`SELECT text FROM messages WHERE conversation_id = $1 AND direction = 'outbound'`, [received.conversationId]);
  const link = /https?:\/\/\S+\/csat\/[A-Za-z0-9_-]+/.exec(sent.rows[0]!.text)![0];

  const context = await app.browser.newContext({ viewport: { width: 600, height: 900 } });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByText('How did we do?').waitFor();
  await page.getByRole('radio', { name: '4 – Satisfied' }).click();
  await page.getByLabel('Anything to add? (optional)').fill('Found it, thanks!');
  await screenshot(page, SHOTS, 'csat-form');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Thank you!').waitFor();
  await screenshot(page, SHOTS, 'csat-thanks');
  const stored = await app.t.db.database.pool.query<{ score: number; comment: string }>('SELECT score, comment FROM csat_responses WHERE conversation_id = $1', [received.conversationId]);
  expect(stored.rows[0]).toEqual({ score: 4, comment: 'Found it, thanks!' });
  await context.close();
});
