/**
 * Events waiting to be projected to PostgreSQL, written one batch at a time, in order: the projection activity is
 * idempotent, and ordering keeps the row moving forward. `write` starts the activity and returns its promise (nothing
 * awaited before it, so the activity is scheduled exactly where a flush asks for it); `written` runs right after it.
 */
export class ProjectionQueue<E> {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    public pending: E[],
    private readonly write: (batch: E[]) => Promise<unknown>,
    private readonly written: () => void = () => undefined,
    /** Whether something besides the events waits to be written (a lead's changed deadline rounds). */
    private readonly alsoPending: () => boolean = () => false,
  ) {}

  add(events: readonly E[]): void {
    this.pending.push(...events);
  }

  /** Projects everything pending when its turn comes; resolves once that is written. */
  flush(): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (this.pending.length === 0 && !this.alsoPending()) return;
      const batch = this.pending.slice();
      await this.write(batch);
      this.pending = this.pending.filter((e) => !batch.includes(e));
      this.written();
    });
    return this.chain;
  }
}
