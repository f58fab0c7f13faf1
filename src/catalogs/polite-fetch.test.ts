import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PoliteFetch, decode, retryAfterMs, type PoliteFetchOptions } from './polite-fetch';
import { SourceError } from './source';

// A local site whose answers each test sets per path; it records what it was asked.
type Reply = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const routes = new Map<string, Reply[]>();
const seen: Array<{ path: string; ua: string | undefined; body: string; contentType: string | undefined }> = [];
let server: http.Server;
let base: string;

/** Answers for a path, used in turn (the last one repeats). */
const route = (path: string, ...replies: Reply[]) => routes.set(path, replies);
const text =
  (status: number, body: string, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.push({ path, ua: req.headers['user-agent'], body, contentType: req.headers['content-type'] });
      const replies = routes.get(path);
      if (!replies) return text(404, 'not found')(req, res);
      (replies.length > 1 ? replies.shift()! : replies[0])(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  routes.clear();
  seen.length = 0;
});

/** Virtual time: sleeping moves it on at once, so pacing and back-off are asserted on numbers, not waited for. */
function virtualClock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  /** when each sleeper asked to wake up */
  const wakes: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      wakes.push(t + ms);
      t = Math.max(t, t + ms);
    },
    sleeps,
    wakes,
  };
}

function politeFetch(extra: Partial<PoliteFetchOptions> = {}) {
  const clock = virtualClock();
  const sent: Array<{ url: string; at: number }> = [];
  const fetcher = new PoliteFetch({
    userAgent: 'NoraeTestBot/1.0 (+http://example.invalid/bot)',
    requestsPerSecond: 2,
    timeoutMs: 2000,
    maxBytes: 10_000,
    retries: 2,
    backoffMs: 100,
    random: () => 0.5,
    clock,
    fetch: (input, init) => {
      sent.push({ url: String(input), at: clock.now() });
      return fetch(input, init);
    },
    ...extra,
  });
  return { fetcher, clock, sent };
}

async function sourceError(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SourceError) return err;
    throw err;
  }
  throw new Error('expected a SourceError');
}

describe('pacing and identification', () => {
  test('requests to one host start at least 1/N s apart, robots.txt included; every one carries the User-Agent', async () => {
    route('/page', text(200, 'ok'));
    const { fetcher, sent } = politeFetch();
    for (let k = 0; k < 4; k++) await fetcher.request(`${base}/page?k=${k}`);
    const gaps = sent.slice(1).map((s, k) => s.at - sent[k].at);
    expect(sent).toHaveLength(5);
    expect(sent[0].url).toBe(`${base}/robots.txt`);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(500);
    expect(new Set(seen.map((s) => s.ua))).toEqual(new Set(['NoraeTestBot/1.0 (+http://example.invalid/bot)']));
  });

  test('concurrent callers queue for slots too', async () => {
    route('/page', text(200, 'ok'));
    const { fetcher, clock } = politeFetch({ requestsPerSecond: 4 });
    await Promise.all([1, 2, 3, 4, 5].map((k) => fetcher.request(`${base}/page?k=${k}`)));
    // virtual time cannot tell when concurrent sleepers send; the slots they were given can
    const slots = [...clock.wakes].sort((a, b) => a - b);
    expect(slots).toHaveLength(5);
    for (let k = 1; k < slots.length; k++) expect(slots[k] - slots[k - 1]).toBeGreaterThanOrEqual(250);
  });

  test('each host has its own pace', async () => {
    route('/page', text(200, 'ok'));
    const { fetcher, sent } = politeFetch({ requestsPerSecond: 1 });
    const other = base.replace('127.0.0.1', 'localhost');
    await fetcher.request(`${base}/page`);
    await fetcher.request(`${other}/page`);
    const [robotsA, pageA, robotsB, pageB] = sent;
    expect(pageA.at - robotsA.at).toBeGreaterThanOrEqual(1000);
    // the second host's first request does not wait for the first host's slot
    expect(robotsB.at).toBe(pageA.at);
    expect(pageB.at - robotsB.at).toBeGreaterThanOrEqual(1000);
  });

  test('a form is sent url-encoded', async () => {
    route('/api', text(200, '{}'));
    const { fetcher } = politeFetch();
    await fetcher.request(`${base}/api`, { method: 'POST', form: { searchYm: '200001', searchTxt: '좋은 날' } });
    const post = seen.find((s) => s.path === '/api')!;
    expect(post.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(post.body))).toEqual({ searchYm: '200001', searchTxt: '좋은 날' });
  });
});

