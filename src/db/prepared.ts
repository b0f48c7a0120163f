// Statements whose SQL text drizzle builds once per database handle. Drizzle otherwise rebuilds a
// statement's text from its query builder on every call: under the inbox bench's 200 agents that
// building was the largest share of a web process's CPU (a listed conversation is 54 columns from five
// tables). Values go in as placeholders (`sql.placeholder`) at execute(). A transaction has its own
// session, so there the statement is built for that call, as any other.
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

/**
 * `build` makes the prepared query (ending in `.prepare('')`: unnamed here, the pool's client names
 * it by its text); the result gives it for an executor, built once per database handle.
 */
export function preparedQuery<Q>(build: (db: Executor) => Q): (db: Executor) => Q {
  const queries = preparedQueries<Q>(1);
  return (db) => queries(db, '', build);
}

/**
 * preparedQuery for statements of several shapes (a queue view's filters): one per shape key, at most
 * `max` shapes per handle (the first ones made; later shapes are built per call).
 */
export function preparedQueries<Q>(max = 200): (db: Executor, shape: string, build: (db: Executor) => Q) => Q {
  const built = new WeakMap<Executor, Map<string, Q>>();
  return (db, shape, build) => {
    if (db instanceof PgTransaction) return build(db);
    let shapes = built.get(db);
    if (!shapes) built.set(db, (shapes = new Map()));
    let query = shapes.get(shape);
    if (!query) {
      query = build(db);
      if (shapes.size < max) shapes.set(shape, query);
    }
    return query;
  };
}
