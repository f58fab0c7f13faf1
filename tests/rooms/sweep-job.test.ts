// The schedule's rooms-sweep job: a room nobody touched past the idle limit is closed by the job itself (not only on
// its next access), its members' streams get the `closed` event and end; a room still in use stays open.
import request from 'supertest';
import { testDeps, closeDeps } from '../support';
import { createApp } from '../../src/app';
import { runScheduledJob, scheduledJobs } from '../../src/jobs/schedule';
import { DEFAULT_ROOM_LIMITS } from '../../src/rooms/rooms';
import { listen, openStream } from './helpers';

const deps = testDeps({ CRON_ROOMS_SWEEP: '*/5 * * * *' });
let nowMs = Date.parse('2031-03-01T18:00:00Z'); // a slot of its own for the job's once-per-slot claim
deps.clock = () => new Date(nowMs);
const app = createApp(deps);
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  server = await listen(app);
});
afterAll(async () => {
  await server.close();
  await closeDeps(deps);
});

test('the rooms-sweep job (CRON_ROOMS_SWEEP) closes an idle room, tells its open stream and leaves a busy room open', async () => {
  const job = scheduledJobs(deps).find((j) => j.name === 'rooms-sweep')!;
  expect(job.cron).toBe('*/5 * * * *');

  const idle = (await request(app).post('/api/rooms').send({ brand: 'tj', display_name: '방장' }).expect(201)).body;
  const busy = (await request(app).post('/api/rooms').send({ brand: 'ky', display_name: '방장' }).expect(201)).body;
  const stream = await openStream(server.url, idle.room.code, { 'x-room-token': idle.member_token });
  await stream.waitFor(1);

  // the busy room is used just before the idle one passes the limit
  nowMs += (DEFAULT_ROOM_LIMITS.idleHours - 0.25) * 3_600_000;
  await request(app).post(`/api/rooms/${busy.room.code}/join`).send({ display_name: '친구' }).expect(200);
  nowMs += 0.5 * 3_600_000;

  expect(await runScheduledJob(deps, job, deps.clock())).toBe('ran');
  const rows = (
    await deps.pg.query<{ code: string; closed_reason: string | null }>(
      'SELECT code, closed_reason FROM rooms WHERE code = ANY($1)',
      [[idle.room.code, busy.room.code]],
    )
  ).rows;
  expect(Object.fromEntries(rows.map((r) => [r.code, r.closed_reason]))).toEqual({
    [idle.room.code]: 'idle',
    [busy.room.code]: null,
  });

  const events = await stream.waitFor(2);
  expect(events[1]).toMatchObject({ seq: 2, kind: 'closed', reason: 'idle', member_id: null });
  await stream.ended;
}, 60_000);
