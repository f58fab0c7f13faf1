// Guesses sent at once are held like guesses sent one by one: each login attempt is reserved in Redis before bcrypt
// runs, so a burst of wrong passwords gets no more checks than the throttle allows; sign-ups have their own limit.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import { loginSubjects } from '../../src/users/login-throttle';

const run = `${process.pid}-${Date.now()}`;
const deps = testDeps({ TRUST_PROXY: 'loopback', RATE_LIMIT_SIGNUP_PER_MINUTE: '2' });
let now = Date.now();
deps.clock = () => new Date(now); // the throttle's clock: back-offs are waited out by moving it, never by sleeping
let server: Server;
let base: string;

beforeAll(async () => {
  server = testApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await closeDeps(deps);
});

let n = 0;
const freshIp = () => `10.77.${process.pid % 250}.${++n}`;
const signUp = (email: string, ip = freshIp()) =>
  request(base).post('/api/auth/signup').set('x-forwarded-for', ip).send({ email, password: 'right-password' });
const login = (email: string, ip: string, password: string) =>
  request(base).post('/api/auth/login').set('x-forwarded-for', ip).send({ email, password });

describe('login throttle under a burst', () => {
  test('60 wrong passwords sent at once: only the free attempts reach bcrypt, the rest are 429 before it', async () => {
    const email = `burst-${run}@example.com`;
    expect((await signUp(email)).status).toBe(201);
    const ip = freshIp();
    // the tightest subject (this account from this address) allows its free failures plus the one that locks it
    const allowed = Math.min(...loginSubjects(email, ip, false).map((s) => s.freeFailures + 1));
    const answers = await Promise.all(Array.from({ length: 60 }, () => login(email, ip, 'wrong-password')));
    const codes = answers.map((a) => a.body.error?.code);
    expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(allowed);
    expect(codes.filter((c) => c === 'login_throttled')).toHaveLength(60 - allowed);
    expect(answers.filter((a) => a.status === 429).every((a) => Number(a.headers['retry-after']) >= 1)).toBe(true);

    // locked: the right password is refused too, until the back-off has passed on the throttle's clock
    const locked = await login(email, ip, 'right-password');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('login_throttled');
    now += Number(locked.headers['retry-after']) * 1000;
    const after = await login(email, ip, 'right-password');
    expect(after.status).toBe(200);
    expect(after.body.token).toEqual(expect.any(String));
  });

  test("a success clears the account's count: the next wrong password is free again", async () => {
    const email = `clears-${run}@example.com`;
    expect((await signUp(email)).status).toBe(201);
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await login(email, ip, 'wrong-password')).status).toBe(401);
    expect((await login(email, ip, 'right-password')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await login(email, ip, 'wrong-password')).status).toBe(401);
  });
});

describe('sign-up limit', () => {
  test('sign-ups (each a bcrypt hash) are limited per address; another address is not held', async () => {
    const ip = freshIp();
    expect((await signUp(`limit-a-${run}@example.com`, ip)).status).toBe(201);
    expect((await signUp(`limit-b-${run}@example.com`, ip)).status).toBe(201);
    const third = await signUp(`limit-c-${run}@example.com`, ip);
    expect(third.status).toBe(429);
    expect(third.body.error).toMatchObject({ code: 'rate_limited', details: { action: 'signup' } });
    expect(await deps.pg.query('SELECT 1 FROM users WHERE email = $1', [`limit-c-${run}@example.com`])).toMatchObject({
      rowCount: 0,
    });
    expect((await signUp(`limit-c-${run}@example.com`, freshIp())).status).toBe(201);
  });
});
