// Drizzle spreads a JS array inside sql`` into a list of parameters; PostgreSQL arrays must travel as
// one parameter. Use textArray(values) wherever SQL expects text[].
import { sql, type SQL } from 'drizzle-orm';

export const textArray = (values: readonly string[]): SQL => sql`${sql.param([...values])}::text[]`;
