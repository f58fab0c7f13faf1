// Replays the attacks of issue 21 against a running instance and prints one line per attack: held, NOT HELD, skipped
// (with why) or untested (it could not be set up), each with its evidence. docs/operations.md ("Threat table") says
// which limit holds each one and which test pins it.
//   npx tsx scripts/attack.ts [--url http://localhost:3000] [--database-url postgres://...] [--direct | --forwarded]
//                             [--only heic,login-burst,...] [--upload-deadline-ms 30000] [--operator-token T]
// --database-url (default: DATABASE_URL, else the local database of `npm run local`) is the instance's database, read
// only: the verification and reset links in email_outbox (as a mail delivery worker would), and which events count.
// Each attack comes from addresses of its own (X-Forwarded-For, made-up per run) when the instance trusts this client
// as its proxy (start it with TRUST_PROXY=loopback); a probe finds out. Otherwise (or with --direct) everything comes
// from this one address: the IPv6 rotation is skipped, and the run spends most of the address's write budget (about
// 56 of RATE_LIMIT_WRITE_PER_MINUTE 60; 5 sign-ups), so wait a minute between such runs. --forwarded skips the probe.
// --upload-deadline-ms is the instance's REWARD_UPLOAD_DEADLINE_MS (how long the slow sender is given);
// --operator-token (default OPERATOR_TOKEN) shows the Postgres circuit after the token flood. An instance that stops
// answering after an attack leaves the attacks after it untested.
// Exit code: 0 when every attack was held (or skipped), 1 when one was NOT HELD or untested, 2 when nothing could run.
import crypto from 'node:crypto';
import net from 'node:net';
import { Client } from 'pg';
import sharp from 'sharp';
import { FlagError, parseFlags } from '../src/platform/cli-flags';
import { exifSeoulDate, heicWithZeroLengthBox, jpegWithExif } from '../tools/fixtures/exif-images';
import { DETECTABLE_BOTTLE_SEEDS, proofPhoto, withExif } from '../tools/fixtures/proof-photos';
import { loginSubjects } from '../src/users/login-throttle';
import { COUNTING, countedEventsSql } from '../src/events/counting';
import { MAX_EVENTS_PER_REQUEST } from '../src/events/routes';

type Verdict = 'held' | 'NOT HELD' | 'skipped' | 'untested';
interface Outcome {
  attack: string;
  verdict: Verdict;
  evidence: string;
}

interface Answer {
  status: number;
  body: any;
  headers: Headers;
  ms: number;
}

const USAGE =
  'usage: npx tsx scripts/attack.ts [--url http://localhost:3000] [--database-url URL] [--direct | --forwarded] [--only id,id]\n' +
  '                                [--upload-deadline-ms 30000] [--operator-token T]';

