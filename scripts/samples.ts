// Loads the shipped sample data and builds the indices (used by `npm run local`).
import type { Deps } from '../src/platform/deps';
import { rebuildIndex } from '../src/platform/index-admin';
import { ingestProductDirectory } from '../src/products/catalog';
import { ingestSongFiles, SAMPLE_SONG_FILES } from '../src/songs/ingest';
import { indexFamilies } from '../src/families';
import { ingestChartFiles, SAMPLE_CHART_FILES } from '../src/songs/charts';
import { scorePopularity } from '../src/songs/popularity';
import { rebuildServing } from '../src/recs/promotion';

export async function loadSamples(deps: Deps): Promise<void> {
  const songs = await ingestSongFiles(deps.pg, SAMPLE_SONG_FILES);
  for (const f of songs.files)
    console.log(
      `[samples] songs ${f.source}: read ${f.read}, inserted ${f.inserted}, updated ${f.updated}, unchanged ${f.unchanged}, rejected ${f.rejected}`,
    );
  if (songs.merge)
    console.log(`[samples] songs merged: ${songs.merge.songs} songs, ${songs.merge.merged} with both numbers`);
  const charts = await ingestChartFiles(deps.pg, SAMPLE_CHART_FILES);
  const scored = await scorePopularity(deps.pg);
  console.log(
    `[samples] charts ${charts.months.join(', ')}: ${scored.scored} songs with a popularity (the rebuild below carries it)`,
  );
  for (const s of await ingestProductDirectory(deps.pg)) console.log(`[samples] products ${JSON.stringify(s)}`);
  for (const family of Object.values(indexFamilies)) {
    const r = await rebuildIndex(deps, family);
    console.log(`[samples] ${family.name}: ${r.indexed} documents indexed into ${r.index} in ${r.ms} ms`);
  }
  // a model promoted in an earlier run keeps serving: its vector index (and lists, when missing) come back too
  const vectors = await rebuildServing(deps, { onlyWhenMissing: true });
  if (typeof vectors === 'object')
    console.log(
      `[samples] song-vectors: ${vectors.index.indexed} vectors of ${vectors.version} into ${vectors.index.index}`,
    );
}
