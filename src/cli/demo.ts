// `parley demo`: a demo workspace for a fictional coffee brand, a week of history and a live simulated
// stream through the real listening pipeline, so a newcomer sees Parley listening within a minute.
// Progress goes to stderr; stdout gets one JSON line at the end.
import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { users } from '../db/schema.js';
import type { Env } from '../server/env.js';
import { createAuth } from '../server/auth.js';
import { createLogger, instanceSecret, openDatabase, publicUrlOf } from '../server/runtime.js';
import { createAccount } from '../modules/accounts/commands/create-account.js';
import { linkAuthorsBatch } from '../modules/listening/jobs/link-authors.js';
import { ListeningPipeline } from '../modules/listening/pipeline/pipeline.js';
import { createDemoWorkspace, DEFAULT_DEMO_SEED, demoTopicCounts, runDemoStream, type DemoProgress } from '../modules/listening/demo/seed-demo.js';
import { InputError } from './match.js';

export type DemoCommandOptions = {
  workspaceName?: string;
  duration: string;
  rate: string;
  seed?: string;
  ownerEmail?: string;
  ownerPassword?: string;
};

/** The account made when no owner is named and Parley has no account yet. */
const DEMO_OWNER_EMAIL = 'demo@parley.example';
const LINK_BUDGET_MS = 30_000;

const inputSchema = z.object({
  workspaceName: z.string().trim().min(1).max(120).optional(),
  duration: z.coerce.number().int().min(0).max(86_400),
  rate: z.coerce.number().gt(0).max(2000),
  seed: z.coerce.number().int().min(0).max(2 ** 31).optional(),
  ownerEmail: z.email().optional(),
  ownerPassword: z.string().min(10).max(256).optional(),
});

const optionName = (key: PropertyKey | undefined) => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function parseDemoOptions(options: DemoCommandOptions) {
  const parsed = inputSchema.safeParse(options);
  if (!parsed.success) throw new InputError(parsed.error.issues.map((issue) => `${optionName(issue.path[0])}: ${issue.message}`).join('\n'));
  if (parsed.data.ownerPassword && !parsed.data.ownerEmail) throw new InputError('--owner-password: give --owner-email too');
  return parsed.data;
}

type Owner = { userId: string; email: string; password?: string };

/** The named owner (created when new), else Parley's first account, else a demo account made now. */
async function demoOwner(db: Database, env: Env, input: { ownerEmail?: string; ownerPassword?: string }): Promise<Owner> {
  const auth = () => instanceSecret(env).then((secret) => createAuth({ db, secret, publicUrl: publicUrlOf(env) }));
  if (input.ownerEmail) {
    const email = input.ownerEmail.toLowerCase();
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) return { userId: existing.id, email };
    if (!input.ownerPassword) throw new InputError(`--owner-password: no account has the email ${email}; give a password (10 characters or more) to create it`);
    const account = await createAccount(await auth(), { name: email.split('@')[0]!, email, password: input.ownerPassword });
    return { userId: account.user.id, email };
  }
  const [first] = await db.select({ id: users.id, email: users.email }).from(users).orderBy(asc(users.createdAt)).limit(1);
  if (first) return { userId: first.id, email: first.email };
  const password = randomBytes(12).toString('base64url');
  const account = await createAccount(await auth(), { name: 'Demo owner', email: DEMO_OWNER_EMAIL, password });
  return { userId: account.user.id, email: DEMO_OWNER_EMAIL, password };
}

const formatProgress = (progress: DemoProgress) =>
  `demo: ${String(progress.elapsedSeconds).padStart(4)}s  sent ${progress.sent}  stored ${progress.stored}${progress.spike ? '  ⚠ complaint spike' : ''}\n` +
  `      mentions (7 days): ${Object.entries(progress.perTopic)
    .map(([name, count]) => `${name} ${count}`)
    .join(' · ')}\n`;

/** Links the authors of stored mentions to contacts, as the worker's listening.link_authors job would. */
async function linkAuthors(db: Database): Promise<number> {
  const until = Date.now() + LINK_BUDGET_MS;
  let linked = 0;
  for (;;) {
    const handled = await linkAuthorsBatch(db);
    linked += handled;
    if (handled === 0 || Date.now() > until) return linked;
  }
}

export async function runDemoCommand(env: Env, options: DemoCommandOptions, out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }) {
  const input = parseDemoOptions(options);
  const opened = await openDatabase(env, createLogger('warn'));
  const pipeline = new ListeningPipeline(opened.database.db);
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const db = opened.database.db;
    const owner = await demoOwner(db, env, input);
    const seed = input.seed ?? DEFAULT_DEMO_SEED;
    const demo = await createDemoWorkspace(db, pipeline, owner.userId, { seed, workspaceName: input.workspaceName });
    out.stderr.write(
      `demo: ${demo.created ? 'created' : 'reusing'} the demo workspace ${demo.workspaceId} (owner ${owner.email}${owner.password ? `, password ${owner.password}` : ''})\n` +
        (demo.seeded.sent > 0 ? `demo: seeded a week of history: ${demo.seeded.sent} posts, ${demo.seeded.stored} mentions\n` : 'demo: the workspace already has this week\'s history\n'),
    );
    const stream =
      input.duration > 0
        ? await runDemoStream(db, pipeline, demo.workspaceId, {
            durationSeconds: input.duration,
            rate: input.rate,
            seed,
            signal: abort.signal,
            onProgress: (progress) => out.stderr.write(formatProgress(progress)),
            onSpike: (phase) =>
              out.stderr.write(
                phase === 'start'
                  ? 'demo: ⚠ complaint spike: the Lumen app is down and complaints pour in, in every language (watch negative sentiment and the app topic)\n'
                  : 'demo: the complaint spike is over\n',
              ),
          })
        : null;
    const linked = await linkAuthors(db);
    const result = {
      workspaceId: demo.workspaceId,
      created: demo.created,
      owner: { email: owner.email, ...(owner.password ? { password: owner.password } : {}) },
      seeded: demo.seeded,
      stream: stream ? { sent: stream.sent, stored: stream.stored, seconds: stream.seconds, spike: stream.spike } : null,
      linkedMentions: linked,
      topicIds: demo.topicIds,
      mentionsLast7Days: await demoTopicCounts(db, demo.workspaceId),
    };
    out.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await pipeline.close();
    await opened.close();
  }
}
