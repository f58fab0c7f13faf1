// Writes a synthetic catalog as NDJSON for benchmarks: `npx tsx scripts/generate-catalog.ts --songs 1000000 --out FILE`.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { syntheticCatalog } from '../src/songs/synthetic-catalog';

async function main() {
  const arg = (name: string, fallback: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
  const songs = Number(arg('songs', '1000000'));
  const out = arg('out', `.cache/bench/catalog-${songs}.ndjson`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const stream = fs.createWriteStream(out);
  let n = 0;
  for (const entry of syntheticCatalog(songs)) {
    if (!stream.write(JSON.stringify(entry) + '\n')) await once(stream, 'drain');
    if (++n % 100_000 === 0) process.stderr.write(`\r[generate] ${n} entries`);
  }
  stream.end();
  await once(stream, 'finish');
  process.stderr.write('\n');
  console.log(`[generate] ${n} entries for ${songs} songs written to ${out}`);
}

void main();
