// Validated configuration from the environment (zod), with defaults that point at the local stack.
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * TRUST_PROXY as Express understands it: unset/"false" trusts no proxy (X-Forwarded-For ignored), a number is a
 * hop count, anything else a comma list of addresses, CIDR ranges or Express names (loopback, uniquelocal).
 */
export function trustProxySetting(raw: string | undefined): boolean | number | string[] {
  const value = (raw ?? '').trim();
  if (!value || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * What is wrong with a TRUST_PROXY value: a hop count in production (anyone who reaches the port then picks their own
 * address by sending X-Forwarded-For), or an entry that is neither an address, a CIDR range nor an Express name.
 */
export function trustProxyProblems(raw: string | undefined, appEnv: AppEnv): string[] {
  const setting = trustProxySetting(raw);
  if (typeof setting === 'number') {
    return appEnv === 'production'
      ? [`TRUST_PROXY must list the proxies' addresses or CIDR ranges in production, not a hop count (got "${raw}")`]
      : [];
  }
  if (!Array.isArray(setting)) return [];
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  const valid = (entry: string) => {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address);
    if (!family || rest.length) return named.includes(entry);
    if (bits === undefined) return true;
    return /^\d+$/.test(bits) ? Number(bits) <= (family === 4 ? 32 : 128) : isIP(bits) === 4; // a netmask also works
  };
  return setting
    .filter((e) => !valid(e))
    .map((e) => `TRUST_PROXY entries must be addresses, CIDR ranges, loopback, linklocal or uniquelocal (got "${e}")`);
}

export type AppEnv = 'local' | 'test' | 'production';

export interface Config {
  env: AppEnv;
  port: number;
  /** the interface the API listens on (HOST; 127.0.0.1 except in production) */
  host: string;
  /** TRUST_PROXY: which proxies' X-Forwarded-For to believe (none by default) */
  trustProxy: boolean | number | string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** ES_URL as given: one URL or a comma-separated list of the cluster's nodes */
  esUrl: string;
  esNodes: string[];
  esAuth?: { username: string; password: string } | { apiKey: string };
  esRequestTimeoutMs: number;
  /** number_of_shards / number_of_replicas overlaid on mappings/*.json when set (a cluster wants replicas) */
  esShards?: number;
  esReplicas?: number;
  esIndexPrefix: string;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  cron: {
    enabled: boolean;
    songsSync: string;
    songsRebuild: string;
    songsPopularity: string;
    productsRebuild: string;
    productsSync: string;
    recsTrain: string;
    logsRetention: string;
    eventsRetention: string;
    roomsSweep: string;
  };
  searchLogRetentionDays: number;
  eventRetentionDays: number;
  /** how long autocomplete answers for short prefixes are reused in-process (0: never; tests see every change at once) */
  autocompleteCacheMs: number;
  /** autocomplete tries the completion suggesters first (false: the full prefix query only, for comparison) */
  autocompleteKeystroke: boolean;
  rateLimits: {
    searchPerMinute: number;
    autocompletePerMinute: number;
    writePerMinute: number;
    recommendPerMinute: number;
    authStartPerMinute: number;
    readinessPerMinute: number;
    badTokensPerMinute: number;
    signupPerMinute: number;
    accountMailPerMinute: number;
    windowSeconds: number;
    ipv6WideFactor: number;
  };
  trending: { windowMinutes: number; halfLifeMinutes: number; cacheSeconds: number; minUsers: number };
  rewards: {
    maxProofBytes: number;
    proofsPerDay: number;
    pointsPerProof: number;
    /** a proof upload must arrive within this many ms; at most concurrentUploads are read at once per process */
    uploadDeadlineMs: number;
    concurrentUploads: number;
    /** worker threads that parse photos, and the hard limit of one parse (the worker is terminated after it) */
    photoWorkers: number;
    photoParseTimeoutMs: number;
    /** run the object detector on proofs (off: every checkable proof waits for an operator) */
    detector: boolean;
    /** near-duplicate photos: at most this many of the 64 perceptual-hash bits differ (docs/benchmarks.md) */
    phashMaxDistance: number;
    minPhotoSide: number;
    /** proofs a day from one address (IPv6 /64), across accounts */
    proofsPerIpPerDay: number;
    /** points only for accounts whose e-mail is verified */
    requireVerifiedEmail: boolean;
  };
  searchLogs: { batchSize: number; flushMs: number };
  /** a rebuilt index is warmed before its alias swap for at most ms (0: not warmed) until its p95 is within tolerance x the old one's */
  indexWarmup: { ms: number; tolerance: number };
  openai: {
    apiKey?: string;
    baseURL?: string;
    model: string;
    timeoutMs: number;
    budgets: { userDailyCalls: number; userDailyTokens: number; dailyCalls: number; dailyTokens: number };
  };
  kakao: { clientId?: string; clientSecret?: string; redirectUri?: string; authBaseUrl: string; apiBaseUrl: string };
  recs: {
    dimensions: number;
    window: number;
    negatives: number;
    epochs: number;
    minCount: number;
    seed: number;
    maxPerArtist: number;
  };
  tokenTtlSeconds: number;
  /** PUBLIC_URL: where users reach the web app; links in account mails point here (never at the request's Host) */
  publicUrl: string;
  breakers: { failures: number; halfOpenAfterMs: number; retryBudgetMs: number; callTimeoutMs: number };
  /** readiness details (per service, breakers, counters) only for callers presenting this token */
  operatorToken?: string;
  readinessCacheMs: number;
  /** on SIGTERM/SIGINT, how long in-flight requests may still run before their connections are closed */
  shutdownGraceMs: number;
  /** the brands' public sites and how politely they are read (src/catalogs) */
  catalogs: {
    tjUrl: string;
    kyUrl: string;
    kyPlayerUrl: string;
    userAgent: string;
    requestsPerSecond: number;
    timeoutMs: number;
    maxBytes: number;
    retries: number;
    minListingRatio: number;
    withdrawAfterListings: number;
    /** TJ entries looked up by searchSong per enrichment run (src/catalogs/enrich.ts) */
    enrichPerRun: number;
    /** whether the schedule syncs the catalogs (CATALOG_SCHEDULE: on in production, off elsewhere) and when */
    scheduled: boolean;
    schedule: { tjNew: string; kyNew: string; tjFull: string; kyFull: string; tjCharts: string; tjEnrich: string };
  };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Each variable is checked by a zod schema; every failure is collected (not just the first) for one ConfigError. */
function reader(env: Env, problems: string[]) {
  const check = <T>(name: string, raw: string, schema: z.ZodType<T>, fallback: T): T => {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    problems.push(`${name} ${r.error.issues[0].message} (got "${raw}")`);
    return fallback;
  };
  const given = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const str = (name: string, fallback: string) => env[name] ?? fallback;
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = given(name);
    const message = `must be an integer from ${min} to ${max}`;
    return raw === undefined
      ? fallback
      : check(
          name,
          raw,
          z.coerce
            .number({ error: message })
            .int({ error: message })
            .min(min, { error: message })
            .max(max, { error: message }),
          fallback,
        );
  };
  const bool = (name: string, fallback: boolean) => {
    const raw = given(name);
    return raw === undefined
      ? fallback
      : check(
          name,
          raw,
          z
            .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
            .transform((v) => v === 'true' || v === '1'),
          fallback,
        );
  };
  const oneOf = <T extends string>(name: string, fallback: T, values: readonly T[]): T => {
    const message = `must be ${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
    return check(name, str(name, fallback), z.enum(values as [T, ...T[]], { error: message }), fallback);
  };
  const url = (name: string, fallback: string, protocols: string[]) =>
    check(
      name,
      str(name, fallback),
      z.url({ error: 'must be a URL' }).refine((u) => !URL.canParse(u) || protocols.includes(new URL(u).protocol), {
        error: `must use ${protocols.join(' or ')}`,
      }),
      fallback,
    );
  const optionalInt = (name: string, min: number, max: number) => (env[name] ? int(name, min, min, max) : undefined);
  const float = (name: string, fallback: number, min: number, max: number) => {
    const raw = given(name);
    const message = `must be a number from ${min} to ${max}`;
    return raw === undefined
      ? fallback
      : check(
          name,
          raw,
          z.coerce.number({ error: message }).min(min, { error: message }).max(max, { error: message }),
          fallback,
        );
  };
  return { str, int, float, bool, url, optionalInt, oneOf };
}

/** ES_URL: every comma-separated entry must be an http(s) URL; the client spreads requests and retries over them. */
function esNodes(raw: string, problems: string[]): string[] {
  const nodes = raw
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (!nodes.length) problems.push('ES_URL must name at least one node');
  for (const node of nodes) {
    try {
      if (!['http:', 'https:'].includes(new URL(node).protocol))
        problems.push(`ES_URL must use http: or https: (got "${node}")`);
    } catch {
      problems.push(`ES_URL must be a URL or a comma-separated list of URLs (got "${node}")`);
    }
  }
  return nodes;
}

/** Either ES_USERNAME + ES_PASSWORD or ES_API_KEY (an Elasticsearch with security on), or neither. */
function esAuth(env: Env, problems: string[]): Config['esAuth'] {
  const { ES_USERNAME: username, ES_PASSWORD: password, ES_API_KEY: apiKey } = env;
  if (apiKey && (username || password)) problems.push('set either ES_API_KEY or ES_USERNAME/ES_PASSWORD, not both');
  if (Boolean(username) !== Boolean(password)) problems.push('ES_USERNAME and ES_PASSWORD go together');
  if (apiKey) return { apiKey };
  return username && password ? { username, password } : undefined;
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const { str, int, float, bool, url, optionalInt, oneOf } = reader(env, problems);
  const appEnv = oneOf<AppEnv>('APP_ENV', 'local', ['local', 'test', 'production']);
  const logLevel = oneOf<Config['logLevel']>('LOG_LEVEL', appEnv === 'test' ? 'silent' : 'info', [
    'debug',
    'info',
    'warn',
    'error',
    'silent',
  ]);
  const dbName = appEnv === 'test' ? 'norae_test' : 'norae';
  const config: Config = {
    env: appEnv,
    port: int('PORT', 3000, 0, 65535),
    // local and test runs are reachable from this machine only; the production image listens on every interface
    host: str('HOST', appEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    logLevel,
    esUrl: str('ES_URL', 'http://127.0.0.1:9200'),
    esNodes: esNodes(str('ES_URL', 'http://127.0.0.1:9200'), problems),
    esAuth: esAuth(env, problems),
    esRequestTimeoutMs: int('ES_REQUEST_TIMEOUT_MS', 10_000, 100, 600_000),
    esShards: optionalInt('ES_SHARDS', 1, 1024),
    esReplicas: optionalInt('ES_REPLICAS', 0, 16),
    esIndexPrefix: str('ES_INDEX_PREFIX', `norae_${appEnv}_`),
    databaseUrl: url('DATABASE_URL', `postgres://postgres@127.0.0.1:5432/${dbName}`, ['postgres:', 'postgresql:']),
    redisUrl: url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    redisPrefix: str('REDIS_PREFIX', `norae:${appEnv}:`),
    cron: {
      enabled: bool('CRON_ENABLED', appEnv !== 'test'),
      songsSync: str('CRON_SONGS_SYNC', '*/5 * * * *'),
      songsRebuild: str('CRON_SONGS_REBUILD', '30 3 * * *'),
      songsPopularity: str('CRON_SONGS_POPULARITY', '0 5 * * *'),
      productsSync: str('CRON_PRODUCTS_SYNC', '*/10 * * * *'),
      productsRebuild: str('CRON_PRODUCTS_REBUILD', '0 2 * * 0'),
      recsTrain: str('CRON_RECS_TRAIN', '0 4 * * *'),
      logsRetention: str('CRON_LOGS_RETENTION', '15 0 * * *'),
      eventsRetention: str('CRON_EVENTS_RETENTION', '25 0 * * *'),
      // rooms idle past their limit close (their streams told) even when nobody opens them again
      roomsSweep: str('CRON_ROOMS_SWEEP', '*/10 * * * *'),
    },
    searchLogRetentionDays: int('SEARCH_LOG_RETENTION_DAYS', 30, 1, 3650),
    eventRetentionDays: int('EVENT_RETENTION_DAYS', 400, 1, 3650),
    autocompleteCacheMs: int('AUTOCOMPLETE_CACHE_MS', appEnv === 'test' ? 0 : 3000, 0, 60_000),
    autocompleteKeystroke: bool('AUTOCOMPLETE_KEYSTROKE', true),
    rateLimits: {
      searchPerMinute: int('RATE_LIMIT_SEARCH_PER_MINUTE', 600, 1, 1_000_000),
      autocompletePerMinute: int('RATE_LIMIT_AUTOCOMPLETE_PER_MINUTE', 1200, 1, 1_000_000),
      writePerMinute: int('RATE_LIMIT_WRITE_PER_MINUTE', 60, 1, 1_000_000),
      recommendPerMinute: int('RATE_LIMIT_RECOMMEND_PER_MINUTE', 60, 1, 1_000_000),
      authStartPerMinute: int('RATE_LIMIT_AUTH_START_PER_MINUTE', 20, 1, 1_000_000),
      // unknown bearer tokens an address may send before its token lookups stop reaching Postgres
      badTokensPerMinute: int('RATE_LIMIT_BAD_TOKENS_PER_MINUTE', 30, 1, 1_000_000),
      readinessPerMinute: int('RATE_LIMIT_READINESS_PER_MINUTE', 120, 1, 1_000_000),
      // sign-ups per address: each one costs a bcrypt hash
      signupPerMinute: int('RATE_LIMIT_SIGNUP_PER_MINUTE', 5, 1, 1_000_000),
      // requests that mail a link (password reset, verification again) per address
      accountMailPerMinute: int('RATE_LIMIT_ACCOUNT_MAIL_PER_MINUTE', 5, 1, 1_000_000),
      windowSeconds: int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
      // an IPv6 /48 (a site's 65536 /64s) is limited too, at this many times the per-address limit
      ipv6WideFactor: int('RATE_LIMIT_IPV6_48_FACTOR', 16, 1, 1_000_000),
    },
    trending: {
      windowMinutes: int('TRENDING_WINDOW_MINUTES', 60, 1, 1440),
      halfLifeMinutes: int('TRENDING_HALF_LIFE_MINUTES', 20, 1, 1440),
      cacheSeconds: int('TRENDING_CACHE_SECONDS', 10, 0, 3600),
      // a term is shown only once this many different signed-in users searched it in the window
      minUsers: int('TRENDING_MIN_USERS', 3, 1, 1000),
    },
    rewards: {
      maxProofBytes: int('REWARD_MAX_PROOF_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
      proofsPerDay: int('REWARD_PROOFS_PER_DAY', 2, 1, 100),
      pointsPerProof: int('REWARD_POINTS_PER_PROOF', 10, 1, 100_000),
      uploadDeadlineMs: int('REWARD_UPLOAD_DEADLINE_MS', 30_000, 100, 600_000),
      concurrentUploads: int('REWARD_CONCURRENT_UPLOADS', 8, 1, 1000),
      photoWorkers: int('REWARD_PHOTO_WORKERS', 1, 1, 16),
      photoParseTimeoutMs: int('REWARD_PHOTO_PARSE_TIMEOUT_MS', 10_000, 50, 120_000),
      detector: bool('REWARD_DETECTOR', true),
      phashMaxDistance: int('REWARD_PHASH_MAX_DISTANCE', 10, 0, 32),
      minPhotoSide: int('REWARD_MIN_PHOTO_SIDE', 200, 1, 10_000),
      proofsPerIpPerDay: int('REWARD_PROOFS_PER_IP_PER_DAY', 6, 1, 10_000),
      requireVerifiedEmail: bool('REWARD_REQUIRE_VERIFIED_EMAIL', true),
    },
    searchLogs: {
      batchSize: int('SEARCH_LOG_BATCH_SIZE', 200, 1, 10_000),
      flushMs: int('SEARCH_LOG_FLUSH_MS', 1000, 10, 60_000),
    },
    indexWarmup: {
      // test suites rebuild small indices dozens of times: warming is off there unless a test asks for it
      ms: int('INDEX_WARMUP_MS', appEnv === 'test' ? 0 : 60_000, 0, 3_600_000),
      tolerance: float('INDEX_WARMUP_TOLERANCE', 1.25, 1, 100),
    },
    openai: {
      apiKey: env.OPENAI_API_KEY || undefined,
      baseURL: env.OPENAI_BASE_URL || undefined,
      model: str('OPENAI_MODEL', 'gpt-4o-mini'),
      timeoutMs: int('OPENAI_TIMEOUT_MS', 4000, 100, 60000),
      budgets: {
        userDailyCalls: int('OPENAI_USER_DAILY_CALLS', 20, 0, 1_000_000),
        userDailyTokens: int('OPENAI_USER_DAILY_TOKENS', 20_000, 0, 1_000_000_000),
        dailyCalls: int('OPENAI_DAILY_CALLS', 5000, 0, 100_000_000),
        dailyTokens: int('OPENAI_DAILY_TOKENS', 2_000_000, 0, 1_000_000_000_000),
      },
    },
    kakao: {
      clientId: env.KAKAO_CLIENT_ID || undefined,
      clientSecret: env.KAKAO_CLIENT_SECRET || undefined,
      redirectUri: env.KAKAO_REDIRECT_URI || undefined,
      authBaseUrl: url('KAKAO_AUTH_BASE_URL', 'https://kauth.kakao.com', ['http:', 'https:']),
      apiBaseUrl: url('KAKAO_API_BASE_URL', 'https://kapi.kakao.com', ['http:', 'https:']),
    },
    recs: {
      dimensions: int('RECS_DIMENSIONS', 32, 4, 1024),
      window: int('RECS_WINDOW', 3, 1, 20),
      negatives: int('RECS_NEGATIVES', 5, 1, 50),
      epochs: int('RECS_EPOCHS', 15, 1, 200),
      minCount: int('RECS_MIN_COUNT', 2, 1, 1000),
      seed: int('RECS_SEED', 42, 0, 2 ** 31 - 1),
      maxPerArtist: int('RECS_MAX_PER_ARTIST', 2, 1, 100),
    },
    tokenTtlSeconds: int('TOKEN_TTL_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
    // links in account mails point here; a deployment sets its own (the local default assumes PORT 3000)
    publicUrl: url('PUBLIC_URL', 'http://localhost:3000', ['http:', 'https:']).replace(/\/+$/, ''),
    breakers: {
      failures: int('BREAKER_FAILURES', 3, 1, 1000),
      halfOpenAfterMs: int('BREAKER_HALF_OPEN_MS', 2000, 10, 600_000),
      retryBudgetMs: int('DEPENDENCY_RETRY_BUDGET_MS', 50, 0, 10_000),
      // each Elasticsearch/Postgres/Redis call made while serving a request; a busy shared test machine is slow, not down
      callTimeoutMs: int('DEPENDENCY_TIMEOUT_MS', appEnv === 'test' ? 5000 : 1000, 0, 600_000),
    },
    operatorToken: env.OPERATOR_TOKEN || undefined,
    readinessCacheMs: int('READINESS_CACHE_MS', 2000, 0, 600_000),
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    catalogs: {
      tjUrl: url('CATALOG_TJ_URL', 'https://www.tjmedia.com', ['http:', 'https:']),
      kyUrl: url('CATALOG_KY_URL', 'https://kysing.kr', ['http:', 'https:']),
      kyPlayerUrl: url('CATALOG_KY_PLAYER_URL', 'http://my.kysing.kr', ['http:', 'https:']),
      // sites see who is reading them and where to complain: operators put their own contact page here
      userAgent: str(
        'CATALOG_USER_AGENT',
        'NoraeCatalogBot/0.1 (+https://example.invalid/norae-bot; karaoke song search)',
      ),
      requestsPerSecond: float('CATALOG_REQUESTS_PER_SECOND', 1, 0.01, 1000),
      timeoutMs: int('CATALOG_TIMEOUT_MS', 60_000, 100, 600_000),
      // TJ's whole catalog is one answer of about 17 MB
      maxBytes: int('CATALOG_MAX_BYTES', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      retries: int('CATALOG_RETRIES', 4, 0, 20),
      minListingRatio: float('CATALOG_MIN_LISTING_RATIO', 0.9, 0, 1),
      withdrawAfterListings: int('CATALOG_WITHDRAW_AFTER_LISTINGS', 3, 1, 100),
      // one or two searchSong requests a song, one a second: 500 songs take 8 to 17 minutes
      enrichPerRun: int('CATALOG_ENRICH_PER_RUN', 500, 1, 100_000),
      // a developer's `npm run local` must not crawl the brands' sites unless asked to
      scheduled: bool('CATALOG_SCHEDULE', appEnv === 'production'),
      schedule: {
        // TJ lists new songs two or three days after release: a daily look in the morning, full walks at night
        tjNew: str('CRON_CATALOG_TJ_NEW', '10 6 * * *'),
        kyNew: str('CRON_CATALOG_KY_NEW', '20 6 * * *'),
        tjFull: str('CRON_CATALOG_TJ_FULL', '0 1 * * 1'),
        // the KY book is ~300 pages plus detail pages at one request a second: its own night
        kyFull: str('CRON_CATALOG_KY_FULL', '0 1 * * 3'),
        tjCharts: str('CRON_CATALOG_TJ_CHARTS', '0 5 * * 1'),
        // after the daily new songs, so this morning's Japanese songs get their readings the same day
        tjEnrich: str('CRON_CATALOG_TJ_ENRICH', '40 6 * * *'),
      },
    },
  };
  problems.push(...trustProxyProblems(env.TRUST_PROXY, appEnv));
  if (problems.length) throw new ConfigError(problems);
  return config;
}
