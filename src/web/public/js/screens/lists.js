// 내 목록 (#/lists, #/lists/ID): the singer's named lists as tabs, a new list, and per song a key memo, a note,
// reorder, "불렀어요" and remove; a filter box narrows the list on the page (list-filter.js, no request).
import { api, auth, koreanError } from '../api.js';
import { esc } from '../html.js';
import { highlight } from '../highlight.js';
import { loadHangul, matchSong } from '../list-filter.js';
import { listsChanged, myLists } from '../saved-lists.js';
import { numbers } from '../song-card.js';
import { toast } from '../toast.js';
import { needLogin, view } from '../view.js';

const KEYS = [-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6];
const keyLabel = (k) => (k === 0 ? '원키' : k > 0 ? `+${k}` : `−${-k}`);

// what the filter box holds survives the list being drawn again (a move, a removal), not a change of list
let filter = { listId: null, text: '' };

export async function renderLists(listId) {
  if (!auth.signedIn) {
    needLogin('내 목록은 로그인하면 쓸 수 있어요.');
    return;
  }
  const lists = await myLists(true);
  const current = lists.find((l) => String(l.id) === String(listId)) || lists[0];
  const tabs = lists
    .map(
      (l) =>
        `<a role="tab" href="#/lists/${l.id}" aria-selected="${current && l.id === current.id}">` +
        `${esc(l.name)} <span class="count">${l.song_count}</span></a>`,
    )
    .join('');
  view.innerHTML = `<section class="lists"><h1>내 목록</h1>
    <div class="list-tabs" role="tablist" aria-label="목록">${tabs}</div>
    <form id="new-list" class="inline"><label for="list-name" class="visually-hidden">새 목록 이름</label>
      <input id="list-name" name="name" maxlength="100" placeholder="새 목록 이름" required><button type="submit">목록 만들기</button></form>
    <div id="entries">${current ? '' : '<p class="status">아직 목록이 없어요. 검색해서 ＋ 저장을 눌러 보세요.</p>'}</div></section>`;
  view.querySelector('#new-list').addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = e.target.name.value;
    const res = await api('POST', '/api/lists', { name });
    if (!res.ok) {
      toast(koreanError(res.body, res.status));
      return;
    }
    listsChanged();
    location.hash = `#/lists/${res.body.id}`;
  });
  if (current) await renderEntries(current.id);
}

function entryRow(s, i, count) {
  return `
    <li class="entry" data-song="${s.song_id}">
      <a class="song" href="#/song/${s.song_id}"><span class="title">${esc(s.title)}</span><span class="artist">${esc(s.artist)}</span></a>
      ${numbers(s)}
      <div class="memo">
        <label for="key-${s.song_id}">키</label>
        <select id="key-${s.song_id}" data-key="${s.song_id}">${KEYS.map((k) => `<option value="${k}"${(s.key_shift ?? 0) === k ? ' selected' : ''}>${keyLabel(k)}</option>`).join('')}</select>
        <label for="note-${s.song_id}">메모</label>
        <input id="note-${s.song_id}" data-note="${s.song_id}" maxlength="200" value="${esc(s.note || '')}" placeholder="예: 2절 빠르게">
      </div>
      <div class="entry-actions">
        <button data-move="${s.song_id}" data-to="${i - 1}" ${i === 0 ? 'disabled' : ''} aria-label="${esc(s.title)} 위로">▲</button>
        <button data-move="${s.song_id}" data-to="${i + 1}" ${i === count - 1 ? 'disabled' : ''} aria-label="${esc(s.title)} 아래로">▼</button>
        <button data-sang="${s.song_id}" data-title="${esc(s.title)}" aria-label="${esc(s.title)} 불렀어요">불렀어요</button>
        <button data-remove="${s.song_id}" aria-label="${esc(s.title)} 빼기">✕</button>
      </div>
    </li>`;
}

const filterBox = (text) => `<div class="list-filter">
    <label for="list-filter">이 목록에서 찾기</label>
    <input id="list-filter" type="search" autocomplete="off" spellcheck="false" value="${esc(text)}" placeholder="초성(ㅂㅍㅈ), 제목·가수 일부">
    <p id="list-filter-status" class="status" aria-live="polite"></p></div>`;

