// `parley bench listening [--queries 10000] [--posts 200000] [--json]` (specs/cli.md): generates the
// reproducible synthetic workload and measures, in one run, on this machine:
// - matchPostsPerSec: analyzePost + QueryMatcher.match per post, in the main thread (one core);
// - matchP99Micros: the 99th percentile of that per-post time;
// - enrichPostsPerSec: enrichPost (language, sentiment, spam, bot, SimHash) on analyzed posts;
// - pipelinePostsPerSec: the whole pipeline with durable storage (null while it is not available);
// - rssMB: the peak resident set size of the process.
import { generateWorkload, type Workload } from '../modules/listening/bench/workload.js';
import { QueryMatcher } from '../modules/listening/matcher/matcher.js';
import { enrichPost } from '../modules/listening/pipeline/enrich-post.js';
import { parseQuery } from '../modules/listening/query/parser.js';
import { analyzePost } from '../modules/listening/text/analyze.js';

export type BenchListeningResult = {
  queries: number;
  posts: number;
  matchPostsPerSec: number;
  matchP99Micros: number;
  enrichPostsPerSec: number;
  pipelinePostsPerSec: number | null;
  rssMB: number;
};

export type BenchListeningOptions = { queries: number; posts: number; seed?: number; dataDir?: string; skipPipeline?: boolean };

/** Parses a count option: a positive integer (underscores allowed, as in 100_000). */
export function parseCount(name: string, value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${name}: expected a positive integer, got "${value}"`);
  return n;
}

const peakRssMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** Analysis + matching of every post in this thread; per-post latencies for the percentile. */
function measureMatching(workload: Workload): { postsPerSec: number; p99Micros: number; matched: number } {
  const matcher = new QueryMatcher();
  for (const { id, query } of workload.queries) {
    const parsed = parseQuery(query);
    if (parsed.ok) matcher.set(id, parsed.ast);
  }
  const posts = workload.posts;
  // A short warm-up, so the optimizing compiler has seen the hot paths before timing starts.
  for (let i = 0; i < Math.min(2000, posts.length); i++) matcher.match(analyzePost(posts[i]!));
  const latencies = new Float64Array(posts.length);
  let matched = 0;
  const start = performance.now();
  let previous = start;
  for (let i = 0; i < posts.length; i++) {
    if (matcher.match(analyzePost(posts[i]!)).length > 0) matched++;
    const now = performance.now();
    latencies[i] = now - previous;
    previous = now;
  }
  const seconds = (previous - start) / 1000;
  latencies.sort();
  return { postsPerSec: posts.length / seconds, p99Micros: percentile(latencies, 0.99) * 1000, matched };
}

function measureEnrichment(workload: Workload): number {
  // Analysis is not timed here (it is part of matching, and enrichPost starts from an analyzed
  // post); it is done a chunk at a time so that the analyzed posts do not all stay in memory.
  const posts = workload.posts;
  for (let i = 0; i < Math.min(2000, posts.length); i++) enrichPost(analyzePost(posts[i]!));
  const CHUNK = 1000;
  let milliseconds = 0;
  for (let from = 0; from < posts.length; from += CHUNK) {
    const analyzed = posts.slice(from, from + CHUNK).map(analyzePost);
    const start = performance.now();
    for (const post of analyzed) enrichPost(post);
    milliseconds += performance.now() - start;
  }
  return posts.length / (milliseconds / 1000);
}

async function measurePipelineIfAvailable(workload: Workload, dataDir: string | undefined): Promise<number | null> {
  const { measurePipeline } = await import('../modules/listening/bench/pipeline-bench.js');
  try {
    return (await measurePipeline(workload, { dataDir })).postsPerSec;
  } catch (error) {
    if (error instanceof Error && error.message === 'pipeline benchmark not available yet') return null;
    throw error;
  }
}

export async function runBenchListening(options: BenchListeningOptions, log: (line: string) => void = () => {}): Promise<BenchListeningResult> {
  log(`generating ${options.queries} queries and ${options.posts} posts…`);
  const workload = generateWorkload({ queries: options.queries, posts: options.posts, seed: options.seed ?? 1 });
  log('matching (analyzePost + QueryMatcher.match, main thread)…');
  const matching = measureMatching(workload);
  log(`  ${Math.round(matching.postsPerSec)} posts/s; ${((100 * matching.matched) / workload.posts.length).toFixed(1)}% of posts match a query`);
  log('enriching (enrichPost)…');
  const enrichPostsPerSec = measureEnrichment(workload);
  if (!options.skipPipeline) log('pipeline (enrichment, matching, durable storage)…');
  const pipelinePostsPerSec = options.skipPipeline ? null : await measurePipelineIfAvailable(workload, options.dataDir);
  return {
    queries: options.queries,
    posts: options.posts,
    matchPostsPerSec: Math.round(matching.postsPerSec),
    matchP99Micros: Math.round(matching.p99Micros),
    enrichPostsPerSec: Math.round(enrichPostsPerSec),
    pipelinePostsPerSec: pipelinePostsPerSec === null ? null : Math.round(pipelinePostsPerSec),
    rssMB: peakRssMB(),
  };
}

export function formatBenchListening(result: BenchListeningResult): string {
  const rows: [string, string][] = [
    ['queries', String(result.queries)],
    ['posts', String(result.posts)],
    ['match (analyze + match, 1 core)', `${result.matchPostsPerSec} posts/s`],
    ['match p99 per post', `${result.matchP99Micros} µs`],
    ['enrichment', `${result.enrichPostsPerSec} posts/s`],
    ['pipeline (incl. storage)', result.pipelinePostsPerSec === null ? 'not available' : `${result.pipelinePostsPerSec} posts/s`],
    ['peak RSS', `${result.rssMB} MB`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}
