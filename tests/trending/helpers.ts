// Trending test helpers: a clock moved by minutes, and a Redis wipe limited to this run's trending keys.
import type Redis from 'ioredis';
import { clearKeys } from '../support';

export const T0 = new Date('2025-06-01T12:00:00Z');
export const at = (minutesFromT0: number) => new Date(T0.getTime() + minutesFromT0 * 60_000);

export const clearTrending = (redis: Redis, prefix: string): Promise<void> => clearKeys(redis, prefix, 'trend:*');
