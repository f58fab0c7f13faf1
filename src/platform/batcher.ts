// Collects items and writes them in batches: when maxItems are waiting or flushMs after the first one arrived.
// A batch the sink refuses because of its content is split in halves until the bad rows are found; those are set
// aside (counted, a few kept for inspection) so they never block the rows around them. A failed write for any other
// reason (the dependency is down) puts the items back, up to maxBuffered (oldest dropped first, counted), for the
// next flush.

export interface BatcherOptions<T> {
  maxItems: number;
  flushMs: number;
  maxBuffered?: number;
  /**
   * Writes one batch; may return how many of its items the sink rejected on its own (e.g. Elasticsearch bulk), or
   * that count and the items it could not take for now (an overloaded sink), which wait for the next flush.
   */
  write: (items: T[]) => Promise<void | number | { rejected: number; retry: T[] }>;
  /** True when the error is about the rows themselves (retrying them can never succeed); false means "try later". */
  isBadInput?: (err: unknown) => boolean;
  onError?: (err: unknown, items: number) => void;
  onRejected?: (err: unknown, item: T) => void;
}

export interface BatcherStats {
  /** waiting in the buffer */
  pending: number;
  /** written by the sink */
  written: number;
  /** refused for their content and set aside (never retried) */
  rejected: number;
  /** dropped because the buffer overflowed while the sink was down (or added after close) */
  dropped: number;
  /** writes that failed for a reason other than bad rows (each will be retried) */
  failedWrites: number;
}

/** A fire-and-forget writer built on one or more Batchers (the event writer, the search-log writer). */
export interface BatchWriter<T, Stats = BatcherStats> {
  add(item: T): void;
  /** Writes what is waiting now. */
  flush(): Promise<void>;
  /** Resolves once the writes in progress (if any) are done, without starting new ones. */
  idle(): Promise<void>;
  close(): Promise<Stats>;
  stats(): Stats;
  readonly pending: number;
}

/** How many rejected items are kept for inspection. */
const KEEP_REJECTED = 20;

export class Batcher<T> {
  private buffer: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly maxBuffered: number;
  private closed = false;
  private counts = { written: 0, rejected: 0, dropped: 0, failedWrites: 0 };
  /** the last few rows set aside, newest last */
  readonly setAside: T[] = [];

  constructor(private readonly opts: BatcherOptions<T>) {
    this.maxBuffered = opts.maxBuffered ?? opts.maxItems * 50;
  }

  get pending(): number {
    return this.buffer.length;
  }
  get dropped(): number {
    return this.counts.dropped;
  }

  stats(): BatcherStats {
    return { pending: this.buffer.length, ...this.counts };
  }

  add(item: T): void {
    if (this.closed) {
      this.counts.dropped++;
      return;
    }
    this.buffer.push(item);
    this.trim();
    if (this.buffer.length >= this.opts.maxItems) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.opts.flushMs);
      this.timer.unref();
    }
  }

  /** Writes everything waiting now; resolves when it (and any earlier flush) is done. Never rejects. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.writing = this.writing.then(async () => {
      while (this.buffer.length) {
        const items = this.buffer.splice(0, this.opts.maxItems);
        const unwritten = await this.writeIsolating(items);
        if (unwritten.length) {
          this.buffer.unshift(...unwritten);
          this.trim();
          return; // try again on the next flush rather than spinning against a dead dependency
        }
      }
    });
    return this.writing;
  }

  /** Resolves once the write in progress (if any) is done, without starting one: the hook tests wait on. */
  idle(): Promise<void> {
    return this.writing;
  }

  /** Stops taking items and writes what is waiting; resolves with the final counts (pending = lost). */
  async close(): Promise<BatcherStats> {
    this.closed = true;
    await this.flush();
    return this.stats();
  }

  /** Writes items, bisecting batches refused for bad rows; returns the tail left unwritten by a transient failure. */
  private async writeIsolating(items: T[]): Promise<T[]> {
    try {
      const outcome = await this.opts.write(items);
      const { rejected, retry } = typeof outcome === 'object' ? outcome : { rejected: outcome || 0, retry: [] };
      this.counts.written += items.length - rejected - retry.length;
      this.counts.rejected += rejected;
      if (retry.length) this.counts.failedWrites++;
      return retry;
    } catch (err) {
      if (!(this.opts.isBadInput?.(err) ?? false)) {
        this.counts.failedWrites++;
        this.opts.onError?.(err, items.length);
        return items;
      }
      if (items.length === 1) {
        this.reject(err, items[0]);
        return [];
      }
      const mid = items.length >> 1;
      const left = await this.writeIsolating(items.slice(0, mid));
      if (left.length) return [...left, ...items.slice(mid)];
      return this.writeIsolating(items.slice(mid));
    }
  }

  private reject(err: unknown, item: T): void {
    this.counts.rejected++;
    this.setAside.push(item);
    if (this.setAside.length > KEEP_REJECTED) this.setAside.shift();
    this.opts.onRejected?.(err, item);
  }

  private trim(): void {
    const over = this.buffer.length - this.maxBuffered;
    if (over > 0) {
      this.buffer.splice(0, over);
      this.counts.dropped += over;
    }
  }
}
