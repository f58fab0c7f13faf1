// Pure trending math: which minute buckets make a window, how much each minute weighs, and how a rank moved.

export const minuteOf = (now: Date): number => Math.floor(now.getTime() / 60_000);

/** The minutes of the window ending at `nowMinute` (newest first) with exponential-decay weights (1 for the newest). */
export function windowWeights(
  nowMinute: number,
  windowMinutes: number,
  halfLifeMinutes: number,
): Array<{ minute: number; weight: number }> {
  return Array.from({ length: windowMinutes }, (_, age) => ({
    minute: nowMinute - age,
    weight: Math.pow(0.5, age / halfLifeMinutes),
  }));
}

export type Movement = 'up' | 'down' | 'same' | 'new';

export interface RankedEntry {
  key: string;
  score: number;
}
export interface TrendEntry extends RankedEntry {
  rank: number;
  previousRank: number | null;
  movement: Movement;
}

/** Ranks `current` (already ordered best first) against the previous window's order. */
export function compareWindows(current: RankedEntry[], previous: RankedEntry[]): TrendEntry[] {
  const before = new Map(previous.map((e, i) => [e.key, i + 1]));
  return current.map((e, i) => {
    const rank = i + 1;
    const previousRank = before.get(e.key) ?? null;
    const movement: Movement =
      previousRank === null ? 'new' : previousRank > rank ? 'up' : previousRank < rank ? 'down' : 'same';
    return { ...e, rank, previousRank, movement };
  });
}