describe('robots.txt', () => {
  test('is read once per host; a disallowed path is refused without being requested', async () => {
    route('/robots.txt', text(200, 'User-agent: *\nDisallow: /private/\n'));
    route('/open', text(200, 'ok'));
    const { fetcher } = politeFetch();
    await fetcher.request(`${base}/open`);
    const err = await sourceError(fetcher.request(`${base}/private/list`));
    await fetcher.request(`${base}/open`);
    expect(err.kind).toBe('robots');
    expect(seen.map((s) => s.path)).toEqual(['/robots.txt', '/open', '/open']);
  });

  test('rules for our own agent apply, and a Crawl-delay slower than our pace is honoured', async () => {
    route(
      '/robots.txt',
      text(200, 'User-agent: NoraeTestBot\nDisallow: /songs/\nCrawl-delay: 5\n\nUser-agent: *\nAllow: /\n'),
    );
    route('/other', text(200, 'ok'));
    const { fetcher, sent } = politeFetch();
    expect((await sourceError(fetcher.request(`${base}/songs/1`))).kind).toBe('robots');
    await fetcher.request(`${base}/other`);
    await fetcher.request(`${base}/other`);
    expect(sent[2].at - sent[1].at).toBeGreaterThanOrEqual(5000);
  });

  test('none published (404) allows everything', async () => {
    route('/anything', text(200, 'ok'));
    const { fetcher } = politeFetch();
    expect((await fetcher.request(`${base}/anything`)).text()).toBe('ok');
  });

  test('an unreadable robots.txt (5xx after retries) stops the crawl of that host', async () => {
    route('/robots.txt', text(500, 'oops'));
    route('/page', text(200, 'ok'));
    const { fetcher } = politeFetch({ retries: 1 });
    const err = await sourceError(fetcher.request(`${base}/page`));
    expect(err.kind).toBe('robots');
    expect(seen.filter((s) => s.path === '/page')).toHaveLength(0);
  });
});

describe('retries', () => {
  test('429 waits as long as Retry-After says, then the answer comes', async () => {
    route('/busy', text(429, 'slow down', { 'retry-after': '7' }), text(200, 'ok'));
    const retries: number[] = [];
    const { fetcher, clock } = politeFetch({ onRetry: (e) => retries.push(e.waitMs) });
    expect((await fetcher.request(`${base}/busy`)).text()).toBe('ok');
    expect(retries).toEqual([7000]);
    expect(clock.sleeps).toContain(7000);
  });

  test('5xx backs off exponentially with jitter and succeeds when the site recovers', async () => {
    route('/flaky', text(503, 'down'), text(502, 'down'), text(200, 'ok'));
    const retries: number[] = [];
    const { fetcher } = politeFetch({ retries: 3, onRetry: (e) => retries.push(e.waitMs) });
    expect((await fetcher.request(`${base}/flaky`)).text()).toBe('ok');
    // base 100 ms doubled, times the jitter factor 0.5 + 0.5/2
    expect(retries).toEqual([75, 150]);
  });

  test('when retries run out the last failure is the error, with its status', async () => {
    route('/down', text(503, 'down'));
    const { fetcher } = politeFetch({ retries: 2 });
    const err = await sourceError(fetcher.request(`${base}/down`));
    expect([err.kind, err.details.status]).toEqual(['http', 503]);
    expect(seen.filter((s) => s.path === '/down')).toHaveLength(3);
  });

  test('a client error is not retried', async () => {
    const { fetcher } = politeFetch();
    const err = await sourceError(fetcher.request(`${base}/missing`));
    expect([err.kind, err.details.status]).toEqual(['http', 404]);
    expect(seen.filter((s) => s.path === '/missing')).toHaveLength(1);
  });

  test('a Retry-After longer than the run waits ends the request instead', async () => {
    route('/later', text(429, 'tomorrow', { 'retry-after': '86400' }));
    const { fetcher, clock } = politeFetch({ maxRetryAfterMs: 60_000 });
    const err = await sourceError(fetcher.request(`${base}/later`));
    expect(err.message).toMatch(/Retry-After asks for 86400 s/);
    expect(clock.sleeps.every((ms) => ms < 60_000)).toBe(true);
  });
});

