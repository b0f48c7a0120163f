// Drizzle spreads a JS array inside sql`` into a list of parameters; PostgreSQL arrays must travel as
// one parameter. Use textArray(values) wherever SQL expects text[].
import { sql, type SQL } from 'drizzle-orm';

export const textArray = (values: readonly string[]): SQL => sql`${sql.param([...values])}::text[]`;

/**
 * A statement written with $1…$n placeholders, as Drizzle SQL, so that it runs on any Executor (in its
 * transaction). Each placeholder becomes one parameter; the text stays the same from call to call, so
 * the client prepares it once per connection.
 */
export function positional(text: string, values: readonly unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql.param(values[Number(part) - 1]))));
}
