import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { as, createWorkspaceWithOwner } from '../../test/helpers/factories.js';
import { ConfigError, describeEnv, loadEnv } from './env.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

it('answers an unexpected failure with a 500 and a request id, never the internal message', async () => {
  const { owner, workspace } = await createWorkspaceWithOwner(t);
  await t.db.database.pool.query('ALTER TABLE teams RENAME TO teams_gone');
  try {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/teams', headers: as(owner, workspace.id) });
    expect(response.statusCode).toBe(500);
    const body = response.json() as { error: { code: string; message: string; details: { requestId: string } } };
    expect(body.error.code).toBe('internal');
    expect(body.error.details.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error.message).toContain(body.error.details.requestId);
    expect(response.body).not.toMatch(/teams|relation|does not exist/);
  } finally {
    await t.db.database.pool.query('ALTER TABLE teams_gone RENAME TO teams');
  }
});

it('stops on bad configuration with a message that says what to fix', () => {
  expect(() => loadEnv({ PORT: 'eighty', PARLEY_SECRET: 'short' })).toThrow(ConfigError);
  try {
    loadEnv({ PORT: 'eighty', PARLEY_SECRET: 'short' });
  } catch (error) {
    expect((error as Error).message).toContain('PORT');
    expect((error as Error).message).toContain('openssl rand');
  }
  expect(loadEnv({}).PORT).toBe(3000);
  const rows = describeEnv();
  expect(rows.find((row) => row.name === 'DATABASE_URL')).toMatchObject({ secret: true });
  expect(rows.every((row) => row.description.length > 10)).toBe(true);
});
