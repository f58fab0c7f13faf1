// Room mode benchmark: N rooms x M members, every member holding the room's event stream (SSE) and making one change
// every --interval seconds (the members' changes spread evenly over the interval). Measures, against a separate API
// process this script starts (src/main.ts under tsx, so its CPU and memory are its own, not this client's):
//  - fan-out latency: from the start of a change request to each member's stream receiving its event (p50/p99);
//  - the API's memory per open stream: RSS (/proc/<pid>/status) before and after opening every stream, at rest;
//  - the API's CPU: utime+stime (/proc/<pid>/stat) while the streams are open and idle, and during the load.
// Usage: npx tsx scripts/bench-rooms.ts [--rooms 200] [--members 5] [--seconds 60] [--interval 10] [--settle 5]
// Uses its own database (norae_bench, BENCH_DATABASE_URL) and Redis prefix; prints a JSON summary for docs/benchmarks.md.
// BENCH_API_LOG_LEVEL=warn shows the API's log lines; BENCH_DEBUG=1 prints each event later than 1 s to stderr.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { ensureDatabase, migrate } from '../src/platform/migrate';
import { percentile } from '../tools/bench/load';
import { parseFlags } from '../src/platform/cli-flags';

const ROOT = path.resolve(__dirname, '..');
const CHANGE_KINDS = new Set(['added', 'moved', 'sang']);
const SONGS = 300;
const CLOCK_TICKS = 100; // USER_HZ on Linux: /proc CPU times are in these

interface Member {
  room: string;
  token: string;
  id: number;
  ip: string;
  added: number[];
  starts: number[];
}

/** CPU seconds (user+system) and resident memory of a process, from /proc. */
export function processUsage(pid: number): { cpuSeconds: number; rssBytes: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after the command name (which may hold spaces) : utime is the 14th field, stime the 15th
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuSeconds: ticks / CLOCK_TICKS, rssBytes: rssKb * 1024 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** One JSON request to the API (keep-alive), with a forwarded address so per-address limits see many phones. */
function callApi(
  agent: http.Agent,
  port: number,
  method: string,
  urlPath: string,
  ip: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent,
        headers: {
          'x-forwarded-for': ip,
          ...(token ? { 'x-room-token': token } : {}),
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
        },
      },
      (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (c) => {
            text += c;
          })
          .on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net
      .createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
  });
}

/** Starts the API and waits until /healthz answers (its log is quiet at LOG_LEVEL=error, so no "listening" line). */
async function startApi(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', process.env.BENCH_API_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  for (const deadline = Date.now() + 120_000; ;) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}) before answering`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, port };
    if (Date.now() > deadline) throw new Error('the API did not answer /healthz within 120 s');
    await sleep(200);
  }
}

