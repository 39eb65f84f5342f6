// Coalesces calls: while one batch runs, later calls queue, and the next run takes them all at once.

/**
 * Runs `run` on batches of the submitted inputs, one batch at a time. A call made while nothing
 * runs starts a batch of its own at once (no added wait when idle); calls made while a batch runs
 * queue, and the next batch takes up to `maxBatch` of them in arrival order. `run` answers one
 * result per input, in the same order, and each call gets its own; when `run` rejects, every call
 * of that batch rejects with the same error. Pure: no timers, no I/O of its own.
 */
export class Coalescer<I, O> {
  private readonly queue: { input: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly run: (inputs: readonly I[]) => Promise<readonly O[]>,
    private readonly maxBatch: number,
  ) {
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) throw new RangeError("maxBatch must be a positive integer");
  }

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.run(batch.map((b) => b.input));
        if (results.length !== batch.length) {
          throw new Error(`a batch of ${batch.length} answered ${results.length} results`);
        }
        for (const [i, b] of batch.entries()) b.resolve(results[i] as O);
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.running = false;
  }
}