/** Shows only the songs the filter finds, their matched letters marked; an empty filter shows them all. */
async function applyFilter(box, songs) {
  const input = box.querySelector('#list-filter');
  const text = input.value;
  const H = text.trim() ? await loadHangul() : null;
  if (input.value !== text || !input.isConnected) return; // a newer keystroke, or the list was drawn again
  let shown = 0;
  box.querySelectorAll('li.entry').forEach((li, i) => {
    const s = songs[i];
    const found = text.trim() ? matchSong(H, text, s) : { title: [], artist: [] };
    li.hidden = !found;
    if (!found) return;
    shown++;
    li.querySelector('.title').innerHTML = highlight(s.title, found.title);
    li.querySelector('.artist').innerHTML = highlight(s.artist, found.artist);
  });
  box.querySelector('#list-filter-status').textContent = !text.trim()
    ? ''
    : shown
      ? `${songs.length}곡 중 ${shown}곡`
      : '맞는 노래가 없어요';
}

async function renderEntries(listId, focusSelector) {
  const box = document.getElementById('entries');
  const res = await api('GET', `/api/lists/${listId}`);
  if (!res.ok) {
    box.innerHTML = `<p class="error">${esc(koreanError(res.body, res.status))}</p>`;
    return;
  }
  const list = res.body;
  if (filter.listId !== listId) filter = { listId, text: '' };
  box.innerHTML = list.songs.length
    ? `${filterBox(filter.text)}<ol class="entries" aria-label="${esc(list.name)}">${list.songs.map((s, i) => entryRow(s, i, list.songs.length)).join('')}</ol>`
    : '<p class="status">이 목록은 비어 있어요. 검색에서 ＋ 저장을 눌러 담아 보세요.</p>';
  const filterInput = box.querySelector('#list-filter');
  if (filterInput) {
    loadHangul(); // fetched while the singer reads the list, so the first keystroke filters at once
    filterInput.addEventListener('input', () => {
      filter.text = filterInput.value;
      applyFilter(box, list.songs);
    });
    if (filter.text) applyFilter(box, list.songs);
  }
  const patch = async (songId, body) => {
    const r = await api('PATCH', `/api/lists/${listId}/songs/${songId}`, body);
    if (!r.ok) toast(koreanError(r.body, r.status));
    return r;
  };
  box.querySelectorAll('[data-key]').forEach((el) =>
    el.addEventListener('change', async () => {
      const value = Number(el.value);
      const r = await patch(el.dataset.key, { key_shift: value === 0 ? null : value });
      if (r.ok) toast(`키 메모: ${keyLabel(value)}`);
    }),
  );
  box.querySelectorAll('[data-note]').forEach((el) =>
    el.addEventListener('change', async () => {
      const r = await patch(el.dataset.note, { note: el.value });
      if (r.ok) toast('메모를 저장했어요.');
    }),
  );
  box.querySelectorAll('[data-move]').forEach((el) =>
    el.addEventListener('click', async () => {
      const r = await patch(el.dataset.move, { position: Number(el.dataset.to) });
      if (!r.ok) return;
      listsChanged();
      const up =
        Number(el.dataset.to) <
        [...box.querySelectorAll('li.entry')].findIndex((li) => li.dataset.song === el.dataset.move);
      // keep keyboard focus on the same button of the moved song
      await renderEntries(listId, `[data-move="${el.dataset.move}"][aria-label$="${up ? '위로' : '아래로'}"]`);
    }),
  );
  box.querySelectorAll('[data-remove]').forEach((el) =>
    el.addEventListener('click', async () => {
      const r = await api('DELETE', `/api/lists/${listId}/songs/${el.dataset.remove}`);
      if (!r.ok) {
        toast(koreanError(r.body, r.status));
        return;
      }
      listsChanged();
      toast('목록에서 뺐어요.');
      renderLists(listId);
    }),
  );
  if (focusSelector) {
    // the same button, or its partner when the song reached the top or the bottom
    const target = box.querySelector(focusSelector);
    const fallback = target && target.closest('li').querySelector('[data-move]:not([disabled])');
    if (target && !target.disabled) target.focus();
    else if (fallback) fallback.focus();
  }
}
