// What a scheduled job is: a name, a cron expression and a run that calls a function living in its capability.
import type { Deps } from '../platform/deps';

export interface Job {
  name: string;
  cron: string;
  run: (deps: Deps) => Promise<unknown>;
}