let base = '';
let db: Client;
let forwarded = false;
const run = `${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;

/** Made-up client addresses of this run: benchmarking IPv4 (198.18.0.0/15) and documentation IPv6 (2001:db8::/32). */
const addresses = (() => {
  const seed = crypto.randomBytes(2);
  let n = 0;
  const fresh = () => `198.${18 + (seed[0] & 1)}.${seed[1]}.${(++n % 250) + 1}`;
  return {
    fresh,
    /** a fresh address when the instance takes X-Forwarded-For from this client, else none (this client's own) */
    next: (): string | undefined => (forwarded ? fresh() : undefined),
    ipv6Site: () => crypto.randomBytes(2).readUInt16BE(0) || 1,
  };
})();

const headersOf = (o: { ip?: string; token?: string; headers?: Record<string, string> }) => ({
  ...(o.ip ? { 'x-forwarded-for': o.ip } : {}),
  ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
  ...o.headers,
});

async function api(
  method: string,
  path: string,
  o: {
    ip?: string;
    token?: string;
    json?: unknown;
    form?: FormData;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...headersOf(o), ...(o.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: o.form ?? (o.json !== undefined ? JSON.stringify(o.json) : undefined),
    signal: AbortSignal.timeout(o.timeoutMs ?? 60_000),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers, ms: performance.now() - started };
}

const code = (a: Answer) => a.body?.error?.code ?? '';
const said = (a: Answer) => `${a.status}${code(a) ? ` ${code(a)}` : ''}`;
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
const until = async <T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 15_000): Promise<T> => {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`${what}: not seen within ${ms(deadlineMs)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** The process answers at once: the liveness route, timed. */
const liveness = async () => {
  const a = await api('GET', '/healthz', { timeoutMs: 5000 }).catch(() => null);
  return a ? `/healthz ${a.status} in ${ms(a.ms)}` : '/healthz did not answer in 5 s';
};
const alive = (evidence: string) => /^\/healthz 200 /.test(evidence);

// ---- accounts ----------------------------------------------------------------------------------------------------

interface Account {
  email: string;
  password: string;
  token: string;
  id: number;
}

async function mailedToken(to: string, kind: 'verify_email' | 'password_reset', after = 0): Promise<string> {
  return until(`the ${kind} mail to ${to}`, async () => {
    const row = (
      await db.query<{ body: string }>(
        'SELECT body FROM email_outbox WHERE to_address = $1 AND kind = $2 AND id > $3 ORDER BY id DESC LIMIT 1',
        [to, kind, after],
      )
    ).rows[0];
    return row ? /token=([\w-]+)/.exec(row.body)?.[1] : undefined;
  });
}
const lastMailId = async () =>
  Number((await db.query('SELECT coalesce(max(id), 0) AS id FROM email_outbox')).rows[0].id);

async function signUp(tag: string, opts: { verified?: boolean; email?: string } = {}): Promise<Account> {
  const email = opts.email ?? `attack-${tag}-${run}@example.com`;
  const password = `pw-${crypto.randomBytes(8).toString('hex')}`;
  const res = await api('POST', '/api/auth/signup', { ip: addresses.next(), json: { email, password } });
  if (res.status !== 201) throw new Error(`sign-up of ${email}: ${said(res)}`);
  if (opts.verified) {
    // an instance without verification (older code) still gets attacked, by an unverified account
    const verified = await mailedToken(email, 'verify_email')
      .then((token) => api('POST', '/api/auth/verify', { ip: addresses.next(), json: { token } }))
      .catch((err: Error) => ({ status: 0, body: { error: { code: err.message } } }) as Answer);
    if (verified.status !== 200)
      console.error(`[attack] could not verify ${email} (${said(verified)}): it goes on unverified`);
  }
  return { email, password, token: res.body.token, id: res.body.user.id };
}

// ---- raw sockets (uploads whose bytes and timing the attacker controls) -------------------------------------------

const BOUNDARY = 'norae-attack-boundary';
const multipart = (photo: Buffer, filename: string, type: string) =>
  Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="photo"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    photo,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);

/** Sends the head and the first `sendBytes` of the body, then nothing: resolves with the answer once the server closes. */
function rawUpload(
  path: string,
  headers: Record<string, string | number>,
  body: Buffer,
  sendBytes: number,
  timeoutMs: number,
) {
  const url = new URL(base);
  const started = performance.now();
  return new Promise<{ status: number; code: string; ms: number; closedByServer: boolean }>((resolve) => {
    const socket = net.connect(Number(url.port || 80), url.hostname);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ status: 0, code: '', ms: performance.now() - started, closedByServer: false });
    }, timeoutMs);
    socket.on('connect', () => {
      socket.write(
        [
          `POST ${path} HTTP/1.1`,
          `Host: ${url.host}`,
          `Content-Type: multipart/form-data; boundary=${BOUNDARY}`,
          ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
          '',
          '',
        ].join('\r\n'),
      );
      socket.write(body.subarray(0, sendBytes));
    });
    socket.on('data', (d) => {
      text += d.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const json = text.split('\r\n\r\n').slice(1).join('\r\n\r\n');
      resolve({
        status,
        code: /"code":"([a-z_]+)"/.exec(json)?.[1] ?? '',
        ms: performance.now() - started,
        closedByServer: true,
      });
    });
  });
}

const headerLines = (o: { ip?: string; token?: string }) => ({ ...headersOf(o), Connection: 'close' });

// ---- the attacks ---------------------------------------------------------------------------------------------------

