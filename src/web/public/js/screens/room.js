// Room mode (#/room, #/room/CODE): one karaoke room's shared queue, live on every phone. The room's events arrive as
// server-sent events read with fetch (so the member token goes in a header, never the URL); a dropped connection
// resumes with Last-Event-ID, and each event is applied once, in order.
import { esc } from '../html.js';
import { highlight } from '../highlight.js';
import { toast as showToast } from '../toast.js';

const TOKEN_KEY = (code) => `norae.room.${code}`;
const NAME_KEY = 'norae.room.name';
const toast = (message) => showToast(message, 3000); // room messages stay a little longer
const cookie = (name) =>
  document.cookie
    .split('; ')
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);
const MESSAGES = {
  song_not_on_brand: (e) =>
    `이 방 기계(${e.details.brand.toUpperCase()})에는 없는 곡이에요.${e.details.other_no ? ` ${e.details.other_brand.toUpperCase()} ${e.details.other_no}번` : ''}`,
  room_full: () => '방이 꽉 찼어요.',
  queue_full: () => '예약이 꽉 찼어요.',
  room_closed: () => '닫힌 방이에요.',
  rate_limited: () => '너무 빨라요. 잠시 후 다시 해 주세요.',
  not_found: () => '방을 찾을 수 없어요.',
  not_a_member: () => '먼저 방에 참여해 주세요.',
  forbidden: (e) => e.message,
  unauthorized: () => '로그인이 필요해요.',
};
const errorText = (body) => {
  const e = body && body.error;
  return e ? (MESSAGES[e.code] ? MESSAGES[e.code](e) : e.message) : '요청을 처리하지 못했어요.';
};

let current = null; // the room on screen: { code, token, state, lastSeq, abort }

async function call(method, path, body, token) {
  const headers = { 'x-norae-session': 'cookie' };
  const csrf = cookie('norae_csrf');
  if (csrf && method !== 'GET') headers['x-csrf-token'] = decodeURIComponent(csrf);
  if (token) headers['x-room-token'] = token;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { ok: res.ok, status: res.status, body: text ? JSON.parse(text) : null };
  } catch {
    return { ok: false, status: 0, body: { error: { code: 'offline', message: '연결이 끊겼어요.' } } };
  }
}

/** Applies one event to the room state (the same changes the server made); events already applied are skipped. */
export function applyEvent(state, e) {
  if (e.seq <= state.room.last_seq) return false;
  state.room.last_seq = e.seq;
  const item = (id) => state.queue.find((i) => i.id === id);
  if (e.kind === 'joined') state.members.push(e.member);
  else if (e.kind === 'added') state.queue.push(e.item);
  else if (e.kind === 'moved') {
    const i = item(e.item_id);
    if (i) i.position = e.position;
  } else if (e.kind === 'removed') state.queue = state.queue.filter((i) => i.id !== e.item_id);
  else if (e.kind === 'singing') {
    for (const i of state.queue) if (e.stopped_item_ids.includes(i.id)) i.state = 'queued';
    const i = item(e.item_id);
    if (i) i.state = 'singing';
  } else if (e.kind === 'sang') {
    const i = item(e.item_id);
    if (i) {
      i.state = 'sang';
      i.sang_at = e.sang_at;
      state.queue = state.queue.filter((x) => x !== i);
      state.sang.push(i);
    }
  } else if (e.kind === 'closed') {
    state.room.closed_at = e.at;
    state.room.closed_reason = e.reason;
  }
  state.queue.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : a.id - b.id));
  return true;
}

/** Reads the stream until it ends, then reconnects from the last event seen (backing off while offline). */
async function follow(room) {
  let wait = 500;
  while (current === room && !room.state.room.closed_at) {
    room.abort = new AbortController();
    setLive(false);
    try {
      const res = await fetch(`/api/rooms/${room.code}/stream`, {
        headers: {
          'x-room-token': room.token,
          'last-event-id': String(room.state.room.last_seq),
          'x-norae-session': 'cookie',
        },
        signal: room.abort.signal,
      });
      if (res.status === 410 || res.status === 404) break;
      if (!res.ok || !res.body) throw new Error(String(res.status));
      setLive(true);
      wait = 500;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let at;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const data = frame
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (data && current === room && applyEvent(room.state, JSON.parse(data)))
            onChange(room, JSON.parse(data).kind);
        }
      }
    } catch {
      /* dropped: reconnect below */
    }
    if (current !== room) return;
    setLive(false);
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 8000);
  }
  if (current === room) setLive(room.state.room.closed_at ? 'closed' : false);
}

