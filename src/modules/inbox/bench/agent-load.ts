// Simulated agents over real HTTP: each signs in (a better-auth session, as a person would) and then
// loops on what an agent does all day — look at their queue (with the views' counts), look at the
// unassigned or team queue, open a conversation (the conversation, its latest messages and its
// history, fetched together as the inbox page does) and answer it — with a think time between steps.
// Requests go through node:http with keep-alive, one socket per agent, so the load generator costs
// little next to the server.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

export type Operation = 'queueView' | 'viewCounts' | 'openConversation' | 'sendReply';
export type Samples = Record<Operation, number[]>;
export type AgentLoadResult = { samples: Samples; requests: number; errors: number; errorExamples: string[]; seconds: number };

type Response = { status: number; body: string; headers: http.IncomingHttpHeaders };

export class BenchClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(baseUrl: string, sockets: number) {
    this.url = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  request(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          agent: this.agent,
          headers: { ...headers, ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Signs an agent in through Parley's sign-in route (better-auth underneath); returns the Cookie header of the session. */
export async function signIn(client: BenchClient, baseUrl: string, email: string, password: string): Promise<string> {
  const response = await client.request('POST', '/api/v1/auth/sign-in', { origin: baseUrl }, { email, password });
  if (response.status !== 200) throw new Error(`sign-in of ${email} answered ${response.status}: ${response.body.slice(0, 300)}`);
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []).map((cookie) => cookie.split(';')[0]!);
  if (!cookies.some((cookie) => cookie.startsWith('parley.session_token='))) throw new Error(`sign-in of ${email} set no session cookie`);
  return cookies.join('; ');
}

/** Runs `count` items through `fn` with at most `concurrency` at once. */
export async function mapConcurrent<T, R>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]!, index);
      }
    }),
  );
  return results;
}

const REPLIES = [
  'Thanks for your patience! I have just checked and your parcel is on its way.',
  'Sorry for the trouble, I have refunded the duplicate charge.',
  'Could you tell me the order number? I will look into it right away.',
  'Done! Your delivery address is updated.',
  'I have passed this on to our warehouse team, you will hear from us today.',
];

export type AgentSession = { memberId: string; cookie: string };

/**
 * Runs every agent's loop until `seconds` have passed (after `warmupSeconds` whose timings are not
 * kept). Think time between steps is uniform in [0.5, 1.5] × thinkMs.
 */
export async function runAgents(
  client: BenchClient,
  workspaceId: string,
  sessions: AgentSession[],
  options: { seconds: number; warmupSeconds: number; thinkMs: number; seed?: number },
): Promise<AgentLoadResult> {
  const samples: Samples = { queueView: [], viewCounts: [], openConversation: [], sendReply: [] };
  let requests = 0;
  let errors = 0;
  const errorExamples: string[] = [];
  const startedAt = performance.now();
  const measureFrom = startedAt + options.warmupSeconds * 1000;
  const endAt = measureFrom + options.seconds * 1000;
  let state = (options.seed ?? 7) >>> 0;
  const random = () => {
    // xorshift32: the same sequence of choices each run.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const think = () => sleep(options.thinkMs * (0.5 + random()));

  const call = async (session: AgentSession, method: string, path: string, body?: unknown): Promise<Response | null> => {
    const now = performance.now();
    const counted = now >= measureFrom && now < endAt;
    try {
      const response = await client.request(method, path, { cookie: session.cookie, 'x-parley-workspace': workspaceId }, body);
      if (counted) requests += 1;
      if (response.status >= 400) {
        if (counted) errors += 1;
        if (errorExamples.length < 5) errorExamples.push(`${method} ${path} → ${response.status} ${response.body.slice(0, 200)}`);
        return null;
      }
      return response;
    } catch (error) {
      if (counted) errors += 1;
      if (errorExamples.length < 5) errorExamples.push(`${method} ${path} → ${(error as Error).message}`);
      return null;
    }
  };
  // An operation counts when it starts in the window, or belongs to a round that did (an agent
  // finishes the round it started, so a short run still times every step).
  const counting = new Map<AgentSession, boolean>();
  const timed = async <T>(session: AgentSession, operation: Operation, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await fn();
    if (counting.get(session) || (started >= measureFrom && started < endAt)) samples[operation].push(performance.now() - started);
    return result;
  };
  const idsOf = (response: Response | null): string[] => (response ? (JSON.parse(response.body) as { data: { id: string }[] }).data.map((row) => row.id) : []);

  const loop = async (session: AgentSession, index: number) => {
    // Agents do not all start in the same millisecond.
    await sleep(random() * options.thinkMs);
    let turn = index;
    while (performance.now() < endAt) {
      turn += 1;
      counting.set(session, performance.now() >= measureFrom);
      // The inbox page asks for the queue and the sidebar's counts together.
      const [mineResponse] = await Promise.all([
        timed(session, 'queueView', () => call(session, 'GET', '/api/v1/conversations?view=mine&limit=50')),
        timed(session, 'viewCounts', () => call(session, 'GET', '/api/v1/conversations/counts')),
      ]);
      const mine = idsOf(mineResponse);
      await think();
      const otherView = turn % 2 === 0 ? 'unassigned' : 'team';
      const other = idsOf(await timed(session, 'queueView', () => call(session, 'GET', `/api/v1/conversations?view=${otherView}&limit=50`)));
      await think();
      const candidates = mine.length > 0 && random() < 0.8 ? mine : other.length > 0 ? other : mine;
      if (candidates.length === 0) continue;
      const id = candidates[Math.floor(random() * candidates.length)]!;
      const opened = await timed(session, 'openConversation', async () => {
        // As the conversation screen does: the conversation, its latest messages and its history at once.
        const responses = await Promise.all([
          call(session, 'GET', `/api/v1/conversations/${id}`),
          call(session, 'GET', `/api/v1/conversations/${id}/messages?limit=200`),
          call(session, 'GET', `/api/v1/conversations/${id}/events`),
        ]);
        if (!responses.every((response) => response !== null)) return null;
        return (JSON.parse(responses[0]!.body) as { data: { templatesOnly?: boolean } }).data;
      });
      await think();
      // As the composer: no free text where only a template may go (WhatsApp after 24 hours: the API answers 422).
      // A reply the channel cannot deliver (the seeded channels have no platform credentials) is still stored
      // and queued, which is what is measured; its send then fails in the worker.
      if (!opened || opened.templatesOnly) continue;
      await timed(session, 'sendReply', () => call(session, 'POST', `/api/v1/conversations/${id}/messages`, { text: REPLIES[Math.floor(random() * REPLIES.length)]!, clientMessageId: randomUUID() }));
      await think();
    }
  };
  await Promise.all(sessions.map((session, index) => loop(session, index)));
  return { samples, requests, errors, errorExamples, seconds: options.seconds };
}

/** The p-th percentile in ms (one decimal); null without samples. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! * 10) / 10;
}
