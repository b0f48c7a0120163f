import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { cookieFrom } from '../../../test/helpers/factories.js';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp({ authRateLimit: 5 });
});
afterEach(async () => t.close());

const owner = { name: 'Ada Owner', email: 'Ada@Example.com', password: 'correct horse battery', workspaceName: 'Acme' };

describe('first-run setup', () => {
  it('creates the owner and the first workspace once, and signs the owner in', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ data: { needsSetup: true } });
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: owner });
    expect(response.statusCode).toBe(201);
    const cookie = cookieFrom(response.headers['set-cookie']);
    expect(cookie).toContain('parley.session_token=');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json()).toMatchObject({
      data: { user: { name: 'Ada Owner', email: 'ada@example.com' }, workspaces: [{ name: 'Acme', role: 'owner' }] },
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ data: { needsSetup: false } });
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { ...owner, email: 'mallory@example.com' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'setup.already_done' } });
  });

  it('ends with one owner when two setups race', async () => {
    const [a, b] = await Promise.all([
      t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: owner }),
      t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { ...owner, email: 'other@example.com' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const users = await t.db.database.pool.query('SELECT count(*)::int AS n FROM users');
    expect(users.rows[0].n).toBe(1);
  });

  it('explains what is wrong with bad input, field by field', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { name: '', email: 'nope', password: 'short' } });
    expect(response.statusCode).toBe(400);
    const fields = (response.json() as { error: { details: { fields: { path: string }[] } } }).error.details.fields.map((f) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['name', 'email', 'password', 'workspaceName']));
  });

  it('answers malformed JSON with a 400, not a crash', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/setup', headers: { 'content-type': 'application/json' }, payload: '{"name": ' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'request.malformed' } });
  });
});

describe('signing in and out', () => {
  beforeEach(async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: owner });
  });

  it('signs in with the right password only, and signing out ends the session', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: owner.email, password: 'wrong password!' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: 'auth.invalid_credentials' } });
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const right = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: owner.email, password: owner.password } });
    expect(right.statusCode).toBe(200);
    const setCookie = [right.headers['set-cookie']].flat().join('\n');
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = cookieFrom(right.headers['set-cookie']);
    const token = /parley\.session_token=([^;]+)/.exec(cookie)![1]!;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(200);

    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie } })).statusCode).toBe(204);
    // The old token no longer works, even without the cached session cookie.
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `parley.session_token=${token}` } });
    expect(after.statusCode).toBe(401);
  });

  it('stores passwords only as memory-hard hashes', async () => {
    const rows = await t.db.database.pool.query<{ password: string }>("SELECT password FROM accounts WHERE provider_id = 'credential'");
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]!.password).not.toContain(owner.password);
    expect(rows.rows[0]!.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/); // better-auth's scrypt salt:key
  });

  it('rate-limits sign-in attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: owner.email, password: `guess number ${i}` } });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(response.json()).toMatchObject({ error: { code: 'rate_limited' } });
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('counts sign-in attempts once for every web process on the database', async () => {
    // A second web process: another app on the same database (its own memory, as another process has).
    const other = await buildTestApp({ authRateLimit: 5, database: t.db });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const app = i % 2 === 0 ? t.app : other.app;
        statuses.push((await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: owner.email, password: `guess number ${i}` } })).statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      // Other routes keep their own count: setup answers (it is done already) rather than refusing.
      expect((await other.app.inject({ method: 'POST', url: '/api/v1/setup', payload: owner })).statusCode).toBe(409);
    } finally {
      await other.close();
    }
  });

  it('changes a password only with the current one', async () => {
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: owner.email, password: owner.password } });
    const cookie = cookieFrom(signIn.headers['set-cookie']);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { cookie }, payload: { currentPassword: 'not it at all', newPassword: 'a brand new password' } });
    expect(wrong.json()).toMatchObject({ error: { code: 'auth.invalid_credentials' } });
    const right = await t.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { cookie }, payload: { currentPassword: owner.password, newPassword: 'a brand new password' } });
    expect(right.statusCode).toBe(204);
    const withNew = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: owner.email, password: 'a brand new password' } });
    expect(withNew.statusCode).toBe(200);
  });
});
