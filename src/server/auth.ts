// Accounts and sessions through better-auth (email and password, scrypt hashes, httpOnly cookies).
// Workspaces, roles and API keys are Parley's own (modules/workspaces); better-auth only answers
// "who is this person".
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Database } from '../db/client.js';
import * as schema from '../db/schema.js';

export type AuthOptions = { db: Database; secret: string; publicUrl: string };

export function createAuth({ db, secret, publicUrl }: AuthOptions) {
  return betterAuth({
    appName: 'Parley',
    baseURL: publicUrl,
    basePath: '/api/auth',
    secret,
    database: drizzleAdapter(db, {
      provider: 'pg',
      usePlural: true,
      schema: { users: schema.users, sessions: schema.sessions, accounts: schema.accounts, verifications: schema.verifications },
    }),
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 256, autoSignIn: true },
    // Accounts are created by the first-run setup and by invitations, never by open sign-up.
    disabledPaths: ['/sign-up/email'],
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24, cookieCache: { enabled: true, maxAge: 60 } },
    // The request's own origin is trusted as well as PUBLIC_URL, so http://127.0.0.1:3000 and
    // http://localhost:3000 both work on a laptop; anything else is refused (CSRF).
    trustedOrigins: (request?: Request) => {
      const origins = [publicUrl];
      const host = request?.headers.get('host');
      if (host) origins.push(`http://${host}`, `https://${host}`);
      return origins;
    },
    advanced: { cookiePrefix: 'parley', useSecureCookies: publicUrl.startsWith('https://') },
    rateLimit: { enabled: false }, // rate limiting is done per IP by the HTTP layer for every auth route
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
}

export type Auth = ReturnType<typeof createAuth>;
