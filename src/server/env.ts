// Parley's configuration: one validated schema, one description per variable.
// Bad configuration stops the process with a message that says what to fix.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envSchema = z.object({
  DATABASE_URL: z
    .url()
    .optional()
    .describe(
      "PostgreSQL 14+ connection string. When unset, Parley starts its own embedded PostgreSQL in the data folder. Parley's sessions run with PostgreSQL's JIT compiler off (`-c jit=off`, added to any `options` the URL sets): its statements are short, and compiling one whose cost was misestimated costs more than running it.",
    )
    .meta({ secret: true }),
  PARLEY_DATA_DIR: z
    .string()
    .default('./data')
    .describe('Folder for the embedded database and generated secrets.'),
  PARLEY_EMBEDDED_PG_PORT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(65535)
    .default(54329)
    .describe('Port of the embedded PostgreSQL (listens on 127.0.0.1 only).'),
  PARLEY_PG_OS_USER: z
    .string()
    .default('postgres')
    .describe('Unprivileged OS user that runs the embedded PostgreSQL when Parley runs as root.'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port the web server listens on.'),
  HOST: z.string().default('127.0.0.1').describe('HTTP listen address; 0.0.0.0 to listen on every interface.'),
  PUBLIC_URL: z
    .url()
    .optional()
    .describe('Address users reach Parley at (for invitation links and trusted origins). Defaults to http://localhost:PORT.'),
  PARLEY_SECRET: z
    .string()
    .min(32, 'PARLEY_SECRET must be at least 32 characters: generate one with `openssl rand -base64 48`')
    .optional()
    .describe('Key for session signing and for encrypting stored credentials. When unset, one is generated into DATA_DIR/secret; set it explicitly when processes run on several machines.')
    .meta({ secret: true }),
  PARLEY_ROLE: z.enum(['all', 'web', 'worker']).default('all').describe('What this process runs: web, worker or both.'),
  WEB_PROCESSES: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .describe(
      'Web processes `parley start` runs on this machine, sharing its port (role all or web): one serves HTTP on one CPU core, so a busy instance runs one per core it gives to the web. The worker runs once, in the process that starts them. Each keeps DATABASE_POOL_SIZE connections.',
    ),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4).describe('Jobs a worker process runs at once.'),
  LISTENING_THREADS: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .optional()
    .describe("Threads each process gives the listening pipeline's analysis, matching and enrichment (one pipeline per process, shared by the HTTP API, the source jobs and the stream supervisor); 0 keeps that work on the main thread. Default: one less than the CPU cores."),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10).describe('Connections each process keeps to PostgreSQL.'),
  DATABASE_PREPARED_STATEMENTS: bool
    .default(true)
    .describe('Send the statements the application repeats as named prepared statements, parsed and planned once per connection. Turn off behind PgBouncer in transaction mode older than 1.21.'),
  FETCH_PRIVATE_ADDRESSES: bool
    .default(false)
    .describe(
      "Let listening sources (feeds, platform addresses) reach loopback and private network addresses, for a feed on your own network. Off: a source's address must be public, so that a workspace admin cannot make the server fetch inside its network.",
    ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('How much to log (pino levels); logs are JSON on stdout.'),
  AUTH_RATE_LIMIT: z.coerce.number().int().min(1).default(20).describe('Sign-in, setup and invitation attempts per minute per IP address, counted in the database across every web process.'),
  TRUST_PROXY: bool.default(false).describe('Trust X-Forwarded-* headers (behind a reverse proxy).'),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const description = envSchema.shape[key as keyof Env]?.description ?? '';
      return `  ${key}: ${issue.message}${description ? ` (${description})` : ''}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Rows of the configuration table in the README, generated from the schema. */
export function describeEnv(): { name: string; default: string; secret: boolean; description: string }[] {
  return Object.entries(envSchema.shape).map(([name, schema]) => {
    const parsedDefault = schema.safeParse(undefined);
    const meta = schema.meta() as { secret?: boolean } | undefined;
    return {
      name,
      default: parsedDefault.success && parsedDefault.data !== undefined ? String(parsedDefault.data) : '',
      secret: meta?.secret === true,
      description: schema.description ?? '',
    };
  });
}

/** The configuration table of the README, between its config markers (`npm run docs:config` rewrites it). */
export function configTableMarkdown(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const rows = describeEnv().map(
    (row) => `| \`${row.name}\` | ${row.default ? `\`${escape(row.default)}\`` : '—'} | ${escape(row.description)}${row.secret ? ' **Secret.**' : ''} |`,
  );
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
