import { CancellationScope, condition, sleep } from '@temporalio/workflow';

/**
 * One timer per wake-up instant: a wait for the same instant as the last one keeps the timer already armed (no cancel
 * and restart, so no extra history events), a wait for another instant cancels it and arms a new one.
 */
export class SteadyTimer {
  private armed: { at: number; scope: CancellationScope; fired: boolean } | null = null;

  /** Waits until `wakeAt` (null: no instant) or until `changed()`. */
  async wait(wakeAt: number | null, changed: () => boolean): Promise<void> {
    if (this.armed && this.armed.at !== wakeAt) {
      this.armed.scope.cancel();
      this.armed = null;
    }
    if (wakeAt !== null && wakeAt <= Date.now()) return;
    if (wakeAt !== null && !this.armed) {
      const timer = { at: wakeAt, scope: new CancellationScope(), fired: false };
      timer.scope
        .run(() => sleep(wakeAt - Date.now()))
        .then(
          () => void (timer.fired = true),
          () => undefined, // cancelled: the instant moved
        );
      this.armed = timer;
    }
    const timer = this.armed;
    await condition(() => changed() || timer?.fired === true);
    if (timer?.fired) this.armed = null;
  }
}
