// The demo: a workspace for a fictional coffee brand, marked as the demo, with its topics and queries,
// a week of history and a live simulated stream, all through the real ListeningPipeline (matching,
// enrichment, storage, live events and author linking run as they would for real posts).
//
// `parley demo` calls these, and the web app can call createDemoWorkspace for "try it with demo data".
import type { Database } from '../../../db/client.js';
import { systemActor, type CommandContext } from '../../../server/context.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { createWorkspace } from '../../workspaces/commands/create-workspace.js';
import { createQuery, createTopic } from '../commands/manage-topics.js';
import type { ListeningPipeline } from '../pipeline/pipeline.js';
import { listTopics } from '../repository.js';
import { countRecentDemoMentions, DEMO_MARKER_ACTION, findDemoWorkspaceId, isDemoWorkspaceId } from './repository.js';
import { DEMO_SOURCE, DemoStream } from './stream.js';
import { DEMO_TOPICS } from './topics.js';

export const DEMO_WORKSPACE_NAME = 'Demo — Lumen Coffee (sample data)';
export const DEFAULT_DEMO_SEED = 20_240_611;

const demoActor = systemActor('Parley demo');

export type DemoOptions = {
  /** the same seed gives the same posts */
  seed?: number;
  workspaceName?: string;
  /** the present; history ends here */
  now?: Date;
  /** firehose posts in the week of history (about a third of them match a topic) */
  historyPosts?: number;
};

export type DemoSeedResult = {
  workspaceId: string;
  /** false when an existing demo workspace was reused */
  created: boolean;
  /** topic id per demo topic key (lumen, kestrel, morrow, aurora, app, campaign) */
  topicIds: Record<string, string>;
  /** history posts sent through the pipeline and mentions stored; 0 when the workspace already had a recent history */
  seeded: { sent: number; stored: number };
  /** when the history's complaint spike happened */
  historySpike: { from: string; to: string } | null;
};

/** Whether a workspace is the demo (so the UI can show a banner and offer to delete it). */
export const isDemoWorkspace = (db: Database, workspaceId: string): Promise<boolean> => isDemoWorkspaceId(db, workspaceId);

/** The newest demo workspace, of which the user is a member when given; null when there is none. */
export const findDemoWorkspace = (db: Database, userId?: string): Promise<string | null> => findDemoWorkspaceId(db, userId);

const contextOf = (db: Database, workspaceId: string, memberId: string | null): CommandContext => ({
  db,
  actor: demoActor,
  workspace: { workspaceId, role: 'owner', memberId },
  requestId: null,
  ipAddress: null,
});

/** The user's demo workspace, created (with its marker) when there is none; its topics and queries made when missing. */
export async function ensureDemoWorkspace(db: Database, ownerUserId: string, options: Pick<DemoOptions, 'workspaceName' | 'seed'> = {}) {
  let workspaceId = await findDemoWorkspaceId(db, ownerUserId);
  let memberId: string | null = null;
  const created = workspaceId === null;
  if (workspaceId === null) {
    const made = await createWorkspace(db, { name: options.workspaceName ?? DEMO_WORKSPACE_NAME, ownerUserId, actor: demoActor });
    workspaceId = made.workspace.id;
    memberId = made.ownerMemberId;
    const ctx = contextOf(db, workspaceId, memberId);
    await db.transaction((tx) =>
      recordAuditEvent(tx, ctx, { action: DEMO_MARKER_ACTION, entityType: 'workspace', entityId: ctx.workspace.workspaceId, after: { demo: true, brand: 'Lumen Coffee', seed: options.seed ?? DEFAULT_DEMO_SEED } }),
    );
  }
  const ctx = contextOf(db, workspaceId, memberId);
  const existing = new Map((await listTopics(db, workspaceId)).map((topic) => [topic.name.toLowerCase(), topic.id]));
  const topicIds: Record<string, string> = {};
  for (const demoTopic of DEMO_TOPICS) {
    const known = existing.get(demoTopic.name.toLowerCase());
    if (known) {
      topicIds[demoTopic.key] = known;
      continue;
    }
    const topic = await createTopic(ctx, { name: demoTopic.name, kind: demoTopic.kind, color: demoTopic.color, description: demoTopic.description });
    for (const query of demoTopic.queries) await createQuery(ctx, { topicId: topic.id, name: query.name, query: query.query });
    topicIds[demoTopic.key] = topic.id;
  }
  return { workspaceId, created, topicIds };
}

/** A run key: post ids differ between runs, so a later run adds posts instead of repeating them. */
const runKeyOf = (now: Date, part: string) => `demo-${Math.floor(now.getTime() / 1000).toString(36)}${part}`;

/**
 * Sends a week of history through the pipeline — the firehose with a complaint spike about the Lumen
 * app 30 hours ago — unless the workspace already has demo mentions from the last 7 days.
 */
