import type { InMemoryDatabase } from "./InMemoryDatabase.js";

/**
 * How a fake port writes: inside a unit of work the transaction already holds the lock;
 * outside one, each write takes it for itself and is undone as a whole when it throws.
 */
export class InMemoryScope {
  constructor(
    readonly db: InMemoryDatabase,
    private readonly inTransaction: boolean,
  ) {}

  write<T>(work: () => T | Promise<T>): Promise<T> {
    return this.inTransaction ? Promise.resolve().then(work) : this.db.transaction(async () => work());
  }

  get tables() {
    return this.db.tables;
  }
}
