// 신곡 (#/new, #/new/tj/2025-05): a brand's new songs month by month, its number large and the other brand's beside
// it (or "아직 없어요"), fifty at a time.
import { api, koreanError, qs } from '../api.js';
import { esc } from '../html.js';
import { brand, BRAND_LABEL, otherBrand } from '../brand.js';
import { saveButton } from '../song-card.js';
import { toast } from '../toast.js';
import { view } from '../view.js';

const monthLabel = (m) => `${m.slice(0, 4)}년 ${Number(m.slice(5))}월`;
const shiftMonth = (m, by) => {
  const d = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5)) - 1 + by, 1));
  return d.toISOString().slice(0, 7);
};

/** The listed brand's number large, the other brand's beside it (or "아직 없어요"). */
function newNumbers(s, b) {
  const o = otherBrand(b);
  const other = s[`${o}_no`];
  return (
    `<div class="nums"><span class="num ${b}" data-brand="${b}"><b>${BRAND_LABEL[b]}</b><span class="no">${esc(s.no)}</span></span>` +
    `<span class="num ${o} small${other ? '' : ' none'}" data-brand="${o}"><b>${BRAND_LABEL[o]}</b><span class="no">${other ? esc(other) : '아직 없어요'}</span></span></div>`
  );
}

export async function renderNew(b, month) {
  const chosen = BRAND_LABEL[b] ? b : brand() === 'ky' ? 'ky' : 'tj';
  const asked = /^\d{4}-\d{2}$/.test(month || '') ? month : undefined;
  view.innerHTML = '<section><h1>신곡</h1><p class="status">불러오는 중…</p></section>';
  const load = (offset) => api('GET', `/api/songs/new?${qs({ brand: chosen, month: asked, limit: 50, offset })}`);
  const res = await load(0);
  if (!res.ok) {
    view.innerHTML = `<section><h1>신곡</h1><p class="error">${esc(koreanError(res.body, res.status))}</p></section>`;
    return;
  }
  const m = res.body.month;
  const rows = (items) =>
    items
      .map(
        (s) =>
          `<li class="row"><a class="song" href="#/song/${s.id}"><span class="title">${esc(s.title)}</span>` +
          `<span class="artist">${esc(s.artist)} · ${Number(s.date.slice(5, 7))}월 ${Number(s.date.slice(8))}일</span></a>${newNumbers(s, chosen)}${saveButton(s)}</li>`,
      )
      .join('');
  const tabs = ['tj', 'ky']
    .map((x) => `<a role="tab" href="#/new/${x}/${m}" aria-selected="${x === chosen}">${BRAND_LABEL[x]}</a>`)
    .join('');
  view.innerHTML = `<section class="new-songs"><h1>신곡</h1>
    <div class="list-tabs" role="tablist" aria-label="노래방 기계">${tabs}</div>
    <p class="month-nav"><a href="#/new/${chosen}/${shiftMonth(m, -1)}">‹ 지난달</a><strong id="new-month">${monthLabel(m)} · ${res.body.total}곡</strong><a href="#/new/${chosen}/${shiftMonth(m, 1)}">다음 달 ›</a></p>
    <ol class="rows" id="new-songs">${rows(res.body.items) || `<li class="status">${monthLabel(m)} ${BRAND_LABEL[chosen]} 신곡이 아직 없어요.</li>`}</ol>
    <button id="new-more" class="button"${res.body.items.length < res.body.total ? '' : ' hidden'}>더 보기</button></section>`;
  let shown = res.body.items.length;
  view.querySelector('#new-more').addEventListener('click', async (e) => {
    const more = await load(shown);
    if (!more.ok) {
      toast(koreanError(more.body, more.status));
      return;
    }
    view.querySelector('#new-songs').insertAdjacentHTML('beforeend', rows(more.body.items));
    shown += more.body.items.length;
    e.target.hidden = shown >= more.body.total;
  });
}