async function heicUpload(productId: number, uploader: Account): Promise<Outcome> {
  const attack = 'HEIC with a zero-length box (hangs the EXIF reader)';
  const form = new FormData();
  form.append('photo', new Blob([new Uint8Array(heicWithZeroLengthBox())], { type: 'image/heic' }), 'proof.heic');
  const res = await api('POST', `/api/products/${productId}/proofs`, {
    ip: addresses.next(),
    token: uploader.token,
    form,
    timeoutMs: 30_000,
  }).catch(() => null);
  const after = await liveness();
  if (!res) return { attack, verdict: 'NOT HELD', evidence: `no answer in 30 s; ${after}` };
  const held = res.status === 422 && code(res) === 'malformed_image' && alive(after);
  return {
    attack,
    verdict: held ? 'held' : 'NOT HELD',
    evidence: `${said(res)} in ${ms(res.ms)}; ${after} right after`,
  };
}

function slowSender(productId: number, uploader: Account, deadlineMs: number): { done: Promise<Outcome> } {
  const attack = 'slow sender (40 bytes of a photo, then silence)';
  const body = multipart(jpegWithExif({ dateTimeOriginal: exifSeoulDate(new Date()) }), 'proof.jpg', 'image/jpeg');
  const answer = rawUpload(
    `/api/products/${productId}/proofs`,
    { ...headerLines({ ip: addresses.next(), token: uploader.token }), 'Content-Length': body.length },
    body,
    40,
    deadlineMs + 15_000,
  );
  const done = (async () => {
    const meanwhile = await liveness(); // the held connection holds nothing else
    const res = await answer;
    const held = res.status === 408 && res.code === 'upload_too_slow' && res.closedByServer && alive(meanwhile);
    return {
      attack,
      verdict: held ? ('held' as const) : ('NOT HELD' as const),
      evidence: res.status
        ? `${res.status} ${res.code} after ${ms(res.ms)}, connection closed by the server; ${meanwhile} meanwhile`
        : `still open after ${ms(res.ms)}; ${meanwhile} meanwhile`,
    };
  })();
  return { done };
}

async function oversizedUpload(productId: number, uploader: Account): Promise<Outcome> {
  const attack = 'declared 50 MB upload';
  const res = await rawUpload(
    `/api/products/${productId}/proofs`,
    { ...headerLines({ ip: addresses.next(), token: uploader.token }), 'Content-Length': 50 * 1024 * 1024 },
    Buffer.alloc(0),
    0,
    10_000,
  );
  const held = res.status === 413 && res.code === 'too_large';
  return {
    attack,
    verdict: held ? 'held' : 'NOT HELD',
    evidence: res.status
      ? `${res.status} ${res.code} in ${ms(res.ms)} with not one body byte sent`
      : `no answer in ${ms(res.ms)} (the server waits for the body)`,
  };
}

async function nearDuplicate(productId: number, first: Account, second: Account): Promise<Outcome> {
  const attack = 'near-duplicate photo (resized, recompressed, new EXIF) from a second account';
  const today = exifSeoulDate(new Date());
  // one fixed scene, so a later run finds its original already stored and still proves the check
  const original = await proofPhoto(DETECTABLE_BOTTLE_SEEDS[DETECTABLE_BOTTLE_SEEDS.length - 1], today);
  const resized = withExif(await sharp(original).resize(420).jpeg({ quality: 78 }).toBuffer(), {
    dateTimeOriginal: today,
  });
  const upload = (who: Account, photo: Buffer) => {
    const form = new FormData();
    form.append('photo', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'proof.jpg');
    return api('POST', `/api/products/${productId}/proofs`, {
      ip: addresses.next(),
      token: who.token,
      form,
      timeoutMs: 120_000,
    });
  };
  const a = await upload(first, original);
  // stored: earned (201), waiting for review (202), kept as rejected (422 object_not_found), or stored by an earlier run (409)
  const stored = [201, 202, 409].includes(a.status) || code(a) === 'object_not_found';
  const b = await upload(second, resized);
  const evidence = `original from account 1: ${said(a)}; resized copy from account 2: ${said(b)}`;
  if (!stored && b.status !== 409)
    return { attack, verdict: 'untested', evidence: `${evidence} (the original could not be stored)` };
  return { attack, verdict: b.status === 409 && code(b) === 'duplicate_photo' ? 'held' : 'NOT HELD', evidence };
}

