// Writes a synthetic catalog as NDJSON for benchmarks: `npx tsx scripts/generate-catalog.ts --songs 1000000 --out FILE`.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { syntheticCatalog } from '../tools/synthetic/song-catalog';
import { parseFlags } from '../src/platform/cli-flags';
import { createProgressLine } from '../src/platform/progress';

async function main() {
  const { flags } = parseFlags({ songs: 1_000_000, out: '' });
  const songs = flags.songs;
  const out = flags.out || `.cache/bench/catalog-${songs}.ndjson`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const stream = fs.createWriteStream(out);
  let n = 0;
  const line = createProgressLine(process.stderr, '[generate]');
  for (const entry of syntheticCatalog(songs)) {
    if (!stream.write(JSON.stringify(entry) + '\n')) await once(stream, 'drain');
    if (++n % 100_000 === 0) line.update(`${n} entries`);
  }
  stream.end();
  await once(stream, 'finish');
  line.done();
  console.log(`[generate] ${n} entries for ${songs} songs written to ${out}`);
}

void main();
