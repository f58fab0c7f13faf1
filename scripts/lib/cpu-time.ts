// CPU time of processes, for benchmarks that report CPU per request: the API process from /proc (Linux), the
// Elasticsearch node from its own process stats. Both in milliseconds of user + system time.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { Client } from '@elastic/elasticsearch';

let ticksPerSecond: number | undefined;

/** User + system CPU milliseconds a process has used so far (fields 14 and 15 of /proc/PID/stat, in clock ticks). */
export function processCpuMs(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name (field 2) may hold spaces: count fields from the closing parenthesis
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** CPU milliseconds every Elasticsearch node has used so far, summed. */
export async function elasticsearchCpuMs(es: Client): Promise<number> {
  const stats = await es.nodes.stats({ metric: 'process' });
  return Object.values(stats.nodes).reduce((sum, n) => sum + (n.process?.cpu?.total_in_millis ?? 0), 0);
}
