// Where a process spent its CPU, from a V8 .cpuprofile (node --cpu-prof): self time summed per function and per
// source file (node_modules folded to their package), as shares of the sampled time. Pure over the parsed profile.
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}
export interface CpuLine {
  name: string;
  ms: number;
  share: number;
}
export interface CpuSummary {
  sampledMs: number;
  idleMs: number;
  busyMs: number;
  byFile: CpuLine[];
  byFunction: CpuLine[];
}

/** A readable home for a frame: the package for node_modules, the repository path for our code, else the URL kind. */
export function frameHome(url: string, root: string): string {
  if (!url) return '(native)';
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + '/node_modules/'.length).split('/');
    return `npm:${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (file.startsWith('node:')) return file;
  return path.relative(root, file) || file;
}

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

export function summarizeCpuProfile(profile: CpuProfile, root: string, top = 25): CpuSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const files = new Map<string, number>();
  const functions = new Map<string, number>();
  let idleMs = 0;
  let sampledMs = 0;
  for (const [id, ms] of self) {
    sampledMs += ms;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const home = IDLE.has(functionName) ? functionName : frameHome(url, root);
    files.set(home, (files.get(home) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${home}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  }
  const busyMs = sampledMs - idleMs;
  const lines = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: Math.round((ms / Math.max(busyMs, 1)) * 1000) / 1000 }));
  return {
    sampledMs: Math.round(sampledMs),
    idleMs: Math.round(idleMs),
    busyMs: Math.round(busyMs),
    byFile: lines(files),
    byFunction: lines(functions),
  };
}