async function parallelWrongPasswords(target: Account): Promise<Outcome> {
  const attack = 'parallel wrong passwords (20 at once)';
  const ip = addresses.next();
  const answers = await Promise.all(
    Array.from({ length: 20 }, () =>
      api('POST', '/api/auth/login', { ip, json: { email: target.email, password: 'wrong-password' } }),
    ),
  );
  const checked = answers.filter((a) => code(a) === 'invalid_credentials').length;
  const throttled = answers.filter((a) => code(a) === 'login_throttled').length;
  // the tightest throttle subject (this account from this address) allows its free failures plus the one that locks it
  const allowed = Math.min(...loginSubjects(target.email, ip ?? '127.0.0.1', false).map((s) => s.freeFailures + 1));
  const held = checked <= allowed && checked + throttled === answers.length;
  return {
    attack,
    verdict: held ? 'held' : 'NOT HELD',
    evidence: `${checked} reached bcrypt (401 invalid_credentials, at most ${allowed} allowed), ${throttled} refused before it (429 login_throttled)`,
  };
}

async function registeredFirstTakeover(verified: Account): Promise<Outcome> {
  const attack = 'e-mail registered first by someone else';
  const victim = `attack-owner-${run}@example.com`;
  const squatter = await signUp('squatter', { email: victim });
  const notes: string[] = [];
  let held = true;
  // the owner, who reads victim's mail, asks for a reset link and takes the account (and the address) over
  const blocked = await api('POST', '/api/auth/signup', {
    ip: addresses.next(),
    json: { email: victim, password: 'owner-password-1' },
  });
  notes.push(`owner's sign-up during the 24 h hold: ${said(blocked)}`);
  const mailsBefore = await lastMailId();
  const reset = await api('POST', '/api/auth/password-reset', { ip: addresses.next(), json: { email: victim } });
  const link = await mailedToken(victim, 'password_reset', mailsBefore);
  const confirm = await api('POST', '/api/auth/password-reset/confirm', {
    ip: addresses.next(),
    json: { token: link, password: 'owner-password-1' },
  });
  const squatterSession = await api('GET', '/api/me', { ip: addresses.next(), token: squatter.token });
  const squatterLogin = await api('POST', '/api/auth/login', {
    ip: addresses.next(),
    json: { email: victim, password: squatter.password },
  });
  const ownerLogin = await api('POST', '/api/auth/login', {
    ip: addresses.next(),
    json: { email: victim, password: 'owner-password-1' },
  });
  held &&=
    reset.status === 202 &&
    confirm.status === 204 &&
    squatterSession.status === 401 &&
    squatterLogin.status === 401 &&
    ownerLogin.status === 200 &&
    ownerLogin.body.user?.email_verified === true;
  notes.push(
    `reset link ${said(confirm)}, squatter's session ${said(squatterSession)}, squatter's password ${said(squatterLogin)}, owner signs in ${said(ownerLogin)} verified=${ownerLogin.body.user?.email_verified}`,
  );
  // and nobody takes a verified address by registering it again
  const claim = await api('POST', '/api/auth/signup', {
    ip: addresses.next(),
    json: { email: verified.email, password: 'claimer-password' },
  });
  held &&= claim.status === 409;
  notes.push(`sign-up with a verified address: ${said(claim)}`);
  return { attack, verdict: held ? 'held' : 'NOT HELD', evidence: notes.join('; ') };
}

const countedFor = async (songId: number) =>
  (
    await db.query<{ n: number; weight: number }>(
      `SELECT count(*)::int AS n, coalesce(sum(weight), 0)::float8 AS weight FROM ${countedEventsSql({ kinds: ['sang', 'view'], after: "'-infinity'::timestamptz", until: "'infinity'::timestamptz" })} c WHERE song_id = $1`,
      [songId],
    )
  ).rows[0];