describe('deadlines, sizes and broken connections', () => {
  test('an answer that does not come in time is a timeout, retried, then an error', async () => {
    const held: http.ServerResponse[] = [];
    route('/slow', (_req, res) => {
      held.push(res);
    });
    const { fetcher } = politeFetch({ timeoutMs: 100, retries: 1 });
    const err = await sourceError(fetcher.request(`${base}/slow`));
    expect(err.kind).toBe('timeout');
    expect(held).toHaveLength(2);
    for (const res of held) res.destroy();
  });

  test('a body stalling mid-way hits the deadline too', async () => {
    route('/stall', (_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('x'.repeat(10));
    });
    const { fetcher } = politeFetch({ timeoutMs: 100, retries: 0 });
    expect((await sourceError(fetcher.request(`${base}/stall`))).kind).toBe('timeout');
  });

  test('a declared length over the limit is refused; so is a streamed body once it passes the limit', async () => {
    route('/big', text(200, 'x'.repeat(20_000)));
    route('/stream', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let k = 0; k < 30; k++) res.write('y'.repeat(1000));
      res.end();
    });
    const { fetcher } = politeFetch();
    expect((await sourceError(fetcher.request(`${base}/big`))).kind).toBe('too_large');
    expect((await sourceError(fetcher.request(`${base}/stream`))).kind).toBe('too_large');
    expect((await sourceError(fetcher.request(`${base}/stream`, { maxBytes: 100 }))).details.maxBytes).toBe(100);
  });

  test('a connection cut mid-answer is never partial data: it is retried, and an error when it keeps happening', async () => {
    const cut: Reply = (_req, res) => {
      res.writeHead(200, { 'content-length': '2000' });
      res.write('z'.repeat(1000), () => res.destroy());
    };
    route('/cut', cut, text(200, 'whole'));
    const { fetcher } = politeFetch();
    expect((await fetcher.request(`${base}/cut`)).text()).toBe('whole');
    route('/cut-always', cut);
    expect((await sourceError(fetcher.request(`${base}/cut-always`))).kind).toBe('network');
    expect(seen.filter((s) => s.path === '/cut-always')).toHaveLength(3);
  });

  test('a refused connection is a network error', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const { fetcher } = politeFetch({ retries: 1, robots: false });
    expect((await sourceError(fetcher.request(`http://127.0.0.1:${port}/x`))).kind).toBe('network');
  });
});

describe('helpers', () => {
  test('Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('30', 0)).toBe(30_000);
    expect(retryAfterMs(new Date(90_000).toUTCString(), 30_000)).toBe(60_000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });

  test('bodies are decoded by the charset they name', () => {
    const eucKr = Buffer.from([0xb3, 0xeb, 0xb7, 0xa1]); // 노래
    expect(decode(eucKr, 'text/html; charset=EUC-KR')).toBe('노래');
    expect(decode(Buffer.from('노래'), 'text/html')).toBe('노래');
    expect(decode(Buffer.from('노래'), 'text/html; charset=x-unknown')).toBe('노래');
  });
});
