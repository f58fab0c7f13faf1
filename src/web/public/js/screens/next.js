// 다음 곡 (#/next): recommendations from the saved and sung songs, each saying which saved song it comes from.
// Kept until a list changes or the brand switch moves, since working out the "why" asks for several similar lists.
import { api, auth, koreanError, qs } from '../api.js';
import { esc } from '../html.js';
import { objectParticle } from '../josa.js';
import { brand } from '../brand.js';
import { listsVersion, myLists } from '../saved-lists.js';
import { rowLink } from '../song-card.js';
import { needLogin, view } from '../view.js';

let kept = { version: -1, html: '' };

export async function renderNext() {
  if (!auth.signedIn) {
    needLogin('저장한 노래로 다음 곡을 추천해 드려요. 로그인해 주세요.');
    return undefined;
  }
  const handle = {
    brandChanged: () => {
      kept.version = -1;
      return renderNext();
    },
  };
  view.innerHTML = '<section><h1>다음 곡</h1><p class="status">추천을 고르는 중…</p></section>';
  if (kept.version === listsVersion() && kept.html) {
    view.innerHTML = kept.html;
    return handle;
  }
  const version = listsVersion();
  const [recs, lists] = await Promise.all([
    api('GET', `/api/me/recommendations?${qs({ k: 12, brand: brand() })}`),
    myLists(true),
  ]);
  if (!recs.ok) {
    view.innerHTML = `<section><h1>다음 곡</h1><p class="error">${esc(koreanError(recs.body, recs.status))}</p></section>`;
    return handle;
  }
  // why: the saved song whose "similar" list holds the recommendation
  const saved = [];
  for (const l of lists.slice(0, 3)) {
    const full = await api('GET', `/api/lists/${l.id}`);
    if (full.ok) saved.push(...full.body.songs);
  }
  const because = new Map();
  await Promise.all(
    saved.slice(0, 8).map(async (s) => {
      const sim = await api('GET', `/api/songs/${s.song_id}/similar?k=20`);
      if (sim.ok) for (const x of sim.body.items) if (!because.has(x.id)) because.set(x.id, s.title);
    }),
  );
  const why = (r) =>
    because.has(r.id)
      ? `‘${esc(because.get(r.id))}’${objectParticle(because.get(r.id))} 저장해서`
      : r.source === 'popular'
        ? '나와 비슷한 사람들이 많이 불러서'
        : r.source === 'openai'
          ? '취향을 보고 골랐어요'
          : '저장한 노래와 함께 많이 불려서';
  const items = recs.body.items;
  const html = `<section><h1>다음 곡</h1>
    <p class="hint">${saved.length ? '저장하고 부른 노래를 바탕으로 골랐어요. 목록을 바꾸면 추천도 바뀌어요.' : '아직 저장한 노래가 없어서, 나와 비슷한 사람들이 많이 부르는 노래예요.'}</p>
    <ol class="rows" id="recs">${items.length ? items.map((r) => rowLink(r, `<span class="why">${why(r)}</span>`)).join('') : '<li class="status">추천할 노래를 아직 찾지 못했어요.</li>'}</ol></section>`;
  kept = { version, html };
  if (location.hash.startsWith('#/next')) view.innerHTML = html;
  return handle;
}