const similarTo = async (songId: number) => {
  const a = await api('GET', `/api/songs/${songId}/similar?k=10`, { ip: addresses.next() });
  return a.status === 200
    ? JSON.stringify(a.body.items.map((i: { id: number; score: number }) => [i.id, i.score]))
    : `status ${a.status}`;
};
const flood = (songId: number) =>
  Array.from({ length: MAX_EVENTS_PER_REQUEST }, (_, i) => ({ kind: i % 2 ? 'view' : 'sang', song_id: songId }));

async function madeUpSessionFlood(songId: number): Promise<Outcome> {
  const attack = 'events flood with made-up session ids';
  const requests = 12;
  const before = { counted: await countedFor(songId), similar: await similarTo(songId) };
  const sessions: string[] = [];
  const answers: Answer[] = [];
  for (let r = 0; r < requests; r++) {
    const session =
      r % 3
        ? `flood-${run}-${r}-${crypto.randomBytes(4).toString('hex')}`
        : `ns_${crypto.randomBytes(24).toString('base64url')}`;
    sessions.push(session);
    answers.push(
      await api('POST', '/api/events', {
        ip: addresses.next(),
        headers: { 'x-session-id': session },
        json: { events: flood(songId) },
      }),
    );
  }
  const accepted = answers.filter((a) => a.status === 202).length;
  const counted = answers.filter((a) => a.body?.counted === true).length;
  // the events are stored (the writer flushes each second), and then counted for nobody
  const stored = await until("the flood's events in Postgres", async () => {
    const n = Number(
      (await db.query('SELECT count(*) AS n FROM events WHERE session_id = ANY($1)', [sessions])).rows[0].n,
    );
    return n >= accepted * MAX_EVENTS_PER_REQUEST ? n : undefined;
  }).catch(() => -1);
  const after = { counted: await countedFor(songId), similar: await similarTo(songId) };
  const held =
    accepted === requests &&
    counted === 0 &&
    stored >= 0 &&
    after.counted.n === before.counted.n &&
    after.similar === before.similar;
  return {
    attack,
    verdict: held ? 'held' : 'NOT HELD',
    evidence:
      `${accepted}/${requests} requests of ${MAX_EVENTS_PER_REQUEST} accepted, ${counted} counted; ${stored} events stored; ` +
      `events counted for the song (what popularity and training read) ${before.counted.n} -> ${after.counted.n}; /similar ${after.similar === before.similar ? 'unchanged' : 'CHANGED'}`,
  };
}

async function issuedSessionFlood(songId: number): Promise<Outcome> {
  const attack = 'events flood with sessions issued to one address';
  const ip = addresses.next();
  const before = await countedFor(songId);
  const actors: string[] = [];
  for (let s = 0; s < 3; s++) {
    const issued = await api('POST', '/api/sessions', { ip });
    if (issued.status !== 201) return { attack, verdict: 'untested', evidence: `POST /api/sessions: ${said(issued)}` };
    const sent = await api('POST', '/api/events', {
      ip,
      headers: { 'x-session-id': issued.body.session_id },
      json: { events: flood(songId) },
    });
    if (sent.status !== 202 || sent.body.counted !== true)
      return { attack, verdict: 'untested', evidence: `POST /api/events with an issued session: ${said(sent)}` };
    actors.push(`s:${issued.body.session_id}`);
  }
  await until("the issued sessions' events in Postgres", async () => {
    const n = Number((await db.query('SELECT count(*) AS n FROM events WHERE actor = ANY($1)', [actors])).rows[0].n);
    return n >= actors.length * MAX_EVENTS_PER_REQUEST ? n : undefined;
  });
  const after = await countedFor(songId);
  // per address, song, kind and day at most perItemPerDay count, at the anonymous weight
  const most = 2 * COUNTING.perItemPerDay;
  const held = after.n - before.n <= most;
  return {
    attack,
    verdict: held ? 'held' : 'NOT HELD',
    evidence: `${3 * MAX_EVENTS_PER_REQUEST} events from 3 sessions issued to one address: counted events for the song +${after.n - before.n} (cap ${most} a day: sang and view, ${COUNTING.perItemPerDay} each), weight +${(after.weight - before.weight).toFixed(2)}`,
  };
}

