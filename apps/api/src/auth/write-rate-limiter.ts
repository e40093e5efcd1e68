import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@libs/config/src';
import { DomainError } from '@libs/domain/src/shared';

const WINDOW_MS = 60_000;

interface Window {
  start: number;
  count: number;
  previous: number;
}

/**
 * Per-account limit on writes (WRITE_LIMIT_PER_ACCOUNT a minute; anonymous writes count per client address), as a
 * sliding window: the previous minute's count weighs in by the share of it still inside the window, so a burst at a
 * minute's edge does not double the rate. A refused write is not counted (retrying does not extend the wait).
 *
 * [decision] Kept in the API process's memory: one API process per deployment (docker/), and a restart forgets the
 * counts, which errs on the side of the caller.
 */
@Injectable()
export class WriteRateLimiter {
  private readonly limit: number;
  private readonly windows = new Map<string, Window>();

  constructor(config: ConfigService<{ app: AppConfig }, true>) {
    this.limit = config.get('app', { infer: true }).writeRateLimit.perAccountPerMinute;
  }

  /** Counts one write of `who`, or throws RATE_LIMITED (429, Retry-After) when the limit is reached. */
  take(who: string, now = Date.now()): void {
    let w = this.windows.get(who);
    const start = now - (now % WINDOW_MS);
    if (!w) {
      if (this.windows.size > 50_000) this.prune(start);
      w = { start, count: 0, previous: 0 };
      this.windows.set(who, w);
    } else if (w.start !== start) {
      w.previous = start - w.start === WINDOW_MS ? w.count : 0;
      w.start = start;
      w.count = 0;
    }
    const elapsed = (now - start) / WINDOW_MS;
    const estimate = w.previous * (1 - elapsed) + w.count;
    if (estimate + 1 > this.limit) {
      // When enough of the previous minute has slid out of the window (or the current minute ends).
      const needed = estimate + 1 - this.limit;
      const slide = w.previous > 0 ? Math.min(1 - elapsed, needed / w.previous) : 1 - elapsed;
      const retryAfter = Math.max(1, Math.ceil((slide * WINDOW_MS) / 1000));
      throw new DomainError('RATE_LIMITED', `too many writes: at most ${this.limit} a minute per account; retry in ${retryAfter} s`, {
        retryAfter,
      });
    }
    w.count++;
  }

  private prune(currentStart: number): void {
    for (const [k, w] of this.windows) if (currentStart - w.start > WINDOW_MS) this.windows.delete(k);
  }
}