function setLive(on) {
  const el = document.getElementById('room-live');
  // a closed room has nothing more to follow: no "reconnecting" warning then
  if (el) {
    el.textContent = on === 'closed' ? '' : on ? '실시간' : '다시 연결하는 중…';
    el.dataset.live = on === 'closed' ? 'closed' : on ? 'yes' : 'no';
  }
}

function onChange(room, kind) {
  renderQueue(room);
  if (kind === 'sang' || kind === 'added' || kind === 'removed' || kind === 'closed') loadNext(room);
}

const memoText = (i) =>
  [i.key_shift ? `키 ${i.key_shift > 0 ? '+' : ''}${i.key_shift}` : '', i.note || ''].filter(Boolean).join(' · ');

function renderQueue(room) {
  const s = room.state;
  const me = s.me;
  const closed = !!s.room.closed_at;
  document.getElementById('room-queue').innerHTML = s.queue.length
    ? s.queue
        .map(
          (i, n) => `
    <li class="room-item${i.state === 'singing' ? ' singing' : ''}" data-id="${i.id}">
      <span class="room-number" aria-label="${s.room.brand.toUpperCase()} 번호">${esc(i.number)}</span>
      <span class="room-song"><span class="title">${esc(i.title)}</span><span class="artist">${esc(i.artist)}</span>
        <span class="room-by">${esc(i.added_by_name)}${memoText(i) ? ` · <span class="room-memo">${esc(memoText(i))}</span>` : ''}${i.state === 'singing' ? ' · <strong>지금 부르는 중</strong>' : ''}</span></span>
      ${
        closed
          ? ''
          : `<span class="room-actions">
        <button data-act="up" ${n === 0 ? 'disabled' : ''} aria-label="위로">▲</button><button data-act="down" ${n === s.queue.length - 1 ? 'disabled' : ''} aria-label="아래로">▼</button>
        ${i.state === 'singing' ? '<button data-act="sang" class="primary">불렀어요</button>' : '<button data-act="singing">부르는 중</button>'}
        ${i.added_by === me.id || me.is_creator ? '<button data-act="remove" aria-label="빼기">✕</button>' : ''}</span>`
      }
    </li>`,
        )
        .join('')
    : '<li class="hint">예약된 곡이 없어요. 아래에서 곡을 찾아 넣어 주세요.</li>';
  document.getElementById('room-sang').innerHTML = s.sang
    .map(
      (i) =>
        `<li><span class="room-number small">${esc(i.number)}</span> ${esc(i.title)} <span class="artist">${esc(i.artist)}</span></li>`,
    )
    .join('');
  document.getElementById('room-members').textContent = s.members.map((m) => m.display_name).join(', ');
  document.getElementById('room-closed').hidden = !closed;
  document.getElementById('room-tools').hidden = closed;
  document.querySelector('.room-qr').hidden = closed; // nobody joins a closed room
  document.getElementById('room-share').hidden = closed;
  document.getElementById('room-close').hidden = closed || !me.is_creator;
}

async function act(room, id, what) {
  const s = room.state;
  const at = s.queue.findIndex((i) => i.id === id);
  const base = `/api/rooms/${room.code}/items/${id}`;
  let res;
  if (what === 'up')
    res = await call('PATCH', base, { after_item_id: at >= 2 ? s.queue[at - 2].id : null }, room.token);
  else if (what === 'down') res = await call('PATCH', base, { after_item_id: s.queue[at + 1].id }, room.token);
  else if (what === 'singing') res = await call('POST', `${base}/singing`, undefined, room.token);
  else if (what === 'sang') res = await call('POST', `${base}/sang`, {}, room.token);
  else if (what === 'remove') res = await call('DELETE', base, undefined, room.token);
  if (res && !res.ok) toast(errorText(res.body));
}

async function addSong(room, songId, extra = {}) {
  const res = await call('POST', `/api/rooms/${room.code}/items`, { song_id: songId, ...extra }, room.token);
  if (!res.ok) toast(errorText(res.body));
  else toast(`${res.body.number}번 예약했어요.`);
}