async function junkTrending(signedIn: Account): Promise<Outcome> {
  const attack = 'junk trending queries (아이유 + made-up text)';
  const junk = `아이유 ${run}아무말`;
  const trending = async () =>
    (await api('GET', '/api/trending?limit=20', { ip: addresses.next() })).body.items as Array<{
      query: string;
      key: string;
    }>;
  const before = await trending();
  const found = await api('GET', `/api/songs/search?q=${encodeURIComponent(junk)}`, { ip: addresses.next() });
  for (let i = 0; i < 30; i++)
    await api('GET', `/api/songs/search?q=${encodeURIComponent(junk)}`, { ip: addresses.next() });
  for (let i = 0; i < 5; i++)
    await api('GET', `/api/songs/search?q=${encodeURIComponent(junk)}`, {
      ip: addresses.next(),
      token: signedIn.token,
    });
  // trending answers are cached for TRENDING_CACHE_SECONDS (10): look once that has passed
  await new Promise((r) => setTimeout(r, 11_000));
  const after = await trending();
  const shownJunk = after.filter((i) => i.query.includes(run));
  const newKeys = after.filter((i) => !before.some((b) => b.key === i.key)).map((i) => i.query);
  const held = shownJunk.length === 0 && !newKeys.includes('아이유');
  return {
    attack,
    verdict: held ? 'held' : 'NOT HELD',
    evidence: `the text finds ${found.body?.total ?? '?'} songs; 35 searches (30 anonymous from ${forwarded ? '30 addresses' : 'one address'}, 5 by one user): junk shown ${shownJunk.length}, new trending entries [${newKeys.join(', ')}]`,
  };
}

async function rotatingIpv6(): Promise<Outcome> {
  const attack = 'rotating IPv6 /64s of one /48 (password-reset mails)';
  if (!forwarded)
    return {
      attack,
      verdict: 'skipped',
      evidence: "needs the instance to trust this client's X-Forwarded-For (TRUST_PROXY=loopback)",
    };
  const site = addresses.ipv6Site().toString(16);
  const statuses: Answer[] = [];
  for (let i = 0; i < 400 && statuses.slice(-5).filter((a) => a.status === 429).length < 5; i++) {
    statuses.push(
      await api('POST', '/api/auth/password-reset', {
        ip: `2001:db8:${site}:${i.toString(16)}::1`,
        json: { email: `nobody-${run}-${i}@example.com` },
      }),
    );
  }
  const passed = statuses.filter((a) => a.status === 202).length;
  const refused = statuses.find((a) => a.status === 429);
  const other = await api('POST', '/api/auth/password-reset', {
    ip: `2001:db8:${(Number.parseInt(site, 16) ^ 1).toString(16)}:1::1`,
    json: { email: `nobody-${run}-x@example.com` },
  });
  const held = !!refused && code(refused) === 'rate_limited' && other.status === 202;
  return {
    attack,
    verdict: held ? 'held' : 'NOT HELD',
    evidence: refused
      ? `${passed} answered from ${passed} different /64s, then 429 rate_limited (limit ${refused.body.error?.details?.limit} per /48); another /48: ${said(other)}`
      : `${statuses.length} requests from rotating /64s of one /48, none refused (${said(statuses[0])})`,
  };
}

async function madeUpTokenFlood(songId: number, operatorToken: string): Promise<Outcome> {
  const attack = 'made-up bearer tokens on GET /api/songs/:id';
  const ip = addresses.next();
  const answers: Answer[] = [];
  for (let i = 0; i < 80; i++)
    answers.push(await api('GET', `/api/songs/${songId}`, { ip, token: crypto.randomBytes(24).toString('base64url') }));
  const first429 = answers.findIndex((a) => a.status === 429);
  const stayed = first429 >= 0 && answers.slice(first429).every((a) => a.status === 429 && code(a) === 'rate_limited');
  const ready = await api('GET', '/readyz', {
    ip: addresses.next(),
    headers: operatorToken ? { 'x-operator-token': operatorToken } : {},
  });
  const pg = ready.body?.services?.postgres;
  const postgres = pg ? `Postgres ${pg.status}, circuit ${pg.circuit ?? 'closed'}` : `readiness ${ready.body?.status}`;
  const held = stayed && ready.status === 200;
  return {
    attack,
    verdict: held ? 'held' : 'NOT HELD',
    evidence:
      first429 >= 0
        ? `${first429} looked up (401), requests ${first429 + 1}-80 refused before any lookup (429 rate_limited); ${postgres}`
        : `all 80 looked up (${said(answers[79])}); ${postgres}`,
  };
}

