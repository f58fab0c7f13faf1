// Collects items and writes them in batches: when maxItems are waiting or flushMs after the first one arrived.
// A failed write puts its items back (up to maxBuffered, oldest dropped first) for the next flush.

export interface BatcherOptions<T> {
  maxItems: number;
  flushMs: number;
  maxBuffered?: number;
  write: (items: T[]) => Promise<void>;
  onError?: (err: unknown, items: number) => void;
}

export class Batcher<T> {
  private buffer: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly maxBuffered: number;
  dropped = 0;

  constructor(private readonly opts: BatcherOptions<T>) {
    this.maxBuffered = opts.maxBuffered ?? opts.maxItems * 50;
  }

  get pending(): number { return this.buffer.length; }

  add(item: T): void {
    this.buffer.push(item);
    this.trim();
    if (this.buffer.length >= this.opts.maxItems) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => { this.timer = undefined; void this.flush(); }, this.opts.flushMs);
      this.timer.unref();
    }
  }

  /** Writes everything waiting now; resolves when it (and any earlier flush) is done. Never rejects. */
  flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    this.writing = this.writing.then(async () => {
      while (this.buffer.length) {
        const items = this.buffer.splice(0, this.opts.maxItems);
        try {
          await this.opts.write(items);
        } catch (err) {
          this.opts.onError?.(err, items.length);
          this.buffer.unshift(...items);
          this.trim();
          return; // try again on the next flush rather than spinning against a dead dependency
        }
      }
    });
    return this.writing;
  }

  private trim(): void {
    const over = this.buffer.length - this.maxBuffered;
    if (over > 0) { this.buffer.splice(0, over); this.dropped += over; }
  }
}
