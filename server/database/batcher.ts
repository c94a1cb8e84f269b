// Coalesces calls made in the same event-loop turn into one batch (one SQL statement, one round trip,
// one commit) — how the CWMP hot path serves many concurrent sessions with few database trips.

/** A batch result for one item that failed on its own: that call rejects, the others still resolve. */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

export class Batcher<I, O> {
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private inFlight = 0;

  /**
   * run returns one result per item, in order; an ItemFailure fails only its item. A rejected run
   * fails the whole batch, so a run that can tell its items apart should return ItemFailures instead.
   * With maxInFlight, at most that many runs are under way: calls arriving meanwhile wait and go
   * together when one ends (group commit: under load, fewer and larger statements and commits).
   * windowMs: how long a call arriving while no run is under way waits for others (0: the same turn
   * only); like PostgreSQL's commit_delay, it trades a few milliseconds for fewer, larger batches
   * when calls trickle in.
   */
  constructor(
    private readonly run: (items: I[]) => Promise<readonly (O | ItemFailure)[]>,
    private readonly maxBatch = 200,
    private readonly maxInFlight = Infinity,
    private readonly windowMs: () => number = () => 0,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        const window = this.inFlight === 0 ? this.windowMs() : 0;
        if (window > 0) setTimeout(() => this.flush(), window);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight += 1;
      // Through a promise, so a run that throws synchronously rejects its batch instead of the process.
      Promise.resolve(batch.map((b) => b.item))
        .then((items) => this.run(items))
        .then(
          (results) =>
            batch.forEach((b, i) => {
              const result = results[i];
              if (result instanceof ItemFailure) b.reject(result.error);
              else if (i >= results.length) b.reject(new Error("batch returned no result for this call"));
              else b.resolve(result as O);
            }),
          (error: unknown) => batch.forEach((b) => b.reject(error)),
        )
        .finally(() => {
          this.inFlight -= 1;
          if (this.queue.length > 0) this.flush();
        });
    }
  }
}
