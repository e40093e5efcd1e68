/** Anything that runs SQL: a DataSource, or an EntityManager inside a transaction. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** The database answers (the health check's probe). */
export async function ping(q: Queryable): Promise<void> {
  await q.query('SELECT 1');
}