// a search suggestion carries the server's `matches`; list and sing-next picks carry none and are shown plain
const pickRow = (s, button) =>
  `<li class="row" data-id="${s.id}"><span class="room-number small">${esc(s.number ?? '')}</span><span class="room-song"><span class="title">${highlight(s.title, s.matches && s.matches.title)}</span><span class="artist">${highlight(s.artist, s.matches && s.matches.artist)}${s.memo ? ` · <span class="room-memo">${esc(s.memo)}</span>` : ''}</span>${s.reason ? `<span class="room-reason">${esc(s.reason)}</span>` : ''}</span><button data-add="${s.id}"${s.list ? ` data-list="${s.list}"` : ''} data-source="${button}">넣기</button></li>`;

async function loadNext(room) {
  const el = document.getElementById('room-next');
  if (!el || room.state.room.closed_at) return;
  const res = await call('GET', `/api/rooms/${room.code}/next?k=5`, undefined, room.token);
  if (res.ok && current === room) el.innerHTML = res.body.items.map((s) => pickRow(s, 'next')).join('');
}

async function search(room, q) {
  const res = await call('GET', `/api/songs/autocomplete?q=${encodeURIComponent(q)}`);
  const brand = room.state.room.brand;
  document.getElementById('room-results').innerHTML = res.ok
    ? res.body.items
        .slice(0, 8)
        .map((s) =>
          pickRow({ ...s, number: brand === 'tj' ? s.tj_no || `KY ${s.ky_no}` : s.ky_no || `TJ ${s.tj_no}` }, 'search'),
        )
        .join('')
    : '';
}

async function showLists(room) {
  const el = document.getElementById('room-lists');
  const lists = await call('GET', '/api/lists');
  if (!lists.ok) {
    el.innerHTML = '<li class="hint">로그인하면 내 목록에서 넣을 수 있어요.</li>';
    return;
  }
  const songs = [];
  for (const l of lists.body.lists.slice(0, 5)) {
    const full = await call('GET', `/api/lists/${l.id}`);
    if (full.ok)
      for (const s of full.body.songs)
        songs.push({
          id: s.song_id,
          title: s.title,
          artist: s.artist,
          number: room.state.room.brand === 'tj' ? s.tj_no : s.ky_no,
          list: l.id,
          memo: [s.key_shift ? `키 ${s.key_shift > 0 ? '+' : ''}${s.key_shift}` : '', s.note || '']
            .filter(Boolean)
            .join(' · '),
        });
  }
  el.innerHTML = songs.length
    ? songs.map((s) => pickRow(s, 'list')).join('')
    : '<li class="hint">저장한 곡이 없어요.</li>';
}

