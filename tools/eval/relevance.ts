// Offline relevance metrics for the song search: mean reciprocal rank and recall@k over a judged query set.
/** A query and the song it must find; a judgement with only an artist accepts any song of that artist. */
export interface Judgement {
  q: string;
  kind: string;
  expect: { title?: string; artist?: string };
}
export interface RankedHit {
  title: string;
  artist: string;
}

export interface RelevanceReport {
  queries: number;
  mrr: number;
  recallAt5: number;
  byKind: Record<string, { queries: number; mrr: number; recallAt5: number }>;
  misses: Array<{ q: string; kind: string; expected: string; got: string[] }>;
}

const same = (a: string, b: string) => a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();

/** 1-based rank of the first hit that is the expected song, or 0 when it is absent. */
export function rankOf(hits: RankedHit[], expect: Judgement['expect']): number {
  const i = hits.findIndex(
    (h) => (!expect.title || same(h.title, expect.title)) && (!expect.artist || same(h.artist, expect.artist)),
  );
  return i + 1;
}

export function relevanceReport(results: Array<{ judgement: Judgement; hits: RankedHit[] }>): RelevanceReport {
  const byKind: RelevanceReport['byKind'] = {};
  const misses: RelevanceReport['misses'] = [];
  let rrSum = 0;
  let recallSum = 0;
  for (const { judgement, hits } of results) {
    const rank = rankOf(hits, judgement.expect);
    const rr = rank ? 1 / rank : 0;
    const recall = rank >= 1 && rank <= 5 ? 1 : 0;
    rrSum += rr;
    recallSum += recall;
    const k = (byKind[judgement.kind] ??= { queries: 0, mrr: 0, recallAt5: 0 });
    k.queries++;
    k.mrr += rr;
    k.recallAt5 += recall;
    if (!recall)
      misses.push({
        q: judgement.q,
        kind: judgement.kind,
        expected: `${judgement.expect.title} / ${judgement.expect.artist ?? '*'}`,
        got: hits.slice(0, 5).map((h) => `${h.title} / ${h.artist}`),
      });
  }
  for (const k of Object.values(byKind)) {
    k.mrr /= k.queries;
    k.recallAt5 /= k.queries;
  }
  const n = Math.max(results.length, 1);
  return { queries: results.length, mrr: rrSum / n, recallAt5: recallSum / n, byKind, misses };
}
