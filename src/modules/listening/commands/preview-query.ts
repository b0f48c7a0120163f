// What a query would have matched among the workspace's stored mentions of the last 7 days: the
// count, a per-day estimate of its volume, and a few samples with the matching words marked, so the
// query editor can show the effect of a query before it is saved. Runs the product's own matcher.
import type { CommandContext } from '../../../server/context.js';
import { AppError } from '../../../server/errors.js';
import { QueryMatcher } from '../matcher/matcher.js';
import type { QueryNode } from '../query/ast.js';
import { parseQuery } from '../query/parser.js';
import { analyzePost } from '../text/analyze.js';
import type { AnalyzedField, Token } from '../text/types.js';
import { listMentionsForPreview } from '../repository.js';

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 7;
const PAGE_SIZE = 2_000;
/** At most this many of the newest mentions are read: the preview answers within a second or so. */
export const PREVIEW_SCAN_LIMIT = 20_000;
const SAMPLE_LIMIT = 20;

export type Highlight = { field: 'text' | 'title'; start: number; end: number };
export type PreviewSample = {
  id: string;
  source: string;
  channel: string | null;
  url: string | null;
  title: string | null;
  text: string;
  lang: string | null;
  publishedAt: Date;
  authorHandle: string | null;
  authorName: string | null;
  inTopic: boolean;
  highlights: Highlight[];
};
export type QueryPreview = {
  scanned: number;
  /** true when the window held more than PREVIEW_SCAN_LIMIT mentions: only the newest were read */
  truncated: boolean;
  matched: number;
  /** of the matches, those already in the given topic */
  alreadyInTopic: number;
  from: Date;
  to: Date;
  dailyEstimate: number;
  days: { date: string; count: number }[];
  samples: PreviewSample[];
};

export async function previewQuery(ctx: CommandContext, input: { query: string; topicId?: string }, now = new Date()): Promise<QueryPreview> {
  const workspaceId = ctx.workspace.workspaceId;
  const parsed = parseQuery(input.query);
  if (!parsed.ok) {
    throw new AppError('query.invalid', 400, `The query is not valid at character ${parsed.error.position}: ${parsed.error.message}`, {
      field: 'query',
      position: parsed.error.position,
      message: parsed.error.message,
    });
  }
  const matcher = new QueryMatcher();
  matcher.set('preview', parsed.ast);
  const marks = highlightTerms(parsed.ast);

  const since = new Date(now.getTime() - WINDOW_DAYS * DAY_MS);
  const days = new Map<string, number>();
  for (let i = WINDOW_DAYS - 1; i >= 0; i--) days.set(new Date(now.getTime() - i * DAY_MS).toISOString().slice(0, 10), 0);

  let scanned = 0;
  let matched = 0;
  let alreadyInTopic = 0;
  let oldest: Date | null = null;
  const samples: PreviewSample[] = [];
  let cursor: { at: string; id: string } | null = null;
  while (scanned < PREVIEW_SCAN_LIMIT) {
    const rows = await listMentionsForPreview(ctx.db, workspaceId, since, cursor, Math.min(PAGE_SIZE, PREVIEW_SCAN_LIMIT - scanned));
    for (const row of rows) {
      const analyzed = analyzePost({
        id: String(row.id),
        text: row.text,
        title: row.title ?? undefined,
        author: row.authorHandle ?? undefined,
        url: row.url ?? undefined,
        lang: row.lang ?? undefined,
        country: row.country ?? undefined,
        channel: row.channel ?? undefined,
      });
      if (matcher.match(analyzed).length === 0) continue;
      matched += 1;
      const inTopic = input.topicId !== undefined && row.topicIds.includes(input.topicId);
      if (inTopic) alreadyInTopic += 1;
      const day = row.publishedAt.toISOString().slice(0, 10);
      if (days.has(day)) days.set(day, days.get(day)! + 1);
      if (samples.length < SAMPLE_LIMIT) {
        const highlights = [...marks(analyzed.text, 'text'), ...(analyzed.title ? marks(analyzed.title, 'title') : [])];
        samples.push({ ...row, id: String(row.id), inTopic, highlights });
      }
    }
    scanned += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < PAGE_SIZE) break;
    oldest = last.publishedAt;
    cursor = { at: last.publishedAt.toISOString(), id: String(last.id) };
  }
  const truncated = scanned >= PREVIEW_SCAN_LIMIT;
  // When only the newest mentions were read, the volume is measured over the time they cover.
  const from = truncated && oldest ? oldest : since;
  const coveredDays = Math.max((now.getTime() - from.getTime()) / DAY_MS, 1 / 24);
  return {
    scanned,
    truncated,
    matched,
    alreadyInTopic,
    from,
    to: now,
    dailyEstimate: Math.round((matched / coveredDays) * 10) / 10,
    days: [...days].map(([date, count]) => ({ date, count })),
    samples,
  };
}

type Mark = { kind: 'any' | 'hashtag' | 'mention' | 'cashtag'; value: string } | { kind: 'wildcard'; pattern: RegExp } | { kind: 'phrase'; words: string[] };

const WORDLIKE = new Set(['word', 'hashtag', 'mention', 'cashtag']);

/** The positive terms of a query (not those under NOT), as a function marking where they occur in a field. */
function highlightTerms(ast: QueryNode): (field: AnalyzedField, name: 'text' | 'title') => Highlight[] {
  const marks: Mark[] = [];
  const walk = (node: QueryNode): void => {
    switch (node.type) {
      case 'term':
        marks.push({ kind: node.kind, value: node.value });
        return;
      case 'phrase':
        marks.push({ kind: 'phrase', words: node.words });
        return;
      case 'wildcard':
        marks.push({ kind: 'wildcard', pattern: new RegExp(`^${node.pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'u') });
        return;
      case 'and':
      case 'or':
        node.children.forEach(walk);
        return;
      case 'near':
        walk(node.left);
        walk(node.right);
        return;
      default:
        return;
    }
  };
  walk(ast);
  const single = (token: Token) =>
    marks.some((mark) =>
      mark.kind === 'wildcard' ? WORDLIKE.has(token.kind) && mark.pattern.test(token.norm)
      : mark.kind === 'phrase' ? false
      : mark.kind === 'any' ? WORDLIKE.has(token.kind) && token.norm === mark.value
      : token.kind === mark.kind && token.norm === mark.value,
    );
  return (field, name) => {
    const tokens = field.tokens.filter((token) => token.position >= 0);
    const highlights: Highlight[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (single(token)) {
        highlights.push({ field: name, start: token.start, end: token.end });
        continue;
      }
      for (const mark of marks) {
        if (mark.kind !== 'phrase' || i + mark.words.length > tokens.length) continue;
        if (mark.words.every((word, k) => tokens[i + k]!.norm === word)) {
          highlights.push({ field: name, start: token.start, end: tokens[i + mark.words.length - 1]!.end });
          break;
        }
      }
    }
    return highlights;
  };
}
