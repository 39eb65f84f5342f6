/**
 * Runs a timer call whose failure must not fail the use case: the deadline also lives with the
 * order, so a lost timer entry only delays expiry until the next sweep. Catches a synchronous
 * throw as well as a rejection, so an adapter's bug cannot fail a checkout that already committed.
 */
export async function bestEffort(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch {
    // Deliberately ignored: the Postgres sweep makes expiry certain.
  }
}
