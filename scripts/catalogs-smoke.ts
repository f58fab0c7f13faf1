// An operator's smoke check of the brands' live sites: a handful of polite requests through the real adapters
// (TJ new songs and a chart, KY's first book page, one detail page, the player's new songs), each answer validated
// as a sync would. Tells at once whether a site changed its format, before a nightly sync finds out.
//   npx tsx scripts/catalogs-smoke.ts --live      (reaches CATALOG_TJ_URL, CATALOG_KY_URL, CATALOG_KY_PLAYER_URL)
import { loadConfig } from '../src/platform/config';
import { parseFlags } from '../src/platform/cli-flags';
import { sourcesFromConfig } from '../src/catalogs/sources';
import { monthToDate } from '../src/catalogs/charts-sync';
import type { SourceSong } from '../src/catalogs/source';

// `mayBeEmpty`: a month can start with no new songs yet; an empty book page or chart means the site changed
interface Check {
  name: string;
  mayBeEmpty?: boolean;
  run: () => Promise<{ rows: number; sample?: SourceSong | unknown }>;
}

async function main() {
  const { flags } = parseFlags({ live: false });
  const config = loadConfig();
  if (!flags.live) {
    console.error(
      `[catalogs-smoke] this reaches the brands' sites (${config.catalogs.tjUrl}, ${config.catalogs.kyUrl}, ${config.catalogs.kyPlayerUrl}): run it with --live`,
    );
    process.exit(2);
  }
  const { tj, ky } = sourcesFromConfig(config);
  const period = monthToDate(new Date());
  let firstKy: string | undefined;
  const checks: Check[] = [
    {
      name: 'TJ new songs this month (newSongOfMonth)',
      mayBeEmpty: true,
      run: async () => {
        const p = await tj.newSince(period.from);
        return { rows: p.songs.length, sample: p.songs[0] };
      },
    },
    {
      name: 'TJ TOP chart, month so far (topAndHot100)',
      run: async () => {
        const c = await tj.charts!({ chart: 'TOP', from: period.from, to: period.to, genre: 0 });
        return { rows: c.length, sample: c[0] };
      },
    },
    {
      name: 'KY book, first page (karaoke-book)',
      run: async () => {
        for await (const page of ky.listAll()) {
          firstKy = page.songs[0]?.no;
          return { rows: page.songs.length, sample: page.songs[0] };
        }
        return { rows: 0 };
      },
    },
    {
      name: 'KY detail of the first book number (search)',
      run: async () => {
        const s = firstKy ? await ky.details(firstKy) : null;
        return { rows: s ? 1 : 0, sample: s };
      },
    },
    {
      name: 'KY player new songs (new_ky.asp)',
      mayBeEmpty: true,
      run: async () => {
        const p = await ky.newSince(period.from);
        return { rows: p.songs.length, sample: p.songs[0] };
      },
    },
  ];
  let failed = 0;
  for (const check of checks) {
    try {
      const { rows, sample } = await check.run();
      if (!rows && !check.mayBeEmpty) failed++;
      console.log(
        `[catalogs-smoke] ${rows ? 'ok    ' : check.mayBeEmpty ? 'empty ' : 'EMPTY '} ${check.name}: ${rows} rows${sample ? `, e.g. ${JSON.stringify(sample)}` : ''}`,
      );
    } catch (err) {
      failed++;
      const e = err as { kind?: string; message: string };
      console.log(`[catalogs-smoke] FAILED ${check.name}: ${e.kind ? `${e.kind}: ` : ''}${e.message}`);
    }
  }
  console.log(JSON.stringify({ ok: failed === 0, checks: checks.length, failed }));
  if (failed) process.exitCode = 1;
}

void main();
