// Statements whose SQL text drizzle builds once. Drizzle otherwise rebuilds a statement's text from
// its query builder on every call: under the inbox bench's 200 agents that building was the largest
// share of a web process's CPU (a listed conversation is 54 columns from five tables; an agent's reply
// locks, inserts and updates rows of 27 and 40 columns). Values go in as placeholders
// (`sql.placeholder`) at execute().
//
// A prepared query is bound to the connection of the executor it was built on. Outside a transaction
// that is the pool, once per database handle. A transaction has its own connection: its statement is
// built once too, and each transaction runs a copy bound to its own connection.
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

/** What a transaction and a prepared query of node-postgres hold: the connection they run on. */
type OnConnection = { client: unknown };

const connectionOf = (tx: PgTransaction<never, never, never>): unknown => (tx as unknown as { session: OnConnection }).session.client;
const dialectOf = (tx: PgTransaction<never, never, never>): object => (tx as unknown as { dialect: object }).dialect;

/** The prepared query `query` (built on an earlier transaction) run on `client`: a copy bound to that connection. */
function boundTo<Q>(query: Q, client: unknown): Q {
  return Object.assign(Object.create(Object.getPrototypeOf(query) as object) as object, query, { client }) as Q;
}

/**
 * `build` makes the prepared query (ending in `.prepare('')`: unnamed here, the pool's client names
 * it by its text); the result gives it for an executor, built once per database handle (or per
 * drizzle dialect, for transactions).
 */
export function preparedQuery<Q>(build: (db: Executor) => Q): (db: Executor) => Q {
  const queries = preparedQueries<Q>(1);
  return (db) => queries(db, '', build);
}

/**
 * preparedQuery for statements of several shapes (a queue view's filters, a reply that does or does
 * not answer): one per shape key, at most `max` shapes per handle (the first ones made; later shapes
 * are built per call).
 */
export function preparedQueries<Q>(max = 200): (db: Executor, shape: string, build: (db: Executor) => Q) => Q {
  const built = new WeakMap<object, Map<string, Q>>();
  return (db, shape, build) => {
    const tx = db instanceof PgTransaction ? (db as PgTransaction<never, never, never>) : null;
    // A transaction's statements are kept by its dialect (the handle's, which builds the same text).
    const key = tx ? dialectOf(tx) : db;
    let shapes = built.get(key);
    if (!shapes) built.set(key, (shapes = new Map()));
    let query = shapes.get(shape);
    if (!query) {
      query = build(db);
      if (shapes.size < max) shapes.set(shape, tx ? boundTo(query, null) : query);
      return query;
    }
    return tx ? boundTo(query, connectionOf(tx)) : query;
  };
}
