// Proving an e-mail address: the verification link mailed at sign-up (read back from the outbox table, as a mail
// delivery worker would), taking an address over from an unverified account, and password reset.
import { documentedRequest as request } from '../api-contract';
import plainRequest from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import { hashToken, signUp, UNVERIFIED_HOLD_HOURS } from '../../src/users/accounts';
import { isEmailVerified } from '../../src/users/email-verification';
import type { MailSender } from '../../src/users/mail';

const run = `${process.pid}-${Date.now()}`;
const deps = testDeps({
  TRUST_PROXY: 'loopback',
  RATE_LIMIT_ACCOUNT_MAIL_PER_MINUTE: '1000',
  PUBLIC_URL: 'https://norae.example',
});
const app = testApp(deps);
const strict = testDeps({ TRUST_PROXY: 'loopback', RATE_LIMIT_ACCOUNT_MAIL_PER_MINUTE: '2' });
const strictApp = testApp(strict);
afterAll(async () => {
  await closeDeps(deps);
  await closeDeps(strict);
});

let n = 0;
const freshEmail = (tag: string) => `${tag}-${++n}-${run}@example.com`;
const freshIp = () => `10.78.${process.pid % 250}.${++n % 250}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function createAccount(email: string, password = 'first-password') {
  const res = await request(app).post('/api/auth/signup').send({ email, password });
  expect(res.status).toBe(201);
  return res.body as {
    token: string;
    user: { id: number; email: string | null; email_verified: boolean; pending_email: string | null };
  };
}

/** The token in the newest mail of this kind to this address, as the mail's link carries it. */
async function mailedToken(to: string, kind: 'verify_email' | 'password_reset'): Promise<string> {
  const mail = (
    await deps.pg.query<{ body: string }>(
      'SELECT body FROM email_outbox WHERE to_address = $1 AND kind = $2 ORDER BY id DESC LIMIT 1',
      [to, kind],
    )
  ).rows[0];
  expect(mail).toBeDefined();
  const screen = kind === 'verify_email' ? 'verify-email' : 'reset-password';
  const link = new RegExp(`https://norae\\.example/#/${screen}\\?token=([\\w-]+)`).exec(mail.body);
  expect(link).not.toBeNull();
  return link![1];
}
const mailCount = async (to: string, kind: string) =>
  Number(
    (await deps.pg.query('SELECT count(*) AS n FROM email_outbox WHERE to_address = $1 AND kind = $2', [to, kind]))
      .rows[0].n,
  );
const backdate = (userId: number) =>
  deps.pg.query(`UPDATE users SET created_at = now() - make_interval(hours => $2) WHERE id = $1`, [
    userId,
    UNVERIFIED_HOLD_HOURS + 1,
  ]);