// ---- setup ---------------------------------------------------------------------------------------------------------

/** Whether the instance takes this client's X-Forwarded-For: the address an issued session's event is stored with. */
async function trustsForwardedFor(songId: number): Promise<boolean> {
  const ip = addresses.fresh();
  const issued = await api('POST', '/api/sessions', { ip });
  if (issued.status !== 201) throw new Error(`POST /api/sessions: ${said(issued)}`);
  await api('POST', '/api/events', {
    ip,
    headers: { 'x-session-id': issued.body.session_id },
    json: { events: [{ kind: 'view', song_id: songId }] },
  });
  const stored = await until(
    'the probe event',
    async () =>
      (
        await db.query<{ ip_subject: string }>('SELECT ip_subject FROM events WHERE actor = $1', [
          `s:${issued.body.session_id}`,
        ])
      ).rows[0],
  );
  return stored.ip_subject === ip;
}

/** The attacks by id (for --only), in the order they run; the slow sender's connection stays open meanwhile. */
const ATTACK_IDS = [
  'oversize',
  'heic',
  'near-duplicate',
  'login-burst',
  'takeover',
  'events-made-up',
  'events-issued',
  'trending',
  'ipv6',
  'slow-sender',
  'token-flood',
] as const;
type AttackId = (typeof ATTACK_IDS)[number];