export async function seedDemo(db: Database, pipeline: ListeningPipeline, workspaceId: string, options: DemoOptions = {}) {
  if ((await countRecentDemoMentions(db, workspaceId)) > 0) return { sent: 0, stored: 0, spike: null };
  const now = options.now ?? new Date();
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const stream = new DemoStream({ seed, runKey: runKeyOf(now, 'h'), now });
  const spike = { hoursAgo: 30, minutes: 45 };
  const posts = stream.history(now, options.historyPosts ?? 1000, { ...spike, posts: Math.round((options.historyPosts ?? 1000) / 8) });
  const result = await pipeline.submit(workspaceId, DEMO_SOURCE, posts);
  const from = new Date(now.getTime() - spike.hoursAgo * 3_600_000);
  return { sent: posts.length, stored: result.stored, spike: { from: from.toISOString(), to: new Date(from.getTime() + spike.minutes * 60_000).toISOString() } };
}

/**
 * For the web app's "try it with demo data": the user's demo workspace, created and seeded with a week
 * of history on first call, reused afterwards.
 */
export async function createDemoWorkspace(db: Database, pipeline: ListeningPipeline, ownerUserId: string, options: DemoOptions = {}): Promise<DemoSeedResult> {
  const workspace = await ensureDemoWorkspace(db, ownerUserId, options);
  const seeded = await seedDemo(db, pipeline, workspace.workspaceId, options);
  return { ...workspace, seeded: { sent: seeded.sent, stored: seeded.stored }, historySpike: seeded.spike };
}

/** Mentions of the last 7 days per demo topic name. */
export async function demoTopicCounts(db: Database, workspaceId: string): Promise<Record<string, number>> {
  const topics = await listTopics(db, workspaceId);
  return Object.fromEntries(topics.map((topic) => [topic.name, Number(topic.mentions7d)]));
}

export type DemoProgress = { elapsedSeconds: number; sent: number; stored: number; spike: boolean; perTopic: Record<string, number> };

export type DemoStreamOptions = {
  durationSeconds: number;
  /** posts per second in ordinary times; twice that during the spike */
  rate: number;
  seed?: number;
  /** called about every `progressEverySeconds` (default 5) and once at the end */
  onProgress?: (progress: DemoProgress) => void;
  /** called when the complaint spike starts and when it ends */
  onSpike?: (phase: 'start' | 'end') => void;
  progressEverySeconds?: number;
  signal?: AbortSignal;
};

/** When the live complaint spike runs, in seconds from the start: a quarter of the run (10 s to 90 s), from 40% in. */
export function spikeWindow(durationSeconds: number): { from: number; to: number } {
  const length = Math.min(90, Math.max(10, Math.round(durationSeconds / 4)), durationSeconds);
  const from = Math.min(Math.round(durationSeconds * 0.4), durationSeconds - length);
  return { from, to: from + length };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Feeds the live stream through the pipeline at `rate` posts a second for `durationSeconds`, with a
 * burst of complaints about the Lumen app in the spike window. Stops early when `signal` aborts.
 */
export async function runDemoStream(db: Database, pipeline: ListeningPipeline, workspaceId: string, options: DemoStreamOptions) {
  const started = Date.now();
  const stream = new DemoStream({ seed: (options.seed ?? DEFAULT_DEMO_SEED) + 1, runKey: runKeyOf(new Date(started), 's'), now: new Date(started) });
  const spike = spikeWindow(options.durationSeconds);
  const every = options.progressEverySeconds ?? 5;
  let sent = 0;
  let stored = 0;
  let owed = 0;
  let second = 0;
  let inSpike = false;
  const progress = async (inSpike: boolean) =>
    options.onProgress?.({ elapsedSeconds: Math.round((Date.now() - started) / 1000), sent, stored, spike: inSpike, perTopic: await demoTopicCounts(db, workspaceId) });
  for (; second < options.durationSeconds && !options.signal?.aborted; second++) {
    const spiking = second >= spike.from && second < spike.to;
    if (spiking !== inSpike) options.onSpike?.(spiking ? 'start' : 'end');
    inSpike = spiking;
    owed += inSpike ? options.rate * 2 : options.rate;
    const count = Math.floor(owed);
    owed -= count;
    // Posted during the second that just went by, so none is dated in the future.
    const base = started + (second - 1) * 1000;
    const posts = Array.from({ length: count }, (_, i) => stream.next(new Date(base + Math.floor((i * 1000) / Math.max(count, 1))), inSpike));
    if (posts.length > 0) {
      const result = await pipeline.submit(workspaceId, DEMO_SOURCE, posts);
      sent += posts.length;
      stored += result.stored;
    }
    await sleep(started + (second + 1) * 1000 - Date.now(), options.signal);
    if ((second + 1) % every === 0) await progress(inSpike);
  }
  if (second % every !== 0 || second === 0) await progress(inSpike);
  if (inSpike) options.onSpike?.('end');
  return {
    sent,
    stored,
    seconds: second,
    spike: { from: new Date(started + spike.from * 1000).toISOString(), to: new Date(started + spike.to * 1000).toISOString() },
  };
}
