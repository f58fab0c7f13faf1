// HTTP for crawling other people's sites politely: robots.txt honoured (read once per host), requests paced per
// host, an identifying User-Agent, retries with back-off on 429/5xx/timeouts/resets, a deadline per request and a
// body size limit. A body cut off mid-answer is an error, never partial data.
import robotsParser from 'robots-parser';
import { SourceError } from './source';

/** Time as the pacing and back-off see it; tests hand in a virtual clock so nothing waits for real. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export interface PoliteFetchOptions {
  userAgent: string;
  /** per host; a robots.txt Crawl-delay that asks for slower is honoured */
  requestsPerSecond: number;
  /** the whole request, headers and body, must arrive within this */
  timeoutMs: number;
  maxBytes: number;
  /** attempts after the first one, on 429, 5xx, timeouts and broken connections */
  retries: number;
  /** the first back-off (doubled each retry, with jitter); 1 s unless given */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** a Retry-After longer than this ends the request instead of waiting (10 min unless given) */
  maxRetryAfterMs?: number;
  /** false skips robots.txt (only for reading files an operator saved, never for a crawl) */
  robots?: boolean;
  clock?: Clock;
  /** in [0, 1): the jitter's source */
  random?: () => number;
  fetch?: typeof fetch;
  /** told before each wait for a retry (progress lines) */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  url: string;
  attempt: number;
  waitMs: number;
  reason: string;
}

export interface PoliteRequest {
  method?: 'GET' | 'POST';
  /** sent as application/x-www-form-urlencoded */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** a smaller body limit for this request (an HTML page is parsed in memory, a JSON catalog may be large) */
  maxBytes?: number;
}

export interface PoliteResponse {
  url: string;
  status: number;
  headers: Headers;
  body: Buffer;
  /** the body decoded by the charset the answer names (UTF-8 when it names none) */
  text(): string;
}

interface HostState {
  /** when the next request to this host may start */
  nextSlot: number;
  /** the pause between requests, from requestsPerSecond and any Crawl-delay */
  intervalMs: number;
  robots?: Promise<RobotsRules>;
}

interface RobotsRules {
  isAllowed(url: string): boolean;
  crawlDelayMs: number;
}

const ALLOW_ALL: RobotsRules = { isAllowed: () => true, crawlDelayMs: 0 };
// RFC 9309: a robots.txt parser must read at least 500 KiB; nothing past that is a rule anyone meant
const ROBOTS_MAX_BYTES = 512 * 1024;

/** Why an attempt failed and whether another one may help. */
interface AttemptFailure {
  error: SourceError;
  retry: boolean;
  retryAfterMs?: number;
}

export class PoliteFetch {
  private readonly hosts = new Map<string, HostState>();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly fetchImpl: typeof fetch;
  /** the product token robots.txt groups are matched against ("NoraeBot" of "NoraeBot/1.0 (+url)") */
  readonly robotsAgent: string;