async function main() {
  let flags;
  try {
    flags = parseFlags({
      url: 'http://localhost:3000',
      'database-url': process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/norae',
      direct: false,
      forwarded: false,
      only: '',
      'upload-deadline-ms': 30_000,
      'operator-token': process.env.OPERATOR_TOKEN ?? '',
    }).flags;
  } catch (err) {
    if (err instanceof FlagError) {
      console.error(`[attack] ${err.message}\n${USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  const only = flags.only ? flags.only.split(',').map((s) => s.trim()) : [...ATTACK_IDS];
  const unknown = only.filter((id) => !(ATTACK_IDS as readonly string[]).includes(id));
  if (unknown.length) {
    console.error(`[attack] unknown attack ${unknown.join(', ')}; one of ${ATTACK_IDS.join(', ')}`);
    process.exit(2);
  }
  const chosen = (id: AttackId) => only.includes(id);
  base = flags.url.replace(/\/+$/, '');
  const live = await api('GET', '/healthz', { timeoutMs: 5000 }).catch((err: Error) => {
    console.error(`[attack] no instance answers at ${base}: ${err.message}`);
    process.exit(2);
  });
  if (live.status !== 200) {
    console.error(`[attack] ${base}/healthz answered ${live.status}`);
    process.exit(2);
  }
  db = new Client({ connectionString: flags['database-url'] });
  await db.connect().catch((err: Error) => {
    console.error(`[attack] cannot read the instance's database (${flags['database-url']}): ${err.message}`);
    process.exit(2);
  });

  // a busy machine may answer a search 503 (dependency deadline): the setup asks again
  const lookup = (path: string) =>
    until(
      `GET ${path}`,
      async () => {
        const a = await api('GET', path);
        return a.status === 503 ? undefined : a;
      },
      20_000,
    );
  const song = (await lookup('/api/songs/search?q=%EC%95%84%EC%9D%B4%EC%9C%A0')).body?.items?.[0];
  const product = (
    (await lookup('/api/products/search?q=%EB%AC%B4%EB%9D%BC%EB%B2%A8%20%EC%83%9D%EC%88%98')).body?.items ?? []
  ).find((p: { category: string }) => p.category === '생수');
  if (!song || !product) {
    console.error(
      '[attack] the instance has no songs or no 생수 product: load the sample catalogs first (npm run local does)',
    );
    process.exit(2);
  }
  if (flags.forwarded) forwarded = true;
  else if (!flags.direct) {
    forwarded = await trustsForwardedFor(song.id).catch((err: Error) => {
      console.error(
        `[attack] could not tell whether the instance trusts X-Forwarded-For (${err.message}): running from this one address (--forwarded to insist)`,
      );
      return false;
    });
  }
  console.log(
    `[attack] ${base}: ${forwarded ? "each attack from made-up addresses of its own (the instance trusts this client's X-Forwarded-For)" : 'every attack from this one address (X-Forwarded-For not trusted)'}; run ${run}`,
  );

  const outcomes: Outcome[] = [];
  const report = (o: Outcome) => {
    outcomes.push(o);
    console.log(`${o.verdict.padEnd(9)} ${o.attack}: ${o.evidence}`);
  };
  const accounts = async (): Promise<[Account, Account]> => [
    await signUp('uploader', { verified: true }),
    await signUp('second', { verified: true }),
  ];
  let users: [Account, Account] | undefined;
  try {
    users = await accounts();
  } catch (err) {
    console.error(`[attack] could not make two verified accounts: ${(err as Error).message}`);
  }
  const [uploader, second] = users ?? [];
  const needsUsers = (fn: (a: Account, b: Account) => Promise<Outcome>) => () =>
    uploader && second ? fn(uploader, second) : Promise.reject(new Error('no verified accounts'));
  const slow =
    chosen('slow-sender') && uploader ? slowSender(product.id, uploader, flags['upload-deadline-ms']) : undefined;
  const attacks: Array<[AttackId, string, () => Promise<Outcome>]> = [
    ['oversize', 'declared 50 MB upload', needsUsers((a) => oversizedUpload(product.id, a))],
    ['heic', 'HEIC with a zero-length box', needsUsers((a) => heicUpload(product.id, a))],
    ['near-duplicate', 'near-duplicate photo', needsUsers((a, b) => nearDuplicate(product.id, a, b))],
    ['login-burst', 'parallel wrong passwords', needsUsers((_a, b) => parallelWrongPasswords(b))],
    ['takeover', 'e-mail registered first by someone else', needsUsers((a) => registeredFirstTakeover(a))],
    ['events-made-up', 'events flood with made-up session ids', () => madeUpSessionFlood(song.id)],
    ['events-issued', 'events flood with sessions issued to one address', () => issuedSessionFlood(song.id)],
    ['trending', 'junk trending queries', needsUsers((a) => junkTrending(a))],
    ['ipv6', 'rotating IPv6 addresses', () => rotatingIpv6()],
    ['slow-sender', 'slow sender', () => slow?.done ?? Promise.reject(new Error('no verified accounts'))],
    // last: from a single address it also keeps this client's real tokens out for the rest of the minute
    ['token-flood', 'made-up bearer tokens', () => madeUpTokenFlood(song.id, flags['operator-token'])],
  ];
  for (const [id, attack, fn] of attacks.filter(([id]) => chosen(id))) {
    report(await fn().catch((err: Error) => ({ attack, verdict: 'untested' as const, evidence: err.message })));
    const after = await liveness();
    if (!alive(after)) {
      // one request stopped the process: nothing after it can be judged
      for (const [, rest] of attacks.filter(
        ([later]) => chosen(later) && ATTACK_IDS.indexOf(later) > ATTACK_IDS.indexOf(id),
      ))
        report({ attack: rest, verdict: 'untested', evidence: `the instance stopped answering (${after})` });
      break;
    }
  }
  await db.end();

  const failed = outcomes.filter((o) => o.verdict === 'NOT HELD' || o.verdict === 'untested');
  console.log(
    `[attack] ${outcomes.filter((o) => o.verdict === 'held').length} held, ${failed.length} not held or untested, ${outcomes.filter((o) => o.verdict === 'skipped').length} skipped`,
  );
  process.exit(failed.length ? 1 : 0);
}

main().catch((err) => {
  console.error(`[attack] failed: ${(err as Error).stack ?? err}`);
  process.exit(2);
});
