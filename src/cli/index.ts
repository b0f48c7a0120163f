// The `parley` command (specs/cli.md): start, migrate and the admin commands. Exit codes: 0 success,
// 1 the command ran but failed, 2 bad input or usage.
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { ConfigError, loadEnv, type Env } from '../server/env.js';
import { createLogger, instanceSecret, openDatabase, publicUrlOf, startParley } from '../server/runtime.js';
import { isClusterWebProcess, startWebCluster } from '../server/web-cluster.js';
import { createAuth } from '../server/auth.js';
import { AppError } from '../server/errors.js';
import { adminAddChannel, adminAddSource, adminCreateApiKey, adminCreateWorkspace } from './admin.js';
import { SecretBox } from '../lib/secrets.js';
import type { Database } from '../db/client.js';
import { channelTypes, sourceTypes } from '../shared/vocabulary.js';
import { InputError, runMatch } from './match.js';
import { registerBenchInbox } from '../modules/inbox/bench/bench-inbox-command.js';

class UsageError extends Error {}

/** An option holding one JSON object (add-source's and add-channel's --config). */
function jsonObjectOption(name: string, value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new UsageError(`${name}: not JSON (${(error as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`${name}: expected a JSON object`);
  return parsed as Record<string, unknown>;
}

/** Runs an admin command on the database (the embedded one, attached to if the server runs, or DATABASE_URL). */
async function withAdminDatabase(dataDir: string | undefined, run: (db: Database, env: Env) => Promise<unknown>): Promise<void> {
  const env = envWith({ PARLEY_DATA_DIR: dataDir });
  const opened = await openDatabase(env, createLogger('warn'));
  try {
    process.stdout.write(`${JSON.stringify(await run(opened.database.db, env))}\n`);
  } finally {
    await opened.close();
  }
}

function envWith(overrides: Record<string, string | undefined>): Env {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) merged[key] = value;
  return loadEnv(merged);
}

const dataDirOption = () => new Option('--data-dir <dir>', 'folder of the embedded database (PARLEY_DATA_DIR)');

export function buildCli(): Command {
  const program = new Command('parley')
    .description('Parley, the open-source social CRM')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('start')
    .description('Run Parley: the web server and the background worker (embedded PostgreSQL unless DATABASE_URL is set)')
    .option('--port <port>', 'HTTP port (PORT)')
    .option('--host <host>', 'listen address (HOST)')
    .addOption(new Option('--role <role>', 'what this process runs (PARLEY_ROLE)').choices(['all', 'web', 'worker']))
    .option('--web-processes <n>', 'web processes sharing the port on this machine (WEB_PROCESSES)')
    .addOption(dataDirOption())
    .action(async (options: { port?: string; host?: string; role?: string; webProcesses?: string; dataDir?: string }) => {
      // A web process forked by a primary (WEB_PROCESSES > 1) is one web process, whatever the shared command line says.
      const forked = isClusterWebProcess();
      const env = envWith({ PORT: options.port, HOST: options.host, PARLEY_ROLE: forked ? 'web' : options.role, WEB_PROCESSES: forked ? '1' : options.webProcesses, PARLEY_DATA_DIR: options.dataDir });
      const logger = createLogger(env.LOG_LEVEL);
      const running = env.WEB_PROCESSES > 1 && env.PARLEY_ROLE !== 'worker' ? await startWebCluster(env, logger) : await startParley(env, logger, undefined, { part: forked });
      await new Promise<void>((resolve) => {
        const shutdown = (signal: NodeJS.Signals) => {
          logger.info({ signal }, 'shutting down');
          running.stop().then(resolve, (error: unknown) => {
            logger.error({ err: error }, 'error while shutting down');
            process.exitCode = 1;
            resolve();
          });
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
        // A web process whose primary is gone (killed) stops too rather than serve on alone.
        if (forked) process.once('disconnect', () => shutdown('SIGTERM'));
      });
      // Its channel to the primary would keep a stopped web process alive.
      if (forked && process.connected) process.disconnect();
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .addOption(dataDirOption())
    .action(async (options: { dataDir?: string }) => {
      const env = envWith({ PARLEY_DATA_DIR: options.dataDir });
      const opened = await openDatabase(env, createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL));
      await opened.close();
      process.stdout.write(`${JSON.stringify({ migrated: true })}\n`);
    });

  program
    .command('match')
    .description('Match posts (NDJSON) against listening queries (JSON), one result line per post; no server or database needed')
    .requiredOption('--queries <file>', 'JSON array of {"id", "query"}')
    .requiredOption('--posts <file>', 'NDJSON, one post per line: {"id", "text", "title"?, "author"?, "url"?, "links"?, "lang"?, "country"?, "channel"?}')
    .action(async (options: { queries: string; posts: string }) => {
      process.exitCode = await runMatch(options, process.stdout, process.stderr);
    });

  program
    .command('parse-feed')
    .description('Parse one RSS, Atom or JSON Feed file with the feed source\'s parser and print the normalized result as JSON; no server or database needed')
    .argument('<file>', 'the feed file (any encoding)')
    .option('--url <url>', 'the address the feed was fetched from: the base of relative links')
    .option('--content-type <type>', 'the HTTP Content-Type it was served with (its charset wins over the XML declaration)')
    .option('--pretty', 'indent the JSON')
    .action(async (file: string, options: { url?: string; contentType?: string; pretty?: boolean }) => {
      // Imported here so other commands do not load the XML and HTML parsers.
      const { runParseFeed } = await import('./parse-feed.js');
      const result = await runParseFeed(file, options);
      process.stdout.write(`${JSON.stringify(result, null, options.pretty ? 2 : undefined)}\n`);
    });

  const evalCommand = program.command('eval').description('Measure the product\'s analysers on labelled data; prints JSON; no server or database needed');

  evalCommand
    .command('language')
    .description('Accuracy of language detection on a UTF-8 file of LANG<TAB>TEXT lines')
    .requiredOption('--input <file>', 'UTF-8, one LANG<TAB>TEXT item a line, LANG an ISO 639-1 code')
    .action(async (options: { input: string }) => {
      // Imported here so other commands do not load the detector's n-gram database.
      const { runEvalLanguage } = await import('./eval-language.js');
      process.stdout.write(`${JSON.stringify(await runEvalLanguage(options))}\n`);
    });

  evalCommand
    .command('sentiment')
    .description('Accuracy, macro-F1 and Pearson r of sentiment analysis on a UTF-8 file of LABEL<TAB>TEXT lines')
    .requiredOption('--input <file>', 'UTF-8, one LABEL<TAB>TEXT item a line, LABEL negative|neutral|positive or a number in [-1, 1]')
    .option('--lang <code>', 'ISO 639-1 language of the texts (default: English)')
    .action(async (options: { input: string; lang?: string }) => {
      // Imported here so other commands do not load the sentiment lexicon.
      const { runEvalSentiment } = await import('./eval-sentiment.js');
      process.stdout.write(`${JSON.stringify(await runEvalSentiment(options))}\n`);
    });

  evalCommand
    .command('learning')
    .description("Accuracy and macro-F1 of the machine's sentiment against a model trained on one workspace's corrections, on a test file; prints JSON")
    .requiredOption('--train <file>', "UTF-8 LABEL<TAB>TEXT lines standing for one workspace's sentiment corrections")
    .requiredOption('--test <file>', 'UTF-8 LABEL<TAB>TEXT lines to score')
    .option('--lang <code>', 'ISO 639-1 language of the texts (default: English)')
    .action(async (options: { train: string; test: string; lang?: string }) => {
      const { runEvalLearning } = await import('./eval-learning.js');
      process.stdout.write(`${JSON.stringify(await runEvalLearning(options))}\n`);
    });

  const bench = program.command('bench').description('Measure the product on this machine; prints JSON with --json; no server needed');

  bench
    .command('listening')
    .description('Throughput of listening (matching, enrichment, the pipeline) on a reproducible synthetic workload')
    .option('--queries <n>', 'number of monitoring queries', '10000')
    .option('--posts <n>', 'number of posts', '200000')
    .option('--json', 'print one JSON object instead of a table')
    .option('--skip-pipeline', 'do not run the pipeline part (no database); pipelinePostsPerSec is null')
    .option('--data-dir <dir>', 'folder under which the pipeline part makes its scratch embedded database (default: the system temp folder); removed afterwards')
    .action(async (options: { queries: string; posts: string; json?: boolean; skipPipeline?: boolean; dataDir?: string }) => {
      // Imported here so other commands do not load the workload generator and the analysers.
      const { formatBenchListening, parseCount, runBenchListening } = await import('./bench-listening.js');
      let counts: { queries: number; posts: number };
      try {
        counts = { queries: parseCount('--queries', options.queries), posts: parseCount('--posts', options.posts) };
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const log = options.json ? undefined : (line: string) => process.stderr.write(`${line}\n`);
      const result = await runBenchListening({ ...counts, dataDir: options.dataDir, skipPipeline: options.skipPipeline }, log);
      process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${formatBenchListening(result)}\n`);
    });

  registerBenchInbox(bench);

  program
    .command('demo')
    .description('Create (or reuse) a demo workspace for a fictional coffee brand, seed a week of mentions and stream simulated posts through the listening pipeline; prints one JSON line at the end')
    .addOption(dataDirOption())
    .option('--workspace-name <name>', 'name of the demo workspace when it is created (default: "Demo — Lumen Coffee (sample data)")')
    .option('--duration <seconds>', 'how long to stream live posts; 0 only seeds the history', '60')
    .option('--rate <posts>', 'posts per second of the simulated firehose (twice that during the complaint spike)', '20')
    .option('--seed <n>', 'seed of the simulated posts (the same seed gives the same posts)')
    .option('--owner-email <email>', "the demo workspace's owner (default: Parley's first account, or a new demo account)")
    .option('--owner-password <password>', "owner's password, used only when the account is created")
    .action(async (options: { dataDir?: string; workspaceName?: string; duration: string; rate: string; seed?: string; ownerEmail?: string; ownerPassword?: string }) => {
      const { runDemoCommand } = await import('./demo.js');
      await runDemoCommand(envWith({ PARLEY_DATA_DIR: options.dataDir }), options, { stdout: process.stdout, stderr: process.stderr });
    });

  const admin = program.command('admin').description('Administration without the UI; prints JSON');

  admin
    .command('create-workspace')
    .description('Create a workspace and its owner account (if it does not exist)')
    .requiredOption('--name <name>', 'workspace name')
    .requiredOption('--owner-email <email>', "owner's email")
    .requiredOption('--owner-password <password>', "owner's password (used only when the account is created)")
    .option('--owner-name <name>', "owner's name (defaults to the email's local part)")
    .addOption(dataDirOption())
    .action(async (options: { name: string; ownerEmail: string; ownerPassword: string; ownerName?: string; dataDir?: string }) => {
      const input = z
        .object({ name: z.string().trim().min(1).max(120), ownerEmail: z.email(), ownerPassword: z.string().min(10).max(256) })
        .safeParse(options);
      if (!input.success) throw new UsageError(input.error.issues.map((issue) => `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`).join('\n'));
      await withAdminDatabase(options.dataDir, async (db, env) => adminCreateWorkspace(db, createAuth({ db, secret: await instanceSecret(env), publicUrl: publicUrlOf(env) }), options));
    });

  admin
    .command('create-api-key')
    .description('Create a workspace API key; the key is printed only here')
    .requiredOption('--workspace <id>', 'workspace id')
    .option('--name <name>', 'a name to recognise the key by', 'CLI key')
    .addOption(new Option('--scopes <scopes>', 'comma-separated scopes: all, read').default('all'))
    .addOption(dataDirOption())
    .action(async (options: { workspace: string; name: string; scopes: string; dataDir?: string }) => {
      const scopes = options.scopes.split(',').map((scope) => scope.trim());
      const parsed = z.array(z.enum(['all', 'read'])).min(1).safeParse(scopes);
      if (!parsed.success) throw new UsageError(`--scopes: expected a comma-separated list of all, read; got "${options.scopes}"`);
      await withAdminDatabase(options.dataDir, (db) => adminCreateApiKey(db, { workspaceId: options.workspace, name: options.name, scopes: parsed.data }));
    });

  admin
    .command('add-source')
    .description('Add a listening source to a workspace; a generic source\'s webhook secret is printed only here')
    .requiredOption('--workspace <id>', 'workspace id')
    .addOption(new Option('--type <type>', 'source type').choices([...sourceTypes]).makeOptionMandatory())
    .requiredOption('--config <json>', 'the settings and credentials as one JSON object, e.g. {"url": "https://example.com/feed.xml"} for rss')
    .addOption(dataDirOption())
    .action(async (options: { workspace: string; type: string; config: string; dataDir?: string }) => {
      const settings = jsonObjectOption('--config', options.config);
      await withAdminDatabase(options.dataDir, async (db, env) => adminAddSource(db, new SecretBox(await instanceSecret(env)), { workspaceId: options.workspace, type: options.type, settings }));
    });

  admin
    .command('add-channel')
    .description('Add a channel account to a workspace (webchat in this version); prints its id, and for web chat the script tag to embed')
    .requiredOption('--workspace <id>', 'workspace id')
    .addOption(new Option('--type <type>', 'channel type').choices([...channelTypes]).makeOptionMandatory())
    .requiredOption('--config <json>', 'the settings and credentials as one JSON object, e.g. {"name": "Site chat", "greeting": "Hi!", "prechatFields": ["email"]} for webchat')
    .addOption(dataDirOption())
    .action(async (options: { workspace: string; type: string; config: string; dataDir?: string }) => {
      const settings = jsonObjectOption('--config', options.config);
      await withAdminDatabase(options.dataDir, async (db, env) =>
        adminAddChannel(db, new SecretBox(await instanceSecret(env)), { workspaceId: options.workspace, type: options.type, settings, publicUrl: publicUrlOf(env) }),
      );
    });

  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildCli();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof InputError) {
      process.stderr.write(`parley: ${error.message}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      process.stderr.write(`parley: ${error.message} (${error.code})\n`);
      return error.status < 500 ? 2 : 1;
    }
    process.stderr.write(`parley: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

// Run directly (`tsx src/cli/index.ts bench listening`, the bench:listening script) as well as
// through bin/parley.js and src/cli/main.ts, which import runCli.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await runCli(process.argv);
