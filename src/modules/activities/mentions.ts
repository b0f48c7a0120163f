// Mentions inside note bodies. The editor writes a mention as `@[Display Name](member:mem_xxx)`, so the
// stored text keeps the name as it was shown and the id that the server checks and notifies.
const MENTION = /@\[([^\]\n]{1,120})\]\(member:([A-Za-z0-9_]{1,100})\)/g;

/** Member ids mentioned in the body, each once, in order of first appearance. */
export function extractMentionIds(body: string): string[] {
  const ids = new Set<string>();
  for (const match of body.matchAll(MENTION)) ids.add(match[2]!);
  return [...ids];
}

/** The body as a person reads it: each mention token becomes "@Name". */
export function mentionsAsText(body: string): string {
  return body.replace(MENTION, (_token, name: string) => `@${name}`);
}

/** A short plain-text excerpt for notifications and timeline summaries. */
export function excerpt(body: string, length = 140): string {
  const text = mentionsAsText(body).replace(/\s+/g, ' ').trim();
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}
