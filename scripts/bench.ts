// Songs benchmark on the real stack: reindex docs/s and autocomplete latency under a fixed request rate.
// Usage: npx tsx scripts/bench.ts --songs 100000 [--rate 200] [--seconds 30] [--skip-load] [--no-merge]
// Uses its own database (norae_bench) and prefixes; prints a JSON summary for docs/benchmarks.md.
import os from 'node:os';
import { spawn } from 'node:child_process';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/platform/deps';
import { ensureDatabase, migrate } from '../src/platform/migrate';
import { rebuildIndex } from '../src/platform/index-admin';
import { runFixedRate } from '../src/platform/load';
import { songsFamily } from '../src/songs/index-family';
import { syntheticSongRows } from './bench-songs-data';
import { createProgressLine } from '../src/platform/progress';
import { hangulToQwerty, toChoseong } from '../src/korean';
import { composeSyllable, isSyllable, syllableParts } from '../src/korean/hangul';

/** The title with the vowel of its first syllable slipped (ㅏ->ㅓ, others ->ㅏ): a typo where prefix lookups miss. */
function withJamoSlip(title: string): string {
  const chars = [...title];
  const at = chars.findIndex(isSyllable);
  if (at < 0) return title;
  const p = syllableParts(chars[at]);
  chars[at] = composeSyllable({ ...p, medial: p.medial === 'ㅏ' ? 'ㅓ' : 'ㅏ' });
  return chars.join('');
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main() {
  const songs = arg('songs', 100_000);
  const rate = arg('rate', 200);
  const seconds = arg('seconds', 30);
  const port = arg('port', 3999);
  const env = {
    ...process.env,
    APP_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/norae_bench',
    ES_INDEX_PREFIX: 'norae_bench_',
    REDIS_PREFIX: 'norae:bench:',
    CRON_ENABLED: 'false',
    RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
    RATE_LIMIT_AUTOCOMPLETE_PER_MINUTE: '1000000',
    PORT: String(port),
  };
  const config = loadConfig(env);
  await ensureDatabase(config.databaseUrl);
  const deps = createDeps(config);
  await migrate(deps.pg);
  const line = createProgressLine(process.stderr, '[bench]');
  const have = Number((await deps.pg.query('SELECT count(*) FROM songs WHERE deleted_at IS NULL')).rows[0].count);
  if (have !== songs) {
    console.error(`[bench] writing ${songs} synthetic songs to Postgres (had ${have})`);
    await syntheticSongRows(deps.pg, songs, (n) => line.update(`${n} songs written`));
    line.done();
  }
  const reindex = await rebuildIndex(deps, songsFamily, ({ done, elapsedMs }) => {
    line.update(`reindex ${done} docs, ${Math.round((done / Math.max(elapsedMs, 1)) * 1000)} docs/s`);
  });
  line.done();
  // serving runs on a force-merged index (few segments) as after a production rebuild; --no-merge measures it as built
  let mergeMs = 0;
  if (!process.argv.includes('--no-merge')) {
    const t = Date.now();
    await deps.es.indices.forcemerge({ index: reindex.alias, max_num_segments: 1 }, { requestTimeout: 1_800_000 });
    mergeMs = Date.now() - t;
  }
  // every input kind of issue #8, so the measured mix runs every clause: prefixes, numbers with and without a brand,
  // 초성 (whole and mixed with words), both keyboard layouts (half-typed too), jamo typos, pronunciations, romanization
  const rows = (await deps.pg.query<{ id: string; title: string; artist: string; tj_no: string | null; ky_no: string | null }>(
    'SELECT id, title, artist, tj_no, ky_no FROM songs WHERE id % 53 = 0 ORDER BY id LIMIT 1500',
  )).rows;
  const queries: string[] = [];
  for (const [i, r] of rows.entries()) {
    const title = r.title;
    switch (i % 12) {
      case 0: queries.push(title.slice(0, 1 + (i % 4))); break;
      case 1: queries.push(r.artist.slice(0, 2)); break;
      case 2: if (r.tj_no) queries.push(i % 24 === 2 ? `TJ ${r.tj_no}` : r.tj_no); break;
      case 3: if (r.ky_no) queries.push(`금영${r.ky_no}`); break;
      case 4: queries.push(toChoseong(title)); break;
      case 5: queries.push(`${toChoseong(title)} ${r.artist}`); break;
      case 6: queries.push(`${r.artist.slice(0, 3)} ${toChoseong(title)}`); break;
      case 7: { const keys = hangulToQwerty(title); queries.push(keys.slice(0, Math.max(2, Math.ceil(keys.length * 0.6)))); break; }
      case 8: queries.push(`${hangulToQwerty(r.artist)} ${hangulToQwerty(title).slice(0, 3)}`); break;
      case 9: queries.push(withJamoSlip(title)); break;
      case 10: queries.push(`${title} 노래`); break;
      default: queries.push(title.replace(/ /g, '').slice(0, 3));
    }
  }
  const fixed = ['ㄴㅇㅇㅁ', 'ㅂㅍㅈ', 'ㅅㅎㄷ', 'ㄱㅇ', 'ㅅㄹ', 'dkdldb', 'sjdml', 'ㅂㄹㅍㅋ', 'ㅠㅕㅅㅅㄷㄱ', 'ㅡㅐㅜ됴', 'ㄱㄷㅇ ㅍ딮ㄷㅅ',
    '버터', '하우 유 라이크 댓', '퍼미션 투 댄스', '레드벨벳', 'sa rang hae', 'salanghae', 'saranghae', 'tj12345', '태진 12345', 'KY 4567'];
  const paths = [...queries.filter(Boolean), ...fixed].map((q) => `/api/songs/autocomplete?q=${encodeURIComponent(q)}`);
  let load;
  if (!process.argv.includes('--skip-load')) {
    // node itself (not npx) so that killing it stops the API and nothing is orphaned
    const api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    try {
      for (let i = 0; i < 60; i++) {
        const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok).catch(() => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      await runFixedRate({ baseUrl: `http://127.0.0.1:${port}`, paths, rate, seconds: 5 }); // warm-up
      load = await runFixedRate({ baseUrl: `http://127.0.0.1:${port}`, paths, rate, seconds });
    } finally {
      api.kill('SIGTERM');
    }
  }
  await closeDeps(deps);
  const result = {
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    songs,
    reindex: { docs: reindex.indexed, ms: reindex.ms, docsPerSecond: reindex.docsPerSecond },
    forceMergeMs: mergeMs,
    autocomplete: load ? { rate, ...load } : 'skipped',
  };
  console.log(JSON.stringify(result, null, 2));
}

main().catch((err) => { console.error(`[bench] failed: ${err.stack}`); process.exit(1); });
