// SIGTERM with room streams open: the API ends them at once (clients resume elsewhere with Last-Event-ID) instead of
// waiting out SHUTDOWN_GRACE_MS for requests that never finish by themselves, then exits 0.
import request from 'supertest';
import { testDeps, closeDeps } from '../support';
import { killApiProcess, startApiProcess, type ApiProcess } from '../ops/api-process';
import { openStream } from './helpers';

const deps = testDeps();
let api: ApiProcess | undefined;
let other: ApiProcess | undefined;

// a grace period longer than the test's own timeout: only ending the streams lets the process exit in time
beforeAll(async () => {
  [api, other] = await Promise.all([startApiProcess({ SHUTDOWN_GRACE_MS: '600000' }), startApiProcess({})]);
}, 180_000);
afterAll(async () => {
  killApiProcess(api);
  killApiProcess(other);
  await closeDeps(deps);
});

test('SIGTERM ends the open room streams, the process exits without waiting for the grace period, and a stream resumes on another process', async () => {
  const created = await request(api!.url).post('/api/rooms').send({ brand: 'tj', display_name: '방장' }).expect(201);
  const code = created.body.room.code;
  const joined = await request(api!.url).post(`/api/rooms/${code}/join`).send({ display_name: '친구' }).expect(200);
  const streams = await Promise.all(
    [created.body.member_token, joined.body.member_token].map((t) => openStream(api!.url, code, { 'x-room-token': t })),
  );
  await Promise.all(streams.map((s) => s.waitFor(2)));

  api!.child.kill('SIGTERM');
  await Promise.all(streams.map((s) => s.ended));
  expect(await api!.exited).toBe(0);
  expect(api!.logs.find((l) => l.msg === 'room streams ended')).toMatchObject({ streams: 2 });
  expect(api!.logs.some((l) => l.msg.startsWith('requests still running at the end of the grace period'))).toBe(false);
  expect(api!.logs.some((l) => l.msg === 'stopped')).toBe(true);

  // the member picks up where the stream ended, on a process still running: nothing lost, nothing twice
  const token = { 'x-room-token': joined.body.member_token };
  const resumed = await openStream(other!.url, code, {
    ...token,
    'last-event-id': String(streams[1].events.at(-1)!.seq),
  });
  await request(other!.url)
    .post(`/api/rooms/${code}/close`)
    .set({ 'x-room-token': created.body.member_token })
    .expect(204);
  expect((await resumed.waitFor(1)).map((e) => [e.seq, e.kind])).toEqual([[3, 'closed']]);
  await resumed.ended;
}, 90_000);
