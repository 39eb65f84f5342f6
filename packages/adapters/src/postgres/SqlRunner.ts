/**
 * The little the repositories need from a SQL engine, so they are written once and run on a
 * `pg` Pool and on PGlite alike.
 */
export interface SqlRunner {
  /**
   * Runs one statement with `$1`-style parameters and answers its rows. Without parameters the
   * text may hold several statements (migrations); the rows are then those of the last one.
   */
  query<R>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /**
   * Runs `work` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it
   * throws. Inside `work`, `tx.transaction` joins the same transaction.
   */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