describe('e-mail verification', () => {
  test('sign-up mails a link; opening it verifies the address, once; /api/me shows email_verified', async () => {
    const email = freshEmail('verify');
    const { token, user } = await createAccount(email);
    expect(user.email_verified).toBe(false);
    expect((await request(app).get('/api/me').set(bearer(token))).body.email_verified).toBe(false);
    expect(await isEmailVerified(deps.pg, user.id)).toBe(false);

    const link = await mailedToken(email, 'verify_email');
    const verified = await request(app).post('/api/auth/verify').send({ token: link });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ id: user.id, email, email_verified: true });
    expect((await request(app).get('/api/me').set(bearer(token))).body.email_verified).toBe(true);
    expect(await isEmailVerified(deps.pg, user.id)).toBe(true);

    const again = await request(app).post('/api/auth/verify').send({ token: link });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('link_invalid');
  });

  test('only a hash of the link token is stored; an expired or made-up link is refused', async () => {
    const email = freshEmail('hash');
    const { user } = await createAccount(email);
    const link = await mailedToken(email, 'verify_email');
    const stored = await deps.pg.query('SELECT token_hash FROM email_tokens WHERE user_id = $1', [user.id]);
    expect(stored.rows).toEqual([{ token_hash: hashToken(link) }]);
    await deps.pg.query(`UPDATE email_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      user.id,
    ]);
    expect((await request(app).post('/api/auth/verify').send({ token: link })).body.error.code).toBe('link_invalid');
    expect(
      (
        await request(app)
          .post('/api/auth/verify')
          .send({ token: 'x'.repeat(43) })
      ).status,
    ).toBe(400);
    expect((await request(app).post('/api/auth/verify').send({})).body.error).toMatchObject({
      code: 'invalid_field',
      details: { field: 'token' },
    });
    expect(await isEmailVerified(deps.pg, user.id)).toBe(false);
  });

  test("the mail is written in the account's transaction: a mail that cannot be written leaves no account", async () => {
    const email = freshEmail('atomic');
    const broken: MailSender = {
      send: async () => {
        throw new Error('outbox unavailable');
      },
    };
    await expect(
      signUp(deps, { email, password: 'password1', display_name: null, gender: null, birth_year: null }, broken),
    ).rejects.toThrow('outbox unavailable');
    expect((await deps.pg.query('SELECT 1 FROM users WHERE email = $1', [email])).rowCount).toBe(0);
  });

  test('a new verification link can be asked for; at most 3 an hour', async () => {
    const email = freshEmail('resend');
    const { token } = await createAccount(email);
    // the sign-up's link counts: two more are sent, the other requests are accepted and dropped
    for (let i = 0; i < 4; i++)
      expect((await request(app).post('/api/auth/verify/resend').set(bearer(token))).status).toBe(202);
    expect(await mailCount(email, 'verify_email')).toBe(3);
    const link = await mailedToken(email, 'verify_email');
    expect((await request(app).post('/api/auth/verify').send({ token: link })).status).toBe(200);
  });
});

describe("an unverified account does not block the address's owner", () => {
  test('within the hold a sign-up with the address is a 409; past it the new owner signs up and takes it by verifying', async () => {
    const email = freshEmail('squat');
    const squatter = await createAccount(email, 'squatter-password');
    expect((await request(app).post('/api/auth/signup').send({ email, password: 'owner-password' })).status).toBe(409);

    await backdate(squatter.user.id);
    const owner = await request(app).post('/api/auth/signup').send({ email, password: 'owner-password' });
    expect(owner.status).toBe(201);
    expect(owner.body.user).toMatchObject({ email: null, pending_email: email, email_verified: false });
    // the link goes to the address: only whoever reads its mail can finish
    const link = await mailedToken(email, 'verify_email');
    const verified = await request(app).post('/api/auth/verify').send({ token: link });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ id: owner.body.user.id, email, pending_email: null, email_verified: true });
    // the address now signs in to the owner's account; the squatter's account has no address left
    const login = await request(app).post('/api/auth/login').send({ email, password: 'owner-password' });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(owner.body.user.id);
    expect((await request(app).post('/api/auth/login').send({ email, password: 'squatter-password' })).status).toBe(
      401,
    );
    expect((await deps.pg.query('SELECT email FROM users WHERE id = $1', [squatter.user.id])).rows[0].email).toBeNull();
  });

  test('a verified account keeps its address however old; a claim loses to an owner who verified first', async () => {
    const email = freshEmail('proven');
    const holder = await createAccount(email);
    await backdate(holder.user.id);
    const claim = await request(app).post('/api/auth/signup').send({ email, password: 'claimer-password' });
    expect(claim.status).toBe(201);
    // the holder opens its own (older) link first
    const links = (
      await deps.pg.query<{ body: string }>('SELECT body FROM email_outbox WHERE to_address = $1 ORDER BY id', [email])
    ).rows;
    const holderLink = /token=([\w-]+)/.exec(links[0].body)![1];
    expect((await request(app).post('/api/auth/verify').send({ token: holderLink })).status).toBe(200);
    const claimLink = /token=([\w-]+)/.exec(links[1].body)![1];
    const late = await request(app).post('/api/auth/verify').send({ token: claimLink });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('email_taken');
    expect((await request(app).post('/api/auth/signup').send({ email, password: 'another-password' })).status).toBe(
      409,
    );
  });
});

describe('password reset', () => {
  test('always 202 and the same answer, known address or not; only a known one gets a mail', async () => {
    const email = freshEmail('reset-known');
    await createAccount(email);
    const unknown = freshEmail('reset-unknown');
    const a = await request(app).post('/api/auth/password-reset').send({ email });
    const b = await request(app).post('/api/auth/password-reset').send({ email: unknown });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.text).toBe(b.text);
    await deps.writers.idle(); // the lookup runs after the answer
    expect(await mailCount(email, 'password_reset')).toBe(1);
    expect(await mailCount(unknown, 'password_reset')).toBe(0);
  });

  test('the link sets a new password once, signs the account out everywhere and proves the address', async () => {
    const email = freshEmail('reset');
    const { token, user } = await createAccount(email, 'old-password');
    await request(app).post('/api/auth/password-reset').send({ email });
    await deps.writers.idle();
    const link = await mailedToken(email, 'password_reset');
    const weak = await request(app).post('/api/auth/password-reset/confirm').send({ token: link, password: 'short' });
    expect(weak.body.error).toMatchObject({ code: 'invalid_field', details: { field: 'password' } });
    const done = await request(app)
      .post('/api/auth/password-reset/confirm')
      .send({ token: link, password: 'new-password' });
    expect(done.status).toBe(204);
    expect((await request(app).get('/api/me').set(bearer(token))).status).toBe(401);
    expect((await request(app).post('/api/auth/login').send({ email, password: 'old-password' })).status).toBe(401);
    const login = await request(app).post('/api/auth/login').send({ email, password: 'new-password' });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ id: user.id, email_verified: true });
    const reused = await request(app)
      .post('/api/auth/password-reset/confirm')
      .send({ token: link, password: 'third-password' });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('link_invalid');
  });

  test('at most 3 reset mails an hour per account, however many requests', async () => {
    const email = freshEmail('reset-cap');
    await createAccount(email);
    for (let i = 0; i < 5; i++)
      expect((await request(app).post('/api/auth/password-reset').send({ email })).status).toBe(202);
    await deps.writers.idle();
    expect(await mailCount(email, 'password_reset')).toBe(3);
  });

  test('requests are rate limited per address', async () => {
    const ip = freshIp();
    const ask = () =>
      plainRequest(strictApp)
        .post('/api/auth/password-reset')
        .set('x-forwarded-for', ip)
        .send({ email: freshEmail('limited') });
    expect((await ask()).status).toBe(202);
    expect((await ask()).status).toBe(202);
    const third = await ask();
    expect(third.status).toBe(429);
    expect(third.body.error.details.action).toBe('account_mail');
    await strict.writers.idle();
  });
});
