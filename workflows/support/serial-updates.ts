import { condition } from '@temporalio/workflow';
import { RecentUpdates } from './recent-updates';

/**
 * Recent Updates whose handlers run one at a time (a paper's and a lead's actions): an action that opens or transfers a
 * case awaits an activity, and the next one must see its result. A retry is answered with its first result at once.
 *
 * Two ways to wait, chosen once per run by the workflow (`patched('serial-updates-queue')`):
 * - `queued` (runs from 2026-12-07 on): each handler is chained after the one admitted before it, so they run in the
 *   order they came, one at a time, whatever else wakes in the same activation;
 * - otherwise (histories from before): a busy flag and `condition(() => !busy)`. Several handlers waiting on it are all
 *   unblocked in the same pass of the SDK's conditions when it drops, so the second and the third could apply against
 *   a state the first had not finished (its activity's result not committed yet). Kept only so those histories replay.
 */
export class SerialUpdates<V> extends RecentUpdates<V> {
  private busy = false;
  /** The last handler admitted (settled either way): the next one starts when it has. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    kept: number,
    carried: Array<[string, V]> | undefined,
    private readonly queued: boolean,
  ) {
    super(kept, carried);
  }

  /**
   * Handles the current Update: `apply` runs when no other handler does, and its answer is remembered for retries. The
   * handler returns this promise itself (`(input) => updates.handle(async () => …)`): the wait and `apply` start in the
   * handler's own turn, as when the handler awaited them inline; only the answer comes one microtask later.
   */
  async handle(apply: () => Promise<V>): Promise<V> {
    const { id, earlier } = this.begin();
    if (earlier) return earlier;
    if (this.queued) {
      const turn = this.tail.then(apply);
      this.tail = turn.catch(() => undefined);
      return this.remember(id, await turn);
    }
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return this.remember(id, await apply());
    } finally {
      this.busy = false;
    }
  }
}
