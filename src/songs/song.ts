// One song by id, with both machine numbers and its catalog fields (the search keys left out).
import { notFound } from '../platform/errors';
import type { SongIndex } from '../search/songs';
import { SONG_KEY_FIELDS, type SongAnswerSource } from '../search/song-document';

export async function getSong(target: SongIndex, id: number): Promise<SongAnswerSource & Record<string, unknown>> {
  const res = await target.es.search<SongAnswerSource & Record<string, unknown>>({
    index: target.index,
    size: 1,
    query: { term: { id } },
    _source: { excludes: SONG_KEY_FIELDS },
  });
  const hit = res.hits.hits[0];
  if (!hit?._source) throw notFound(`song ${id}`);
  return hit._source;
}
