// The song page (#/song/ID): both numbers large, save and "불렀어요", versions (Live / Remix) side by side, similar
// songs, and "KY에 들어오면 알려주세요" when one brand lacks the song.
import { api, auth, koreanError, qs } from '../api.js';
import { esc } from '../html.js';
import { brand, BRAND_LABEL } from '../brand.js';
import { numbers, rowLink, saveButton } from '../song-card.js';
import { toast } from '../toast.js';
import { view } from '../view.js';

const VERSION_TAG = /\((live|remix|inst|mr|acoustic|ver\.?[^)]*)\)/i;
const versionLabel = (s) => {
  const tagged = [s.title, ...(s.alt_titles || [])].map((t) => VERSION_TAG.exec(t)).find(Boolean);
  return tagged ? tagged[1].replace(/^live$/i, 'Live').replace(/^remix$/i, 'Remix') : '원곡';
};
const baseTitle = (t) => t.replace(/\s*\([^)]*\)\s*/g, ' ').trim();

export async function renderSong(id) {
  view.innerHTML = '<p class="status">불러오는 중…</p>';
  const res = await api('GET', `/api/songs/${id}`);
  if (!res.ok) {
    view.innerHTML = `<section class="card"><h1>${esc(koreanError(res.body, res.status))}</h1><a href="#/">검색으로</a></section>`;
    return;
  }
  const s = res.body;
  api('POST', '/api/events', { kind: 'view', song_id: s.id });
  view.innerHTML = `<article class="song-page">
    <h1>${esc(s.title)}</h1><p class="artist">${esc(s.artist)}</p>
    <div class="big">${numbers(s)}</div>
    <div class="actions">${saveButton(s)}<button class="sang" data-sang="${s.id}" data-title="${esc(s.title)}">불렀어요</button></div>
    <div id="watch" class="watch"></div>
    <section aria-labelledby="versions-h"><h2 id="versions-h">버전</h2><div id="versions" class="versions"><p class="status">찾는 중…</p></div></section>
    <section aria-labelledby="similar-h"><h2 id="similar-h">비슷한 노래</h2><ol id="similar" class="rows"><li class="status">찾는 중…</li></ol></section>
  </article>`;
  renderWatch(s);
  const [versions, similar] = await Promise.all([
    // autocomplete, so looking up versions is not counted as a search
    api('GET', `/api/songs/autocomplete?${qs({ q: `${baseTitle(s.title)} ${s.artist}` })}`).then((r) =>
      r.ok ? r.body.items : [],
    ),
    api('GET', `/api/songs/${s.id}/similar?${qs({ k: 6, brand: brand() })}`),
  ]);
  const same = [
    s,
    ...versions.filter((v) => v.id !== s.id && v.artist === s.artist && baseTitle(v.title) === baseTitle(s.title)),
  ];
  const unique = same.filter((v, i) => same.findIndex((x) => x.id === v.id) === i);
  document.getElementById('versions').innerHTML = unique
    .map(
      (
        v,
      ) => `<a class="version${v.id === s.id ? ' current' : ''}" href="#/song/${v.id}"${v.id === s.id ? ' aria-current="page"' : ''}>
    <span class="tag">${esc(versionLabel(v))}</span>${numbers(v)}</a>`,
    )
    .join('');
  const items = similar.ok ? similar.body.items : [];
  document.getElementById('similar').innerHTML = items.length
    ? items.map((x) => rowLink(x)).join('')
    : '<li class="status">아직 비슷한 노래를 모르겠어요.</li>';
}

/** On a song one brand lacks: "KY에 들어오면 알려주세요", or the watch already waiting or arrived. */
async function renderWatch(s) {
  const missing = ['tj', 'ky'].filter((b) => !s[`${b}_no`]);
  let box = document.getElementById('watch');
  if (!box) return;
  if (!auth.signedIn) {
    box.innerHTML = missing.length
      ? `<p class="hint"><a href="#/login">로그인</a>하면 ${BRAND_LABEL[missing[0]]}에 들어올 때 알려 드려요.</p>`
      : '';
    return;
  }
  const res = await api('GET', `/api/me/watches?${qs({ song_id: s.id })}`);
  const watches = res.ok ? res.body.watches : [];
  box = document.getElementById('watch'); // the singer may have left the song meanwhile
  if (!box) return;
  box.innerHTML = [...new Set([...missing, ...watches.map((w) => w.brand)])]
    .map((b) => {
      const w = watches.find((x) => x.brand === b);
      const label = BRAND_LABEL[b];
      if (w && w.status === 'arrived')
        return `<p class="ok">${label}에 들어왔어요! ${label} ${esc(w.song[`${b}_no`])}번</p>`;
      if (w)
        return `<p class="waiting">${label}에 들어오면 알림으로 알려 드릴게요. <button data-unwatch="${w.id}">알림 취소</button></p>`;
      return `<button class="watch-button" data-watch="${b}">${label}에 들어오면 알려주세요</button>`;
    })
    .join('');
  box.querySelectorAll('[data-watch]').forEach((el) =>
    el.addEventListener('click', async () => {
      const r = await api('POST', '/api/me/watches', { song_id: s.id, brand: el.dataset.watch });
      toast(r.ok ? `${BRAND_LABEL[el.dataset.watch]}에 들어오면 알려 드릴게요.` : koreanError(r.body, r.status));
      renderWatch(s);
    }),
  );
  box.querySelectorAll('[data-unwatch]').forEach((el) =>
    el.addEventListener('click', async () => {
      const r = await api('DELETE', `/api/me/watches/${el.dataset.unwatch}`);
      toast(r.ok ? '알림을 취소했어요.' : koreanError(r.body, r.status));
      renderWatch(s);
    }),
  );
}
