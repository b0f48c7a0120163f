// Helpers shared by the format readers.
import { parseFeedDate } from './feed-date.js';

export type ReadContext = {
  /** The document's base for relative links (the fetch URL, else the feed's own site link). */
  base: string | undefined;
  warnings: string[];
};

/** A date as ISO 8601 UTC; a date that cannot be read is reported once per place and gives null. */
export function readDate(context: ReadContext, where: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  const parsed = parseFeedDate(value);
  if (parsed === null) context.warnings.push(`${where}: unrecognized date "${value}"`);
  return parsed;
}

/** Trimmed, non-empty, first occurrence kept. */
export function uniqueStrings(values: string[]): string[] {
  return [...new Set(values.map((value) => value.replace(/\s+/g, ' ').trim()).filter((value) => value !== ''))];
}
