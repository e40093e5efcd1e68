import { currentUpdateInfo } from '@temporalio/workflow';
import { refusing } from './failures';

/**
 * The results of recent Updates by Update id (= the HTTP Idempotency-Key). Temporal deduplicates Updates only within one
 * run, so the workflow keeps the latest ones and carries them across continue-as-new: a retried action is answered
 * with its first result and never applied twice.
 */
export class RecentUpdates<V> {
  private readonly results: Map<string, V>;

  constructor(
    private readonly kept: number,
    carried: Array<[string, V]> = [],
  ) {
    this.results = new Map(carried);
  }

  /** The Update being handled: its id and, when it is a retry, its first result. */
  begin(): { id: string | undefined; earlier: V | undefined } {
    const id = currentUpdateInfo()?.id;
    return { id, earlier: id ? this.results.get(id) : undefined };
  }

  /** Keeps `result` as the answer to Update `id` (the oldest one kept goes) and returns it. */
  remember(id: string | undefined, result: V): V {
    if (!id) return result;
    this.results.set(id, result);
    if (this.results.size > this.kept) this.results.delete(this.results.keys().next().value!);
    return result;
  }

  /** An Update validator: a retry of an applied Update passes (its handler answers it); a domain refusal is a failure. */
  validator<A extends unknown[]>(check: (...args: A) => void): (...args: A) => void {
    return (...args) => {
      const id = currentUpdateInfo()?.id;
      if (id && this.results.has(id)) return;
      refusing(() => check(...args));
    };
  }

  /** What a continued run takes over: every result kept, or only the `latest` ones. */
  carry(latest?: number): Array<[string, V]> {
    const all = [...this.results.entries()];
    return latest === undefined ? all : all.slice(Math.max(0, all.length - latest));
  }
}
