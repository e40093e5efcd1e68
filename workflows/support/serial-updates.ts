import { condition } from '@temporalio/workflow';
import { RecentUpdates } from './recent-updates';

/**
 * Recent Updates whose handlers run one at a time (a paper's and a lead's actions): an action that opens or transfers a
 * case awaits an activity, and the next one must see its result. A retry is answered with its first result at once.
 */
export class SerialUpdates<V> extends RecentUpdates<V> {
  private busy = false;

  /**
   * Handles the current Update: `apply` runs when no other handler does, and its answer is remembered for retries. The
   * handler returns this promise itself (`(input) => updates.handle(async () => …)`): the wait and `apply` start in the
   * handler's own turn, as when the handler awaited them inline; only the answer comes one microtask later.
   */
  async handle(apply: () => Promise<V>): Promise<V> {
    const { id, earlier } = this.begin();
    if (earlier) return earlier;
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return this.remember(id, await apply());
    } finally {
      this.busy = false;
    }
  }
}