async function main() {
  const { flags } = parseFlags({ rooms: 200, members: 5, seconds: 60, interval: 10, settle: 5 });
  const { rooms: nRooms, members: nMembers, seconds, interval, settle } = flags;
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/norae_bench';
  const redisPrefix = 'norae:bench_rooms:';
  const apiEnv = {
    APP_ENV: 'local',
    LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'error',
    CRON_ENABLED: 'false',
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: redisPrefix,
    ES_INDEX_PREFIX: 'norae_bench_',
    // the members' addresses come in X-Forwarded-For (from this loopback client), so per-address limits count phones
    TRUST_PROXY: 'loopback',
    RATE_LIMIT_WRITE_PER_MINUTE: '1000000',
  };
  await ensureDatabase(databaseUrl);
  const deps = createDeps(loadConfig({ ...process.env, ...apiEnv }));
  await migrate(deps.pg);
  for (let i = 0; i < SONGS; i++) {
    await deps.pg.query(
      `INSERT INTO songs (title, artist, tj_no, ky_no, merge_rule, merge_score, merge_key) VALUES ($1, $2, $3, $4, 'bench', 1, $1 || '|' || $2) ON CONFLICT DO NOTHING`,
      [`방벤치 ${i}`, `방벤치 가수 ${i % 20}`, String(990000 + i), String(890000 + i)],
    );
  }
  const songIds = (
    await deps.pg.query<{ id: string }>(
      `SELECT id FROM songs WHERE merge_rule = 'bench' AND deleted_at IS NULL ORDER BY id`,
    )
  ).rows.map((r) => Number(r.id));
  const { child, port } = await startApi(apiEnv);
  const pid = child.pid!;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const cleanup = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', cleanup);

  try {
    // setup: rooms created and joined through the API (not measured)
    const members: Member[] = [];
    for (let r = 0; r < nRooms; r++) {
      const ipOf = (m: number) => `10.${(r >> 8) & 255}.${r & 255}.${m + 1}`;
      const created = await callApi(agent, port, 'POST', '/api/rooms', ipOf(0), undefined, {
        brand: 'tj',
        display_name: '방장',
      });
      if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
      const code = created.body.room.code as string;
      members.push({
        room: code,
        token: created.body.member_token,
        id: created.body.member.id,
        ip: ipOf(0),
        added: [],
        starts: [],
      });
      for (let m = 1; m < nMembers; m++) {
        const joined = await callApi(agent, port, 'POST', `/api/rooms/${code}/join`, ipOf(m), undefined, {
          display_name: `친구${m}`,
        });
        if (joined.status !== 200) throw new Error(`join: ${joined.status} ${JSON.stringify(joined.body)}`);
        members.push({
          room: code,
          token: joined.body.member_token,
          id: joined.body.member.id,
          ip: ipOf(m),
          added: [],
          starts: [],
        });
      }
    }
    const lastSeq = new Map<string, number>();
    for (const m of members)
      lastSeq.set(
        m.room,
        (await callApi(agent, port, 'GET', `/api/rooms/${m.room}`, m.ip, m.token)).body.room.last_seq,
      );
    const byId = new Map(members.map((m) => [m.id, m]));
    await sleep(settle * 1000);
    const before = processUsage(pid);

    // every member opens the room's stream from the room's current seq
    const latencies: number[] = [];
    let received = 0;
    let streamErrors = 0;
    const streams: http.ClientRequest[] = [];
    await Promise.all(
      members.map(
        (m) =>
          new Promise<void>((resolve, reject) => {
            const seen = new Map<number, number>(); // per changing member: how many of its change events this stream saw
            const req = http.get(
              {
                host: '127.0.0.1',
                port,
                path: `/api/rooms/${m.room}/stream`,
                agent: false,
                headers: {
                  'x-room-token': m.token,
                  'x-forwarded-for': m.ip,
                  'last-event-id': String(lastSeq.get(m.room)),
                },
              },
              (res) => {
                if (res.statusCode !== 200) {
                  reject(new Error(`stream: ${res.statusCode}`));
                  return;
                }
                let buffer = '';
                res.setEncoding('utf8').on('data', (chunk: string) => {
                  const now = performance.now();
                  buffer += chunk;
                  let at;
                  while ((at = buffer.indexOf('\n\n')) >= 0) {
                    const frame = buffer.slice(0, at);
                    buffer = buffer.slice(at + 2);
                    const data = frame.split('\n').find((l) => l.startsWith('data: '));
                    if (!data) continue;
                    const e = JSON.parse(data.slice(6)) as { kind: string; member_id: number | null; seq: number };
                    if (!CHANGE_KINDS.has(e.kind) || e.member_id === null) continue;
                    // a member's changes run one at a time, so its k-th event answers its k-th change
                    const k = seen.get(e.member_id) ?? 0;
                    seen.set(e.member_id, k + 1);
                    const start = byId.get(e.member_id)?.starts[k];
                    if (start !== undefined) {
                      latencies.push(now - start);
                      received++;
                      if (process.env.BENCH_DEBUG && now - start > 1000)
                        console.error('slow', JSON.stringify({ ms: Math.round(now - start), at: Math.round(now), e }));
                    }
                  }
                });
                res.on('error', () => {
                  streamErrors++;
                });
                resolve();
              },
            );
            req.on('error', () => {
              streamErrors++;
            });
            streams.push(req);
          }),
      ),
    );
    await sleep(settle * 1000);
    const open = processUsage(pid);
    await sleep(settle * 1000);
    const idle = processUsage(pid);

    // load: member j changes at start + j/total of the interval, then every interval
    const statuses: Record<string, number> = {};
    let changes = 0;
    let failed = 0;
    const requestMs: number[] = [];
    const started = performance.now();
    const end = started + seconds * 1000;
    await Promise.all(
      members.map(async (m, j) => {
        let step = 0;
        for (let next = started + (j / members.length) * interval * 1000; next < end; next += interval * 1000, step++) {
          await sleep(Math.max(0, next - performance.now()));
          // add, move one's newest song to the top, mark one's oldest sung: the queue stays short however long the run
          const kind = m.added.length === 0 ? 'add' : ['add', 'move', 'sang'][step % 3];
          const t0 = performance.now();
          m.starts.push(t0);
          let res;
          try {
            if (kind === 'add')
              res = await callApi(agent, port, 'POST', `/api/rooms/${m.room}/items`, m.ip, m.token, {
                song_id: songIds[(j * 7 + step) % songIds.length],
              });
            else if (kind === 'move')
              res = await callApi(
                agent,
                port,
                'PATCH',
                `/api/rooms/${m.room}/items/${m.added[m.added.length - 1]}`,
                m.ip,
                m.token,
                { after_item_id: null },
              );
            else
              res = await callApi(
                agent,
                port,
                'POST',
                `/api/rooms/${m.room}/items/${m.added.shift()}/sang`,
                m.ip,
                m.token,
                {},
              );
          } catch {
            res = { status: 0, body: null };
          }
          requestMs.push(performance.now() - t0);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          changes++;
          if (res.status >= 300 || res.status === 0) {
            failed++;
            m.starts.pop();
            continue;
          } // no event to wait for
          if (kind === 'add') m.added.push(res.body.id);
        }
      }),
    );
    const loadEnd = processUsage(pid);
    const loadSeconds = (performance.now() - started) / 1000;
    // the last events still on their way
    const expected = (changes - failed) * nMembers;
    for (const deadline = performance.now() + 10_000; received < expected && performance.now() < deadline;)
      await sleep(50);
    streams.forEach((s) => s.destroy());
    agent.destroy();

    const sorted = [...latencies].sort((a, b) => a - b);
    const reqSorted = [...requestMs].sort((a, b) => a - b);
    const nStreams = members.length;
    const summary = {
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
      rooms: nRooms,
      members_per_room: nMembers,
      streams: nStreams,
      seconds,
      interval_s: interval,
      changes,
      failed_changes: failed,
      statuses,
      change_request_ms: { p50: round(percentile(reqSorted, 50)), p99: round(percentile(reqSorted, 99)) },
      fanout: {
        events_expected: expected,
        events_received: received,
        stream_errors: streamErrors,
        p50_ms: round(percentile(sorted, 50)),
        p99_ms: round(percentile(sorted, 99)),
        max_ms: round(sorted[sorted.length - 1] ?? 0),
      },
      api: {
        rss_mb: {
          before_streams: round(before.rssBytes / 2 ** 20, 1),
          streams_open: round(open.rssBytes / 2 ** 20, 1),
          after_load: round(loadEnd.rssBytes / 2 ** 20, 1),
        },
        rss_kb_per_stream: round((open.rssBytes - before.rssBytes) / 1024 / nStreams, 1),
        cpu_open_streams_ms: round((open.cpuSeconds - before.cpuSeconds) * 1000),
        cpu_open_ms_per_stream: round(((open.cpuSeconds - before.cpuSeconds) * 1000) / nStreams, 3),
        cpu_idle_streams_pct: round(((idle.cpuSeconds - open.cpuSeconds) / settle) * 100),
        cpu_load_pct: round(((loadEnd.cpuSeconds - idle.cpuSeconds) / loadSeconds) * 100),
        cpu_load_ms_per_stream_per_s: round(
          ((loadEnd.cpuSeconds - idle.cpuSeconds) * 1000) / loadSeconds / nStreams,
          4,
        ),
      },
    };
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    cleanup();
    await closeDeps(deps);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