function renderStart(view) {
  const name = localStorage.getItem(NAME_KEY) || '';
  const brand = document.querySelector('input[name="brand"]:checked')?.value === 'ky' ? 'ky' : 'tj';
  view.innerHTML = `<section class="card room-start"><h1>노래방 같이 예약하기</h1>
    <form id="room-create"><label>내 이름 <input name="name" required maxlength="20" value="${esc(name)}"></label>
      <fieldset><legend>노래방 기계</legend><label><input type="radio" name="rbrand" value="tj"${brand === 'tj' ? ' checked' : ''}> TJ</label> <label><input type="radio" name="rbrand" value="ky"${brand === 'ky' ? ' checked' : ''}> KY</label></fieldset>
      <button class="primary">방 만들기</button></form>
    <form id="room-join-code"><label>방 코드 <input name="code" required maxlength="6" autocapitalize="characters"></label><button>참여</button></form></section>`;
  view.querySelector('#room-create').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    localStorage.setItem(NAME_KEY, f.get('name'));
    const res = await call('POST', '/api/rooms', { brand: f.get('rbrand'), display_name: f.get('name') });
    if (!res.ok) {
      toast(errorText(res.body));
      return;
    }
    localStorage.setItem(TOKEN_KEY(res.body.room.code), res.body.member_token);
    location.hash = `#/room/${res.body.room.code}`;
  });
  view.querySelector('#room-join-code').addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/room/${new FormData(e.target).get('code').toUpperCase()}`;
  });
}

function renderJoin(view, code) {
  view.innerHTML = `<section class="card room-start"><h1>방 ${esc(code)}에 참여</h1>
    <form id="room-join"><label>내 이름 <input name="name" required maxlength="20" value="${esc(localStorage.getItem(NAME_KEY) || '')}"></label><button class="primary">참여하기</button></form></section>`;
  view.querySelector('#room-join').addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = new FormData(e.target).get('name');
    localStorage.setItem(NAME_KEY, name);
    const res = await call('POST', `/api/rooms/${code}/join`, { display_name: name });
    if (!res.ok) {
      toast(errorText(res.body));
      return;
    }
    localStorage.setItem(TOKEN_KEY(code), res.body.member_token);
    renderRoom(code, view);
  });
}

/** #/room (start or enter a code) and #/room/CODE (join by link, then the room). */
export async function renderRoom(rawCode, view) {
  if (current) {
    current.abort?.abort();
    current = null;
  }
  if (!rawCode) {
    renderStart(view);
    return;
  }
  const code = rawCode.toUpperCase();
  const token = localStorage.getItem(TOKEN_KEY(code));
  const res = await call('GET', `/api/rooms/${code}`, undefined, token);
  if (res.status === 401) {
    renderJoin(view, code);
    return;
  }
  if (!res.ok) {
    view.innerHTML = `<section class="card"><h1>${esc(errorText(res.body))}</h1><a href="#/room">새 방 만들기</a></section>`;
    return;
  }
  const room = { code, token, state: res.body };
  current = room;
  const link = `${location.origin}/#/room/${code}`;
  view.innerHTML = `<section class="card room">
    <header class="room-head"><h1>방 <span id="room-code">${esc(code)}</span> <small>${res.body.room.brand.toUpperCase()}</small></h1>
      <span id="room-live" class="room-live"></span>
      <button id="room-share" data-link="${esc(link)}">링크 복사</button></header>
    <figure class="room-qr"><img id="room-qr" src="/api/rooms/${esc(code)}/qr.svg" width="132" height="132" alt="방 ${esc(code)} 참여 QR 코드"><figcaption>친구 폰으로 찍으면 바로 참여해요</figcaption></figure>
    <p class="hint">함께: <span id="room-members"></span></p>
    <div id="room-closed" hidden><p><strong>방이 닫혔어요.</strong></p><button id="room-save" class="primary">부른 곡 목록으로 저장</button></div>
    <h2>예약</h2><ol id="room-queue" class="room-queue"></ol>
    <div id="room-tools">
      <h2>곡 찾기</h2><input id="room-q" type="search" placeholder="제목, 가수, 초성" autocomplete="off"><ul id="room-results" class="room-picks"></ul>
      <h2>다음 곡 추천</h2><ul id="room-next" class="room-picks"></ul>
      <h2><button id="room-show-lists">내 목록에서 넣기</button></h2><ul id="room-lists" class="room-picks"></ul>
      <p><button id="room-close" class="danger">방 닫기</button></p>
    </div>
    <h2>부른 곡</h2><ol id="room-sang" class="room-sang"></ol></section>`;
  renderQueue(room);
  loadNext(room);
  view.querySelector('#room-queue').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-act]');
    if (b) act(room, Number(b.closest('li').dataset.id), b.dataset.act);
  });
  view.querySelector('#room-tools').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-add]');
    if (b)
      addSong(room, Number(b.dataset.add), {
        source: b.dataset.source,
        ...(b.dataset.list ? { list_id: Number(b.dataset.list) } : {}),
      });
  });
  let timer;
  view.querySelector('#room-q').addEventListener('input', (e) => {
    clearTimeout(timer);
    const q = e.target.value.trim();
    timer = setTimeout(() => q && search(room, q), 200);
  });
  view.querySelector('#room-show-lists').addEventListener('click', () => showLists(room));
  view.querySelector('#room-share').addEventListener('click', async (e) => {
    try {
      await navigator.clipboard.writeText(e.target.dataset.link);
      toast('링크를 복사했어요.');
    } catch {
      toast(e.target.dataset.link);
    }
  });
  view.querySelector('#room-close').addEventListener('click', async () => {
    const r = await call('POST', `/api/rooms/${code}/close`, undefined, token);
    if (!r.ok) toast(errorText(r.body));
  });
  view.querySelector('#room-save').addEventListener('click', async () => {
    const r = await call('POST', `/api/rooms/${code}/save-list`, undefined, token);
    toast(r.ok ? `'${r.body.name}' 목록에 ${r.body.songs}곡을 저장했어요.` : errorText(r.body));
  });
  follow(room);
}

window.addEventListener('hashchange', () => {
  if (current && !location.hash.startsWith(`#/room/${current.code}`)) {
    current.abort?.abort();
    current = null;
  }
});
