// Progress of long CLI jobs: one line rewritten in place on a terminal; in logs (CI, pipes) one plain line per step,
// at most one a second so a million-row job does not flood the log.
export interface ProgressOutput {
  write(chunk: string): unknown;
  isTTY?: boolean;
}
export interface ProgressLine {
  update(message: string): void;
  /** ends the progress line; the message (a summary) gets its own line */
  done(message?: string): void;
}

export function createProgressLine(
  out: ProgressOutput,
  prefix: string,
  options: { minIntervalMs?: number; now?: () => number } = {},
): ProgressLine {
  const { minIntervalMs = 1000, now = Date.now } = options;
  let lastAt = -Infinity;
  let pending: string | undefined;
  let inPlace = false;
  return {
    update(message) {
      if (out.isTTY) {
        // ESC[K clears what a longer previous message left at the end of the line
        out.write(`\r${prefix} ${message}\x1b[K`);
        inPlace = true;
        return;
      }
      const t = now();
      if (t - lastAt < minIntervalMs) {
        pending = message;
        return;
      }
      lastAt = t;
      pending = undefined;
      out.write(`${prefix} ${message}\n`);
    },
    done(message) {
      if (inPlace) out.write('\n');
      else if (pending !== undefined) out.write(`${prefix} ${pending}\n`);
      inPlace = false;
      pending = undefined;
      if (message !== undefined) out.write(`${prefix} ${message}\n`);
    },
  };
}
