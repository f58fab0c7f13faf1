// 알림 (#/inbox): "KY에 들어왔어요" messages for watched songs (opening one marks it read) and the songs still awaited.
import { api, auth, koreanError } from '../api.js';
import { esc } from '../html.js';
import { BRAND_LABEL } from '../brand.js';
import { refreshInbox } from '../nav.js';
import { numbers } from '../song-card.js';
import { toast } from '../toast.js';
import { needLogin, view } from '../view.js';

const day = (iso) => new Date(iso).toLocaleDateString('ko-KR', { month: 'long', day: 'numeric' });

export async function renderInbox() {
  if (!auth.signedIn) {
    needLogin('알림은 로그인하면 볼 수 있어요.');
    return;
  }
  const [inbox, watches] = await Promise.all([api('GET', '/api/me/inbox?limit=50'), api('GET', '/api/me/watches')]);
  if (!inbox.ok) {
    view.innerHTML = `<section><h1>알림</h1><p class="error">${esc(koreanError(inbox.body, inbox.status))}</p></section>`;
    return;
  }
  const waiting = watches.ok ? watches.body.watches.filter((w) => w.status === 'waiting') : [];
  view.innerHTML = `<section class="inbox"><h1>알림</h1>
    <ol class="rows" id="inbox">${
      inbox.body.items
        .map(
          (msg) => `<li class="row${msg.read_at ? '' : ' unread'}">
      <a class="song" href="#/song/${msg.song.id ?? ''}" data-read="${msg.id}"><span class="why">${BRAND_LABEL[msg.brand]}에 들어왔어요 · ${day(msg.created_at)}${msg.read_at ? '' : ' · 새 알림'}</span>
      <span class="title">${esc(msg.song.title)}</span><span class="artist">${esc(msg.song.artist)}</span></a>${numbers(msg.song)}</li>`,
        )
        .join('') ||
      '<li class="status">아직 알림이 없어요. 한쪽 기계에만 있는 노래에서 ‘들어오면 알려주세요’를 눌러 보세요.</li>'
    }</ol>
    <h2>기다리는 노래</h2>
    <ol class="rows" id="waiting">${
      waiting
        .map(
          (
            w,
          ) => `<li class="row"><a class="song" href="#/song/${w.song.id ?? ''}"><span class="title">${esc(w.song.title)}</span>
      <span class="artist">${esc(w.song.artist)} · ${BRAND_LABEL[w.brand]} 기다리는 중</span></a>${numbers(w.song)}<button data-unwatch="${w.id}" aria-label="${esc(w.song.title)} 알림 취소">취소</button></li>`,
        )
        .join('') || '<li class="status">기다리는 노래가 없어요.</li>'
    }</ol></section>`;
  view.querySelectorAll('[data-read]').forEach((a) =>
    a.addEventListener('click', async (e) => {
      e.preventDefault();
      await api('POST', `/api/me/inbox/${a.dataset.read}/read`);
      await refreshInbox(true);
      if (a.getAttribute('href') !== '#/song/') location.hash = a.getAttribute('href');
      else renderInbox();
    }),
  );
  view.querySelectorAll('#waiting [data-unwatch]').forEach((el) =>
    el.addEventListener('click', async () => {
      const r = await api('DELETE', `/api/me/watches/${el.dataset.unwatch}`);
      toast(r.ok ? '알림을 취소했어요.' : koreanError(r.body, r.status));
      renderInbox();
    }),
  );
}
