// The flows a person relies on, in a real Chromium: first-run setup, sign out and in, invite a member
// who accepts in another browser, change their role, and find the change in the audit log.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser.js';

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
});

afterAll(async () => {
  await app?.close();
});

it('takes a new owner from first run to an audited role change of an invited member', async () => {
  const { t, browser, base } = app;
  const owner = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await owner.newPage();

  // First run: the app asks for the owner account and the first workspace.
  await page.goto(base);
  await page.waitForURL(/\/setup$/);
  await page.getByLabel('Your name').fill('Ada Owner');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByLabel('Workspace name').fill('Acme');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('link', { name: 'Listening' }).waitFor();

  // Sign out, then sign in again.
  await page.getByRole('button', { name: /Ada Owner|account|user menu/i }).first().click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Settings' }).waitFor();

  // Invite a member by link.
  await page.goto(`${base}/settings/members`);
  await page.getByRole('button', { name: 'Invite people' }).click();
  await page.getByLabel('Role', { exact: true }).selectOption('agent');
  await page.getByRole('button', { name: 'Create invitation link' }).click();
  const link = (await page.getByTestId('invitation-link').textContent())!.trim();
  expect(link).toMatch(new RegExp(`^${base}/invite/`));

  // The invitee accepts in a browser of their own.
  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link);
  await inviteePage.getByText(/Acme/).first().waitFor();
  await inviteePage.getByLabel('Your name').fill('Ben Agent');
  await inviteePage.getByLabel('Email').fill('ben@example.com');
  await inviteePage.getByLabel('Password').fill('bens long password');
  await inviteePage.getByRole('button', { name: 'Accept invitation' }).click();
  await inviteePage.getByRole('link', { name: 'Inbox' }).waitFor();

  // The owner sees Ben (live or after reload) and makes him a manager.
  await page.goto(`${base}/settings/members`);
  const roleOfBen = page.getByLabel('Role of ben@example.com');
  await roleOfBen.waitFor();
  await roleOfBen.selectOption('manager');
  await expect.poll(async () => {
    const response = await t.db.database.pool.query(
      "SELECT m.role FROM members m JOIN users u ON u.id = m.user_id WHERE u.email = 'ben@example.com'",
    );
    return response.rows[0]?.role;
  }).toBe('manager');

  // …and the change is in the audit log.
  await page.goto(`${base}/settings/audit-log`);
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  await page.getByText('member.role_changed').first().waitFor();

  await invitee.close();
  await owner.close();
});
