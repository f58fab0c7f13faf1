// Trains the item2vec model by hand (the same function the daily cron job runs), with progress and a summary.
// Usage: npx tsx scripts/train-recs.ts [--force] [--in-process]
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { trainRecs } from '../src/recs/train';
import type { Metrics } from '../src/recs/evaluate';
import { createProgressLine } from '../src/platform/progress';
import { parseFlags } from '../src/platform/cli-flags';

const fmt = (m?: Metrics) =>
  m ? `hit-rate@${m.k} ${m.hitRate.toFixed(4)}  NDCG@${m.k} ${m.ndcg.toFixed(4)}  (${m.cases} cases)` : '-';

async function main() {
  const { flags } = parseFlags({ force: false, 'in-process': false });
  const deps = createDeps(loadConfig());
  try {
    console.log(`[train] params ${JSON.stringify(deps.config.recs)}`);
    const line = createProgressLine(process.stderr, '[train]');
    const s = await trainRecs(deps, {
      force: flags.force,
      inProcess: flags['in-process'],
      onProgress: (p) => {
        if (p.step === 'loaded')
          console.log(
            `[train] ${p.sequences} sequences (${p.lists} lists, ${p.sessions} sessions with ${p.events} events), ${p.testCases} held out`,
          );
        else if (p.step === 'epoch')
          console.log(
            `[train] epoch ${p.progress.epoch}/${p.progress.epochs}: ${p.progress.pairs} pairs, ${p.progress.elapsedMs} ms`,
          );
        else if (p.step === 'neighbours') line.update(`neighbour lists ${p.done}/${p.total}`);
        else if (p.step === 'indexing') line.update(`${p.done} vectors written to the song-vectors index`);
      },
    });
    line.done();
    console.log(
      `[train] model ${s.version}: ${s.stats.vocabulary} songs with vectors; training ${s.stats.trainMs} ms, evaluation ${s.stats.evalMs} ms, total ${s.stats.totalMs} ms`,
    );
    console.log(`[train]   item2vec    ${fmt(s.metrics.model)}`);
    console.log(`[train]   popularity  ${fmt(s.metrics.popularity)}`);
    if (s.metrics.current)
      console.log(`[train]   current     ${fmt(s.metrics.current)}  (${s.metrics.current.version})`);
    console.log(`[train] ${s.promoted ? 'PROMOTED' : 'not promoted'}: ${s.decision}`);
    if (s.serving) {
      const { neighbours, index } = s.serving;
      console.log(
        `[train] ${neighbours.songs} neighbour lists in ${neighbours.ms} ms; ${index.indexed} vectors into ${index.index} (alias ${index.alias}, force-merged) in ${index.ms} ms`,
      );
    }
  } finally {
    await closeDeps(deps);
  }
}

main().catch((err) => {
  console.error(`[train] failed: ${err.message}`);
  process.exit(1);
});