  constructor(private readonly options: PoliteFetchOptions) {
    if (!(options.requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be above 0');
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.fetchImpl = options.fetch ?? fetch;
    this.robotsAgent = options.userAgent.split(/[/\s]/)[0] || '*';
  }

  /** One request: robots.txt checked, paced, retried; the body read whole or not at all. */
  async request(url: string, req: PoliteRequest = {}): Promise<PoliteResponse> {
    const target = new URL(url);
    const host = this.host(target);
    if (this.options.robots !== false) {
      const rules = await this.robotsFor(target, host);
      if (!rules.isAllowed(target.href))
        throw new SourceError('robots', `robots.txt of ${target.host} disallows ${target.pathname}`, {
          url: target.href,
        });
    }
    return this.withRetries(target.href, host, req, Math.min(this.options.maxBytes, req.maxBytes ?? Infinity));
  }

  private host(target: URL): HostState {
    let state = this.hosts.get(target.host);
    if (!state) {
      state = { nextSlot: 0, intervalMs: 1000 / this.options.requestsPerSecond };
      this.hosts.set(target.host, state);
    }
    return state;
  }

  /** robots.txt read once per host; 4xx (none published) allows everything; unreadable (5xx, network) stops the crawl. */
  private robotsFor(target: URL, host: HostState): Promise<RobotsRules> {
    if (!host.robots) {
      const robotsUrl = new URL('/robots.txt', target).href;
      host.robots = (async () => {
        let res: PoliteResponse;
        try {
          res = await this.withRetries(robotsUrl, host, { method: 'GET' }, ROBOTS_MAX_BYTES, true);
        } catch (err) {
          const e = err as SourceError;
          throw new SourceError(
            'robots',
            `robots.txt of ${target.host} could not be read (${e.message}); not crawling it`,
            { url: robotsUrl, cause: e.kind },
          );
        }
        if (res.status >= 400) return ALLOW_ALL;
        const parsed = robotsParser(robotsUrl, res.text());
        const delay = Number(parsed.getCrawlDelay(this.robotsAgent) ?? 0);
        const rules: RobotsRules = {
          isAllowed: (u) => parsed.isAllowed(u, this.robotsAgent) !== false,
          crawlDelayMs: Number.isFinite(delay) ? delay * 1000 : 0,
        };
        host.intervalMs = Math.max(host.intervalMs, rules.crawlDelayMs);
        return rules;
      })();
      // a failed read is not remembered: the next request asks again
      host.robots.catch(() => {
        host.robots = undefined;
      });
    }
    return host.robots;
  }

  /** Waits for this host's next slot; slots are handed out in call order, so concurrent callers queue up too. */
  private async pace(host: HostState): Promise<void> {
    const now = this.clock.now();
    const slot = Math.max(now, host.nextSlot);
    host.nextSlot = slot + host.intervalMs;
    if (slot > now) await this.clock.sleep(slot - now);
  }

  private async withRetries(
    url: string,
    host: HostState,
    req: PoliteRequest,
    maxBytes: number,
    clientErrorsAnswer = false,
  ): Promise<PoliteResponse> {
    const base = this.options.backoffMs ?? 1000;
    const cap = this.options.maxBackoffMs ?? 60_000;
    const maxRetryAfter = this.options.maxRetryAfterMs ?? 600_000;
    for (let attempt = 0; ; attempt++) {
      await this.pace(host);
      const outcome = await this.attempt(url, req, maxBytes, clientErrorsAnswer);
      if (!('error' in outcome)) return outcome;
      if (!outcome.retry || attempt >= this.options.retries) throw outcome.error;
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > maxRetryAfter) {
        throw new SourceError(
          outcome.error.kind,
          `${outcome.error.message}; Retry-After asks for ${Math.round(outcome.retryAfterMs / 1000)} s, more than this run waits`,
          outcome.error.details,
        );
      }
      const backoff = Math.min(cap, base * 2 ** attempt) * (0.5 + this.random() / 2);
      const waitMs = Math.max(backoff, outcome.retryAfterMs ?? 0);
      this.options.onRetry?.({ url, attempt: attempt + 1, waitMs, reason: outcome.error.message });
      await this.clock.sleep(waitMs);
      // the host asked for a pause: nothing else goes to it before the pause is over
      host.nextSlot = Math.max(host.nextSlot, this.clock.now());
    }
  }

  private async attempt(
    url: string,
    req: PoliteRequest,
    maxBytes: number,
    clientErrorsAnswer: boolean,
  ): Promise<PoliteResponse | AttemptFailure> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, accept: '*/*', ...req.headers };
    let body: string | undefined;
    if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
    }
    try {
      const res = await this.fetchImpl(url, {
        method: req.method ?? (req.form ? 'POST' : 'GET'),
        headers,
        body,
        signal: controller.signal,
        redirect: 'follow',
      });
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel().catch(() => undefined);
        return {
          error: new SourceError('http', `${url} answered ${res.status}`, { url, status: res.status }),
          retry: true,
          retryAfterMs: retryAfterMs(res.headers.get('retry-after'), this.clock.now()),
        };
      }
      if (res.status >= 400 && !clientErrorsAnswer) {
        await res.body?.cancel().catch(() => undefined);
        return {
          error: new SourceError('http', `${url} answered ${res.status}`, { url, status: res.status }),
          retry: false,
        };
      }
      const bytes = await readLimited(res, maxBytes, url);
      return {
        url: res.url || url,
        status: res.status,
        headers: res.headers,
        body: bytes,
        text: () => decode(bytes, res.headers.get('content-type')),
      };
    } catch (err) {
      if (err instanceof SourceError) return { error: err, retry: false };
      if (timedOut)
        return {
          error: new SourceError('timeout', `${url} did not answer within ${this.options.timeoutMs} ms`, { url }),
          retry: true,
        };
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      return {
        error: new SourceError('network', `${url}: connection failed (${why})`, { url, cause: why }),
        retry: true,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The body as bytes, stopping at maxBytes (a Content-Length above it is refused before reading). */
async function readLimited(res: Response, maxBytes: number, url: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  const tooLarge = () => new SourceError('too_large', `${url} answered more than ${maxBytes} bytes`, { url, maxBytes });
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** Retry-After as delay-seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Bytes as text by the Content-Type charset (EUC-KR pages exist), UTF-8 otherwise or when the name is unknown. */
export function decode(bytes: Buffer, contentType: string | null): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
