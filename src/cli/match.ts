// `parley match --queries QUERIES.json --posts POSTS.ndjson` (specs/cli.md): one output line per post,
// in input order, with the ids of the queries it matches; invalid queries are reported on stderr, one
// JSON line each, and nothing is matched (exit 2).
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { QueryMatcher } from '../modules/listening/matcher/matcher.js';
import { parseQuery } from '../modules/listening/query/parser.js';
import { detectLanguage } from '../modules/listening/enrich/language.js';
import { analyzePost } from '../modules/listening/text/analyze.js';

export class InputError extends Error {}

const querySchema = z.array(z.object({ id: z.string().min(1), query: z.string() }));
const postSchema = z.object({
  id: z.string().min(1),
  text: z.string(),
  title: z.string().optional(),
  author: z.string().optional(),
  url: z.string().optional(),
  links: z.array(z.string()).optional(),
  lang: z.string().optional(),
  country: z.string().optional(),
  channel: z.string().optional(),
});

export async function runMatch(options: { queries: string; posts: string }, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(options.queries, 'utf8'));
  } catch (error) {
    throw new InputError(`${options.queries}: not a readable JSON file (${(error as Error).message})`);
  }
  const queries = querySchema.safeParse(raw);
  if (!queries.success) throw new InputError(`${options.queries}: expected [{"id": "q1", "query": "…"}, …] (${queries.error.issues[0]?.message ?? 'invalid'} at ${queries.error.issues[0]?.path.join('.') ?? ''})`);

  const matcher = new QueryMatcher();
  let invalid = 0;
  for (const { id, query } of queries.data) {
    const parsed = parseQuery(query);
    if (!parsed.ok) {
      invalid++;
      err.write(`${JSON.stringify({ id, error: parsed.error.message, position: parsed.error.position })}\n`);
      continue;
    }
    matcher.set(id, parsed.ast);
  }
  if (invalid > 0) return 2;

  const lines = createInterface({ input: createReadStream(options.posts, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  const buffered: string[] = [];
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new InputError(`${options.posts}:${lineNumber}: not a JSON object`);
    }
    const post = postSchema.safeParse(json);
    if (!post.success) throw new InputError(`${options.posts}:${lineNumber}: ${post.error.issues.map((i) => `${i.path.join('.') || 'post'} ${i.message}`).join('; ')}`);
    // The spec: when `lang` is absent it is detected.
    const lang = post.data.lang ?? detectLanguage([post.data.title, post.data.text].filter(Boolean).join('\n')).lang ?? undefined;
    buffered.push(JSON.stringify({ id: post.data.id, matches: matcher.match(analyzePost({ ...post.data, lang })) }));
    if (buffered.length >= 1000) out.write(`${buffered.splice(0).join('\n')}\n`);
  }
  if (buffered.length > 0) out.write(`${buffered.join('\n')}\n`);
  return 0;
}
