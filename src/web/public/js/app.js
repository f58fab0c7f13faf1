// The singer's app: hash routes (#/, #/song/1, #/lists, ...) rendered into <main>; each screen is one function.
import { api, auth, koreanError, qs } from './api.js';
import { esc, highlight } from './highlight.js';
import { objectParticle } from './josa.js';

const view = document.getElementById('view');
const toastBox = document.getElementById('toast');
const BRAND_KEY = 'norae.brand';
const DEFAULT_LIST = '내 애창곡';

// ---- small shared pieces ----

let toastTimer;
function toast(message) {
  toastBox.textContent = message;
  toastBox.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => toastBox.classList.remove('show'), 2500);
}

const brand = () => localStorage.getItem(BRAND_KEY) || '';

function numbers(song) {
  const b = brand();
  const one = (key, label, value) => `<span class="num ${key}${value ? '' : ' none'}${b === key ? ' chosen' : ''}" data-brand="${key}">` +
    `<b>${label}</b><span class="no" aria-label="${label} ${value ? esc(value) + '번' : '번호 없음'}">${value ? esc(value) : '—'}</span></span>`;
  return `<div class="nums">${one('tj', 'TJ', song.tj_no)}${one('ky', 'KY', song.ky_no)}</div>`;
}

const songId = (s) => s.id ?? s.song_id;

function saveButton(song) {
  return `<button class="save" data-save="${songId(song)}" aria-label="${esc(song.title)} 목록에 저장">＋ 저장</button>`;
}

function needLogin(message = '로그인하면 쓸 수 있어요.') {
  view.innerHTML = `<section class="card"><h1>${esc(message)}</h1>
    <p><a class="button primary" href="#/login">로그인</a> <a class="button" href="#/signup">회원가입</a></p></section>`;
}

let listsCache = null;
let listsVersion = 0; // bumped on every list change so "다음 곡" knows to refresh
async function myLists(force = false) {
  if (!auth.signedIn) return [];
  if (!listsCache || force) {
    const res = await api('GET', '/api/lists');
    listsCache = res.ok ? res.body.lists : [];
  }
  return listsCache;
}
function listsChanged() { listsCache = null; listsVersion++; }

/** One tap: into the first list (created as "내 애창곡" when there is none). */
async function saveSong(id, title) {
  if (!auth.signedIn) { location.hash = '#/login'; toast('저장하려면 로그인해 주세요.'); return; }
  let lists = await myLists();
  if (!lists.length) {
    const created = await api('POST', '/api/lists', { name: DEFAULT_LIST });
    if (!created.ok) { toast(koreanError(created.body, created.status)); return; }
    lists = await myLists(true);
  }
  const res = await api('PUT', `/api/lists/${lists[0].id}/songs/${id}`);
  if (!res.ok) { toast(koreanError(res.body, res.status)); return; }
  listsChanged();
  toast(res.status === 201 ? `‘${title}’${objectParticle(title)} ${lists[0].name}에 저장했어요.` : `이미 ${lists[0].name}에 있어요.`);
}

async function sang(id, title) {
  const res = await api('POST', '/api/events', { kind: 'sang', song_id: Number(id) });
  toast(res.ok ? `‘${title}’ 불렀어요! 추천에 반영할게요.` : koreanError(res.body, res.status));
  if (res.ok) listsVersion++;
}

// clicks anywhere: save and sang buttons carry their song
document.addEventListener('click', (e) => {
  const save = e.target.closest('[data-save]');
  if (save) { e.preventDefault(); e.stopPropagation(); saveSong(save.dataset.save, save.getAttribute('aria-label').replace(/ 목록에 저장$/, '')); return; }
  const done = e.target.closest('[data-sang]');
  if (done) { e.preventDefault(); e.stopPropagation(); sang(done.dataset.sang, done.dataset.title); return; }
  const resend = e.target.closest('[data-resend-verify]');
  if (resend) { e.preventDefault(); resendVerification(resend); }
});

// ---- search (home) ----

let searchState = { q: '', items: [], total: 0, mode: 'autocomplete', filters: {}, facets: null };

const NATION_LABEL = { kor: '가요', eng: '팝송', jpn: '일본곡', chn: '중국곡', etc: '기타' };
const SONG_FACETS = [['genre', '장르', (v) => v], ['nation', '국가', (v) => NATION_LABEL[v] || v]];

/** Filter chips for a full search's facets: a row per facet worth choosing from, the chosen chip pressed. */
function songFilterChips(facets, filters) {
  return SONG_FACETS.map(([key, title, label]) => {
    const values = [...(Array.isArray(facets[key]) ? facets[key] : [])];
    if (filters[key] && !values.some((f) => f.value === filters[key])) values.unshift({ value: filters[key], count: null });
    if (values.length < 2 && !filters[key]) return ''; // one value filters nothing
    return `<div class="chip-row" role="group" aria-label="${title}"><span class="chip-title">${title}</span>${values.map((f) => {
      const on = filters[key] === f.value;
      return `<button type="button" class="chip${on ? ' selected' : ''}" data-facet="${key}" data-value="${esc(f.value)}" aria-pressed="${on}">` +
        `${esc(label(f.value))}${f.count == null ? '' : ` <span class="count">${f.count}</span>`}</button>`;
    }).join('')}</div>`;
  }).join('');
}

function songRow(s, i, q) {
  const title = highlight(s.title, q, s.highlight && s.highlight.title);
  const artist = highlight(s.artist, q, s.highlight && s.highlight.artist);
  return `<li role="option" id="opt-${i}" aria-selected="false" data-id="${s.id}">
    <a class="song" href="#/song/${s.id}" tabindex="-1"><span class="title">${title}</span><span class="artist">${artist}</span></a>
    ${numbers(s)}${saveButton(s)}</li>`;
}

function renderSearch() {
  view.innerHTML = `<section class="search">
    <h1 class="visually-hidden">노래 검색</h1>
    <form id="search-form" role="search">
      <label for="q" class="visually-hidden">노래 검색</label>
      <input id="q" type="search" autocomplete="off" enterkeyhint="search" spellcheck="false"
        placeholder="제목, 가수, 초성(ㄴㅇㅇㅁ), 번호… 영타(dkdldb)도 돼요"
        role="combobox" aria-controls="results" aria-expanded="false" aria-autocomplete="list">
    </form>
    <div id="song-filters" class="filters" aria-label="검색 결과 거르기" hidden></div>
    <p id="status" class="status" aria-live="polite"></p>
    <ol id="results" role="listbox" aria-label="검색 결과"></ol>
  </section>`;
  const input = view.querySelector('#q');
  const list = view.querySelector('#results');
  const status = view.querySelector('#status');
  const filtersBox = view.querySelector('#song-filters');
  let latest = 0; // id of the newest request; older answers are dropped
  let timer = null;
  let selected = -1;

  const show = () => {
    list.innerHTML = searchState.items.map((s, i) => songRow(s, i, searchState.q)).join('');
    input.setAttribute('aria-expanded', searchState.items.length ? 'true' : 'false');
    input.removeAttribute('aria-activedescendant');
    selected = -1;
    if (!searchState.q) status.textContent = '';
    else if (!searchState.items.length) status.textContent = '결과가 없어요';
    else status.textContent = searchState.mode === 'search' ? `${searchState.total}곡` : `추천 ${searchState.items.length}곡 · Enter로 전체 검색`;
    const chips = searchState.mode === 'search' && searchState.facets ? songFilterChips(searchState.facets, searchState.filters || {}) : '';
    filtersBox.innerHTML = chips;
    filtersBox.hidden = !chips;
  };

  async function run(q, mode) {
    const id = ++latest;
    if (!q.trim()) { searchState = { q: '', items: [], total: 0, mode, filters: {}, facets: null }; show(); return; }
    const path = mode === 'search' ? '/api/songs/search' : '/api/songs/autocomplete';
    const filters = q === searchState.q ? searchState.filters || {} : {}; // chips belong to one query's results
    try {
      const res = await api('GET', `${path}?${qs({ q, brand: brand(), size: mode === 'search' ? 20 : undefined, ...(mode === 'search' ? filters : {}) })}`);
      if (id !== latest) { // a newer keystroke already asked; tests wait on this event
        document.dispatchEvent(new CustomEvent('norae:stale-dropped', { detail: { q } }));
        return;
      }
      if (!res.ok) { status.textContent = koreanError(res.body, res.status); list.innerHTML = ''; return; }
      searchState = { q, items: res.body.items, total: res.body.total, mode, filters, facets: mode === 'search' ? res.body.facets || null : null };
      show();
    } catch {
      if (id === latest) status.textContent = '서버에 연결할 수 없어요';
    }
  }

  function move(delta) {
    const items = list.querySelectorAll('li');
    if (!items.length) return;
    if (selected >= 0) items[selected].setAttribute('aria-selected', 'false');
    selected = (selected + delta + items.length) % items.length;
    items[selected].setAttribute('aria-selected', 'true');
    items[selected].scrollIntoView({ block: 'nearest' });
    input.setAttribute('aria-activedescendant', items[selected].id);
  }

  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => run(input.value, 'autocomplete'), 120); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); move(1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); move(-1); }
    else if (e.key === 'Escape') { input.value = ''; run('', 'autocomplete'); }
    else if (e.key === 'Enter' && selected >= 0) {
      e.preventDefault();
      location.hash = `#/song/${list.querySelectorAll('li')[selected].dataset.id}`;
    }
  });
  view.querySelector('#search-form').addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(timer); run(input.value, 'search'); });
  filtersBox.addEventListener('click', (e) => {
    const chip = e.target.closest('[data-facet]');
    if (!chip) return;
    const filters = { ...(searchState.filters || {}) };
    if (filters[chip.dataset.facet] === chip.dataset.value) delete filters[chip.dataset.facet]; else filters[chip.dataset.facet] = chip.dataset.value;
    searchState = { ...searchState, filters };
    run(searchState.q, 'search');
  });
  list.addEventListener('click', (e) => {
    const li = e.target.closest('li[data-id]');
    if (li && !e.target.closest('button')) location.hash = `#/song/${li.dataset.id}`;
  });
  input.value = searchState.q;
  show();
  input.focus();
  return { rerun: () => { if (input.value.trim()) run(input.value, searchState.mode); } };
}

// ---- song page ----

const VERSION_TAG = /\((live|remix|inst|mr|acoustic|ver\.?[^)]*)\)/i;
const versionLabel = (s) => {
  const tagged = [s.title, ...(s.alt_titles || [])].map((t) => VERSION_TAG.exec(t)).find(Boolean);
  return tagged ? tagged[1].replace(/^live$/i, 'Live').replace(/^remix$/i, 'Remix') : '원곡';
};
const baseTitle = (t) => t.replace(/\s*\([^)]*\)\s*/g, ' ').trim();

async function renderSong(id) {
  view.innerHTML = '<p class="status">불러오는 중…</p>';
  const res = await api('GET', `/api/songs/${id}`);
  if (!res.ok) { view.innerHTML = `<section class="card"><h1>${esc(koreanError(res.body, res.status))}</h1><a href="#/">검색으로</a></section>`; return; }
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
    api('GET', `/api/songs/autocomplete?${qs({ q: `${baseTitle(s.title)} ${s.artist}` })}`).then((r) => (r.ok ? r.body.items : [])),
    api('GET', `/api/songs/${s.id}/similar?${qs({ k: 6, brand: brand() })}`),
  ]);
  const same = [s, ...versions.filter((v) => v.id !== s.id && v.artist === s.artist && baseTitle(v.title) === baseTitle(s.title))];
  const unique = same.filter((v, i) => same.findIndex((x) => x.id === v.id) === i);
  document.getElementById('versions').innerHTML = unique.map((v) => `<a class="version${v.id === s.id ? ' current' : ''}" href="#/song/${v.id}"${v.id === s.id ? ' aria-current="page"' : ''}>
    <span class="tag">${esc(versionLabel(v))}</span>${numbers(v)}</a>`).join('');
  const items = similar.ok ? similar.body.items : [];
  document.getElementById('similar').innerHTML = items.length
    ? items.map((x) => rowLink(x)).join('')
    : '<li class="status">아직 비슷한 노래를 모르겠어요.</li>';
}

function rowLink(s, extra = '') {
  return `<li class="row"><a class="song" href="#/song/${songId(s)}"><span class="title">${esc(s.title)}</span><span class="artist">${esc(s.artist)}</span>${extra}</a>${numbers(s)}${saveButton(s)}</li>`;
}

// ---- accounts ----

const GENDER_LABELS = { female: '여성', male: '남성', other: '기타' };
function profileFields(p = {}) {
  const year = new Date().getFullYear();
  return `<fieldset class="profile"><legend>성별과 태어난 해 (선택)</legend>
    <p class="hint">‘인기’ 탭에서 나와 같은 성별·또래가 지금 많이 찾는 노래를 보여 줄 때만 써요. 다른 사람에게 보이지 않아요.</p>
    <label for="gender">성별</label>
    <select id="gender" name="gender"><option value="">선택 안 함</option>${Object.entries(GENDER_LABELS).map(([v, l]) => `<option value="${v}"${p.gender === v ? ' selected' : ''}>${l}</option>`).join('')}</select>
    <label for="birth_year">태어난 해</label>
    <input id="birth_year" name="birth_year" type="number" inputmode="numeric" min="${year - 120}" max="${year}" placeholder="예: 1995" value="${p.birth_year ?? ''}">
  </fieldset>`;
}
const profileValues = (form) => ({
  gender: form.gender.value || null,
  birth_year: form.birth_year.value ? Number(form.birth_year.value) : null,
});

function signedInAs(body) {
  auth.token = body.token;
  listsChanged();
  updateNav();
}

function renderLogin() {
  view.innerHTML = `<section class="card narrow"><h1>로그인</h1>
    <form id="login" novalidate>
      <label for="email">이메일</label><input id="email" name="email" type="email" autocomplete="email" required>
      <label for="password">비밀번호</label><input id="password" name="password" type="password" autocomplete="current-password" required>
      <p id="form-error" class="error" role="alert"></p>
      <button class="primary" type="submit">로그인</button>
    </form>
    <p><a href="#/forgot-password" id="forgot-link">비밀번호를 잊으셨나요?</a></p>
    <a class="button kakao" href="/api/auth/kakao/start">카카오로 로그인</a>
    <p>처음이세요? <a href="#/signup">회원가입</a></p></section>`;
  const form = view.querySelector('#login');
  view.querySelector('#forgot-link').addEventListener('click', () => { typedEmail = form.email.value; });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await api('POST', '/api/auth/login', { email: form.email.value, password: form.password.value });
    if (!res.ok) { view.querySelector('#form-error').textContent = koreanError(res.body, res.status); return; }
    signedInAs(res.body);
    toast('로그인했어요.');
    location.hash = '#/';
  });
  form.email.focus();
}

function renderSignup() {
  view.innerHTML = `<section class="card narrow"><h1>회원가입</h1>
    <form id="signup" novalidate>
      <label for="email">이메일</label><input id="email" name="email" type="email" autocomplete="email" required>
      <label for="password">비밀번호 <span class="hint">(8자 이상)</span></label><input id="password" name="password" type="password" autocomplete="new-password" minlength="8" required>
      <label for="display_name">이름 <span class="hint">(선택)</span></label><input id="display_name" name="display_name" autocomplete="nickname" maxlength="50">
      ${profileFields()}
      <p id="form-error" class="error" role="alert"></p>
      <button class="primary" type="submit">가입하기</button>
    </form>
    <a class="button kakao" href="/api/auth/kakao/start">카카오로 시작하기</a></section>`;
  const form = view.querySelector('#signup');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { email: form.email.value, password: form.password.value, ...profileValues(form) };
    if (form.display_name.value.trim()) body.display_name = form.display_name.value;
    const res = await api('POST', '/api/auth/signup', body);
    if (!res.ok) { view.querySelector('#form-error').textContent = koreanError(res.body, res.status); return; }
    signedInAs(res.body);
    toast('가입했어요! 메일로 보낸 링크를 열어 이메일을 인증해 주세요.');
    location.hash = '#/';
  });
  form.email.focus();
}

async function renderMe() {
  if (!auth.signedIn) { renderLogin(); return; }
  const [me, points] = await Promise.all([api('GET', '/api/me'), api('GET', '/api/me/points')]);
  if (!me.ok) { needLogin(koreanError(me.body, me.status)); updateNav(); return; }
  const p = me.body;
  view.innerHTML = `<section class="card narrow"><h1>내 정보</h1>
    <p>${esc(p.display_name || p.email || '카카오 계정')}${p.kakao_linked ? ' · 카카오 연결됨' : ''}</p>
    ${!p.email_verified && (p.pending_email || p.email) ? verifyNotice(p.pending_email || p.email) : ''}
    <p class="points">포인트 <strong id="points">${points.ok ? points.body.balance : 0}</strong>점</p>
    <form id="profile">${profileFields(p)}
      <p id="form-error" class="error" role="alert"></p>
      <button class="primary" type="submit">저장</button></form>
    <button id="logout" class="button">로그아웃</button></section>`;
  const form = view.querySelector('#profile');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await api('PATCH', '/api/me', profileValues(form));
    if (!res.ok) { view.querySelector('#form-error').textContent = koreanError(res.body, res.status); return; }
    toast('저장했어요. 인기 탭이 내 또래 기준으로 바뀌어요.');
  });
  view.querySelector('#logout').addEventListener('click', async () => {
    await api('POST', '/api/auth/logout');
    auth.token = null;
    listsChanged();
    updateNav();
    toast('로그아웃했어요.');
    location.hash = '#/';
  });
}

async function finishKakaoLogin() {
  const params = new URLSearchParams(location.search);
  const res = await api('GET', `/api/auth/kakao/callback?${params}`);
  history.replaceState(null, '', '/');
  const error = res.body && res.body.error;
  if (res.ok) { signedInAs(res.body); toast('카카오로 로그인했어요.'); location.hash = '#/'; }
  else if (res.status === 409 && error && error.code === 'link_requires_password') {
    kakaoLink = { ticket: error.details.link_ticket, email: error.details.email };
    location.hash = '#/kakao-link';
  }
  else { location.hash = '#/login'; toast(koreanError(res.body, res.status)); }
}

let kakaoLink = null; // { ticket, email }: a Kakao login found an unverified account with its address

/** The Kakao login found an account with the same address: its password links the two. */
function renderKakaoLink() {
  if (!kakaoLink) { location.hash = '#/login'; return; }
  const { ticket, email } = kakaoLink;
  view.innerHTML = `<section class="card narrow"><h1>카카오 계정 연결</h1>
    <p>${esc(email)} 주소로 가입한 계정이 이미 있어요. 그 계정의 비밀번호를 넣으면 카카오 로그인을 연결해요.</p>
    <form id="kakao-link" novalidate>
      <label for="password">비밀번호</label><input id="password" name="password" type="password" autocomplete="current-password" required>
      <p id="form-error" class="error" role="alert"></p>
      <button class="primary" type="submit">연결하고 로그인</button>
    </form>
    <p class="hint">비밀번호가 기억나지 않으면 <a href="#/forgot-password" id="forgot-link">비밀번호 찾기</a></p></section>`;
  const form = view.querySelector('#kakao-link');
  view.querySelector('#forgot-link').addEventListener('click', () => { typedEmail = email; });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await api('POST', '/api/auth/kakao/link', { ticket, password: form.password.value, session: 'cookie' });
    if (!res.ok) { view.querySelector('#form-error').textContent = koreanError(res.body, res.status); return; }
    kakaoLink = null;
    signedInAs(res.body);
    toast('카카오 계정을 연결했어요.');
    location.hash = '#/';
  });
  form.password.focus();
}

// ---- e-mail verification and password reset (links mailed as #/verify-email?token=… and #/reset-password?token=…) ----

let typedEmail = ''; // carried from the login form to "비밀번호 찾기"

/** "이메일 인증이 필요해요" with a button that mails a new link. */
function verifyNotice(address) {
  return `<div class="notice" id="verify-notice"><p><strong>이메일 인증이 필요해요.</strong> ${esc(address)} 메일함에서 인증 링크를 열어 주세요. 인증하면 사진 인증으로 포인트를 받을 수 있어요.</p>
    <button type="button" data-resend-verify>인증 메일 다시 보내기</button></div>`;
}

async function resendVerification(button) {
  button.disabled = true;
  const res = await api('POST', '/api/auth/verify/resend');
  if (!res.ok) { button.disabled = false; toast(koreanError(res.body, res.status)); return; }
  button.textContent = '인증 메일을 보냈어요';
  toast('인증 메일을 보냈어요. 메일함을 확인해 주세요.');
}

// a link is single use: its token leaves the address bar at once, and what it said is kept for this page
let verifyAnswer = null;
async function renderVerifyEmail(token) {
  const card = (html) => { view.innerHTML = `<section class="card narrow" id="verify-email"><h1>이메일 인증</h1>${html}</section>`; };
  if (token) {
    history.replaceState(null, '', '#/verify-email');
    card('<p class="status">확인하는 중…</p>');
    verifyAnswer = await api('POST', '/api/auth/verify', { token });
  }
  const res = verifyAnswer;
  if (!res) { card('<p class="error" id="verify-result">인증 링크가 온전하지 않아요. 메일의 링크를 다시 열어 주세요.</p>'); return; }
  if (res.ok) {
    card(`<p class="ok" id="verify-result">이메일을 인증했어요!</p><p>이제 무라벨 제품 사진을 인증하고 포인트를 받을 수 있어요.</p>
      <p>${auth.signedIn ? '<a class="button primary" href="#/me">내 정보</a>' : '<a class="button primary" href="#/login">로그인</a>'}</p>`);
    return;
  }
  const code = res.body && res.body.error && res.body.error.code;
  const message = code === 'email_taken' ? '다른 계정이 이 이메일을 먼저 인증했어요.' : koreanError(res.body, res.status);
  card(`<p class="error" id="verify-result">${esc(message)}</p>${code !== 'link_invalid' ? ''
    : auth.signedIn ? '<button type="button" data-resend-verify>인증 메일 다시 보내기</button>'
      : '<p><a href="#/login">로그인</a>하면 새 인증 메일을 받을 수 있어요.</p>'}`);
}

function renderForgotPassword() {
  view.innerHTML = `<section class="card narrow"><h1>비밀번호 찾기</h1>
    <p class="hint">가입한 이메일을 넣으면 비밀번호를 새로 정하는 링크를 보내 드려요.</p>
    <form id="forgot-password" novalidate>
      <label for="email">이메일</label><input id="email" name="email" type="email" autocomplete="email" required value="${esc(typedEmail)}">
      <p id="form-error" class="error" role="alert"></p>
      <button class="primary" type="submit">재설정 링크 받기</button>
    </form></section>`;
  const form = view.querySelector('#forgot-password');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await api('POST', '/api/auth/password-reset', { email: form.email.value });
    if (!res.ok) { view.querySelector('#form-error').textContent = koreanError(res.body, res.status); return; }
    // the same answer whether or not an account has the address
    form.outerHTML = `<p class="ok" id="forgot-result">${esc(form.email.value.trim())} 주소로 가입한 계정이 있으면 비밀번호 재설정 링크를 보냈어요.</p>
      <p class="hint">메일함을 확인해 주세요. 링크는 1시간 동안 쓸 수 있어요. 메일이 안 보이면 스팸함도 확인해 주세요.</p>
      <p><a href="#/login">로그인으로</a></p>`;
  });
  form.email.focus();
}

let resetToken = null;
function renderResetPassword(token) {
  if (token) { resetToken = token; history.replaceState(null, '', '#/reset-password'); }
  if (!resetToken) {
    view.innerHTML = `<section class="card narrow"><h1>비밀번호 재설정</h1><p class="error">재설정 링크가 온전하지 않아요. 메일의 링크를 다시 열거나 새 링크를 받아 주세요.</p>
      <p><a href="#/forgot-password">새 링크 받기</a></p></section>`;
    return;
  }
  view.innerHTML = `<section class="card narrow"><h1>비밀번호 재설정</h1>
    <form id="reset-password" novalidate>
      <label for="password">새 비밀번호 <span class="hint">(8자 이상)</span></label><input id="password" name="password" type="password" autocomplete="new-password" minlength="8" required>
      <label for="password2">새 비밀번호 확인</label><input id="password2" name="password2" type="password" autocomplete="new-password" minlength="8" required>
      <p id="form-error" class="error" role="alert"></p>
      <button class="primary" type="submit">비밀번호 바꾸기</button>
    </form>
    <p class="hint">바꾸면 모든 기기에서 로그아웃돼요.</p></section>`;
  const form = view.querySelector('#reset-password');
  const error = view.querySelector('#form-error');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (form.password.value !== form.password2.value) { error.textContent = '두 비밀번호가 달라요. 같게 넣어 주세요.'; return; }
    const res = await api('POST', '/api/auth/password-reset/confirm', { token: resetToken, password: form.password.value });
    if (!res.ok) {
      error.textContent = koreanError(res.body, res.status);
      if (res.body && res.body.error && res.body.error.code === 'link_invalid') error.insertAdjacentHTML('beforeend', ' <a href="#/forgot-password">새 링크 받기</a>');
      return;
    }
    resetToken = null;
    auth.token = null; // every session of the account ended, this one too
    listsChanged();
    updateNav();
    toast('비밀번호를 바꿨어요. 새 비밀번호로 로그인해 주세요.');
    location.hash = '#/login';
  });
  form.password.focus();
}

// ---- my lists ----

const KEYS = [-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6];
const keyLabel = (k) => (k === 0 ? '원키' : k > 0 ? `+${k}` : `−${-k}`);

async function renderLists(listId) {
  if (!auth.signedIn) { needLogin('내 목록은 로그인하면 쓸 수 있어요.'); return; }
  const lists = await myLists(true);
  const current = lists.find((l) => String(l.id) === String(listId)) || lists[0];
  view.innerHTML = `<section class="lists"><h1>내 목록</h1>
    <div class="list-tabs" role="tablist" aria-label="목록">${lists.map((l) => `<a role="tab" href="#/lists/${l.id}" aria-selected="${current && l.id === current.id}">${esc(l.name)} <span class="count">${l.song_count}</span></a>`).join('')}</div>
    <form id="new-list" class="inline"><label for="list-name" class="visually-hidden">새 목록 이름</label>
      <input id="list-name" name="name" maxlength="100" placeholder="새 목록 이름" required><button type="submit">목록 만들기</button></form>
    <div id="entries">${current ? '' : '<p class="status">아직 목록이 없어요. 검색해서 ＋ 저장을 눌러 보세요.</p>'}</div></section>`;
  view.querySelector('#new-list').addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = e.target.name.value;
    const res = await api('POST', '/api/lists', { name });
    if (!res.ok) { toast(koreanError(res.body, res.status)); return; }
    listsChanged();
    location.hash = `#/lists/${res.body.id}`;
  });
  if (current) await renderEntries(current.id);
}

async function renderEntries(listId, focusSelector) {
  const box = document.getElementById('entries');
  const res = await api('GET', `/api/lists/${listId}`);
  if (!res.ok) { box.innerHTML = `<p class="error">${esc(koreanError(res.body, res.status))}</p>`; return; }
  const list = res.body;
  box.innerHTML = list.songs.length ? `<ol class="entries" aria-label="${esc(list.name)}">${list.songs.map((s, i) => `
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
        <button data-move="${s.song_id}" data-to="${i + 1}" ${i === list.songs.length - 1 ? 'disabled' : ''} aria-label="${esc(s.title)} 아래로">▼</button>
        <button data-sang="${s.song_id}" data-title="${esc(s.title)}" aria-label="${esc(s.title)} 불렀어요">불렀어요</button>
        <button data-remove="${s.song_id}" aria-label="${esc(s.title)} 빼기">✕</button>
      </div>
    </li>`).join('')}</ol>` : '<p class="status">이 목록은 비어 있어요. 검색에서 ＋ 저장을 눌러 담아 보세요.</p>';
  const patch = async (songId, body) => {
    const r = await api('PATCH', `/api/lists/${listId}/songs/${songId}`, body);
    if (!r.ok) toast(koreanError(r.body, r.status));
    return r;
  };
  box.querySelectorAll('[data-key]').forEach((el) => el.addEventListener('change', async () => {
    const value = Number(el.value);
    const r = await patch(el.dataset.key, { key_shift: value === 0 ? null : value });
    if (r.ok) toast(`키 메모: ${keyLabel(value)}`);
  }));
  box.querySelectorAll('[data-note]').forEach((el) => el.addEventListener('change', async () => {
    const r = await patch(el.dataset.note, { note: el.value });
    if (r.ok) toast('메모를 저장했어요.');
  }));
  box.querySelectorAll('[data-move]').forEach((el) => el.addEventListener('click', async () => {
    const r = await patch(el.dataset.move, { position: Number(el.dataset.to) });
    if (!r.ok) return;
    listsChanged();
    const up = Number(el.dataset.to) < [...box.querySelectorAll('li.entry')].findIndex((li) => li.dataset.song === el.dataset.move);
    // keep keyboard focus on the same button of the moved song
    await renderEntries(listId, `[data-move="${el.dataset.move}"][aria-label$="${up ? '위로' : '아래로'}"]`);
  }));
  box.querySelectorAll('[data-remove]').forEach((el) => el.addEventListener('click', async () => {
    const r = await api('DELETE', `/api/lists/${listId}/songs/${el.dataset.remove}`);
    if (!r.ok) { toast(koreanError(r.body, r.status)); return; }
    listsChanged();
    toast('목록에서 뺐어요.');
    renderLists(listId);
  }));
  if (focusSelector) {
    // the same button, or its partner when the song reached the top or the bottom
    const target = box.querySelector(focusSelector);
    const fallback = target && target.closest('li').querySelector('[data-move]:not([disabled])');
    if (target && !target.disabled) target.focus(); else if (fallback) fallback.focus();
  }
}

// ---- sing next ----

let nextCache = { version: -1, html: '' };
async function renderNext() {
  if (!auth.signedIn) { needLogin('저장한 노래로 다음 곡을 추천해 드려요. 로그인해 주세요.'); return; }
  view.innerHTML = '<section><h1>다음 곡</h1><p class="status">추천을 고르는 중…</p></section>';
  if (nextCache.version === listsVersion && nextCache.html) { view.innerHTML = nextCache.html; return; }
  const version = listsVersion;
  const [recs, lists] = await Promise.all([api('GET', `/api/me/recommendations?${qs({ k: 12, brand: brand() })}`), myLists(true)]);
  if (!recs.ok) { view.innerHTML = `<section><h1>다음 곡</h1><p class="error">${esc(koreanError(recs.body, recs.status))}</p></section>`; return; }
  // why: the saved song whose "similar" list holds the recommendation
  const saved = [];
  for (const l of lists.slice(0, 3)) {
    const full = await api('GET', `/api/lists/${l.id}`);
    if (full.ok) saved.push(...full.body.songs);
  }
  const because = new Map();
  await Promise.all(saved.slice(0, 8).map(async (s) => {
    const sim = await api('GET', `/api/songs/${s.song_id}/similar?k=20`);
    if (sim.ok) for (const x of sim.body.items) if (!because.has(x.id)) because.set(x.id, s.title);
  }));
  const why = (r) => (because.has(r.id) ? `‘${esc(because.get(r.id))}’${objectParticle(because.get(r.id))} 저장해서`
    : r.source === 'popular' ? '나와 비슷한 사람들이 많이 불러서' : r.source === 'openai' ? '취향을 보고 골랐어요' : '저장한 노래와 함께 많이 불려서');
  const items = recs.body.items;
  const html = `<section><h1>다음 곡</h1>
    <p class="hint">${saved.length ? '저장하고 부른 노래를 바탕으로 골랐어요. 목록을 바꾸면 추천도 바뀌어요.' : '아직 저장한 노래가 없어서, 나와 비슷한 사람들이 많이 부르는 노래예요.'}</p>
    <ol class="rows" id="recs">${items.length ? items.map((r) => rowLink(r, `<span class="why">${why(r)}</span>`)).join('') : '<li class="status">추천할 노래를 아직 찾지 못했어요.</li>'}</ol></section>`;
  nextCache = { version, html };
  if (location.hash.startsWith('#/next')) view.innerHTML = html;
}

// ---- trending ----

const MOVES = { up: ['▲', '순위 상승'], down: ['▼', '순위 하락'], new: ['NEW', '새로 진입'], same: ['–', '순위 그대로'] };
function trendList(list, id) {
  if (!list.items.length) return `<p class="status" id="${id}">아직 집계된 검색이 없어요.</p>`;
  return `<ol class="trend" id="${id}">${list.items.map((t) => {
    const [mark, label] = MOVES[t.movement] || MOVES.same;
    return `<li><span class="rank">${t.rank}</span><a href="#/?q=${encodeURIComponent(t.query)}" data-query="${esc(t.query)}">${esc(t.query)}</a>
      <span class="move ${t.movement}" aria-label="${label}" title="${label}">${mark}</span></li>`;
  }).join('')}</ol>`;
}
const AGE_LABEL = { '10s': '10대', '20s': '20대', '30s': '30대', '40s': '40대', '50s': '50대', '60s+': '60대 이상' };

async function renderTrending() {
  view.innerHTML = '<section><h1>지금 인기 검색</h1><p class="status">불러오는 중…</p></section>';
  const [all, mine, me] = await Promise.all([
    api('GET', '/api/trending'),
    auth.signedIn ? api('GET', '/api/me/trending') : Promise.resolve(null),
    auth.signedIn ? api('GET', '/api/me') : Promise.resolve(null),
  ]);
  const p = me && me.ok ? me.body : null;
  const segment = p && (p.gender || p.age_band) ? [p.age_band && AGE_LABEL[p.age_band], p.gender && GENDER_LABELS[p.gender]].filter(Boolean).join(' ') : null;
  const mineHtml = !auth.signedIn ? '<p class="hint"><a href="#/login">로그인</a>하고 성별·태어난 해를 알려 주면 내 또래 인기 검색도 보여 드려요.</p>'
    : !segment ? '<p class="hint"><a href="#/me">내 정보</a>에서 성별·태어난 해를 알려 주면 내 또래 인기 검색을 보여 드려요.</p>'
      : mine && mine.ok ? trendList(mine.body, 'trend-mine') : `<p class="error">${esc(koreanError(mine && mine.body, mine && mine.status))}</p>`;
  view.innerHTML = `<section class="trending"><h1>지금 인기 검색</h1>
    <div class="columns">
      <section aria-labelledby="mine-h"><h2 id="mine-h">${segment ? `${esc(segment)}에서` : '내 또래에서'}</h2>${mineHtml}</section>
      <section aria-labelledby="all-h"><h2 id="all-h">모두에게서</h2>${all.ok ? trendList(all.body, 'trend-all') : `<p class="error">${esc(koreanError(all.body, all.status))}</p>`}</section>
    </div></section>`;
  view.querySelectorAll('[data-query]').forEach((a) => a.addEventListener('click', (e) => {
    e.preventDefault();
    searchState = { q: a.dataset.query, items: [], total: 0, mode: 'search' };
    location.hash = '#/';
  }));
}

// ---- products ----

const CATEGORY_LABEL = (c) => c;
const NO_LABEL = { full: '무라벨', partial: '일부 무라벨', none: '라벨 있음' };
let productState = { q: '', filters: {}, result: null };

async function renderProducts() {
  view.innerHTML = `<section class="products"><h1>무라벨 제품</h1>
    <form id="product-search" class="inline" role="search"><label for="pq" class="visually-hidden">제품 검색</label>
      <input id="pq" type="search" enterkeyhint="search" placeholder="예: 무라벨 생수" value="${esc(productState.q)}"><button type="submit">검색</button></form>
    <div class="product-layout"><div id="facets" class="facets"></div><div><p id="pstatus" class="status" aria-live="polite"></p><ol id="presults" class="rows"></ol></div></div>
  </section>`;
  const form = view.querySelector('#product-search');
  const run = async () => {
    const q = form.pq.value.trim();
    productState.q = q;
    if (!q) return;
    const res = await api('GET', `/api/products/search?${qs({ q, ...productState.filters })}`);
    if (!res.ok) { view.querySelector('#pstatus').textContent = koreanError(res.body, res.status); return; }
    productState.result = res.body;
    draw();
  };
  const draw = () => {
    const r = productState.result;
    if (!r) return;
    view.querySelector('#pstatus').textContent = `${r.total}개 제품`;
    view.querySelector('#presults').innerHTML = r.items.map((p) => `<li class="row"><a class="song" href="#/product/${p.id}">
      <span class="title">${highlight(p.name, productState.q, p.highlight && p.highlight.name)}</span>
      <span class="artist">${esc(p.brand)} · ${esc(CATEGORY_LABEL(p.category))}</span></a>
      <span class="badge ${esc(p.no_label)}">${esc(NO_LABEL[p.no_label] || p.no_label)}</span></li>`).join('') || '<li class="status">결과가 없어요</li>';
    const facet = (key, title, label = (v) => v) => {
      const values = r.facets[key] || [];
      if (!values.length) return '';
      return `<fieldset><legend>${title}</legend>${values.map((f, i) => `<label class="chip"><input type="checkbox" name="${key}" value="${esc(f.value)}"${productState.filters[key] === f.value ? ' checked' : ''} id="f-${key}-${i}">
        ${esc(label(f.value))} <span class="count">${f.count}</span></label>`).join('')}</fieldset>`;
    };
    view.querySelector('#facets').innerHTML = facet('no_label', '무라벨', (v) => NO_LABEL[v] || v) + facet('category', '종류') + facet('brand', '브랜드');
    view.querySelectorAll('#facets input').forEach((el) => el.addEventListener('change', () => {
      if (el.checked) productState.filters[el.name] = el.value; else delete productState.filters[el.name];
      run();
    }));
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); productState.filters = {}; run(); });
  form.pq.focus();
  draw();
}

async function renderProduct(id) {
  const res = await api('GET', `/api/products/${id}`);
  if (!res.ok) { view.innerHTML = `<section class="card"><h1>${esc(koreanError(res.body, res.status))}</h1></section>`; return; }
  const p = res.body;
  const points = auth.signedIn ? await api('GET', '/api/me/points') : null;
  view.innerHTML = `<article class="card product-page"><h1>${esc(p.name)}</h1>
    <p class="artist">${esc(p.brand)} · ${esc(p.category)} · <span class="badge ${esc(p.no_label)}">${esc(NO_LABEL[p.no_label] || p.no_label)}</span></p>
    ${p.description ? `<p>${esc(p.description)}</p>` : ''}
    <section aria-labelledby="proof-h"><h2 id="proof-h">사진으로 인증하고 포인트 받기</h2>
    ${auth.signedIn ? `<p class="points">내 포인트 <strong id="points">${points && points.ok ? points.body.balance : 0}</strong>점</p>
      <form id="proof">
        <fieldset><legend>무엇을 인증할까요?</legend>
          <label class="chip"><input type="radio" name="action" value="purchase" checked> 샀어요</label>
          <label class="chip"><input type="radio" name="action" value="recycle"> 분리배출했어요</label></fieldset>
        <label for="photo">오늘 찍은 제품 사진</label>
        <input id="photo" name="photo" type="file" accept="image/*" capture="environment">
        <p class="hint">카메라로 오늘 찍은 원본 사진만 인정돼요. 같은 사진은 한 번만 쓸 수 있어요.</p>
        <p id="proof-result" role="alert"></p>
        <button class="primary" type="submit">인증하기</button>
      </form>` : '<p><a href="#/login">로그인</a>하면 사진으로 인증하고 포인트를 받을 수 있어요.</p>'}
    </section></article>`;
  const form = view.querySelector('#proof');
  if (!form) return;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const out = view.querySelector('#proof-result');
    const submit = form.querySelector('button[type="submit"]');
    const data = new FormData();
    data.append('action', form.action.value);
    if (form.photo.files[0]) data.append('photo', form.photo.files[0]);
    submit.disabled = true; // the photo is checked by a detector: a second tap would only be refused as a duplicate
    out.className = 'status';
    out.textContent = '사진을 확인하는 중…';
    const r = await api('POST', `/api/products/${p.id}/proofs`, data).finally(() => { submit.disabled = false; });
    if (!r.ok) {
      out.className = 'error';
      out.textContent = koreanError(r.body, r.status);
      if (r.body && r.body.error && r.body.error.code === 'email_not_verified') out.insertAdjacentHTML('beforeend', ' <button type="button" data-resend-verify>인증 메일 다시 보내기</button>');
      return;
    }
    out.className = 'ok';
    // 202: kept for an operator, who decides; 201: the detector saw the product
    out.textContent = r.body.status === 'pending_review' ? '사진을 받았어요. 확인 후 포인트가 들어와요.' : `인증됐어요! ${r.body.points}점을 받았어요.`;
    view.querySelector('#points').textContent = r.body.balance;
    form.photo.value = '';
  });
}

// ---- new songs and arrivals ----

const BRAND_LABEL = { tj: 'TJ', ky: 'KY' };
const otherOf = (b) => (b === 'tj' ? 'ky' : 'tj');
const monthLabel = (m) => `${m.slice(0, 4)}년 ${Number(m.slice(5))}월`;
const shiftMonth = (m, by) => { const d = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5)) - 1 + by, 1)); return d.toISOString().slice(0, 7); };

/** The listed brand's number large, the other brand's beside it (or "아직 없어요"). */
function newNumbers(s, b) {
  const o = otherOf(b);
  const other = s[`${o}_no`];
  return `<div class="nums"><span class="num ${b}" data-brand="${b}"><b>${BRAND_LABEL[b]}</b><span class="no">${esc(s.no)}</span></span>` +
    `<span class="num ${o} small${other ? '' : ' none'}" data-brand="${o}"><b>${BRAND_LABEL[o]}</b><span class="no">${other ? esc(other) : '아직 없어요'}</span></span></div>`;
}

async function renderNew(b, month) {
  const chosen = BRAND_LABEL[b] ? b : brand() === 'ky' ? 'ky' : 'tj';
  const asked = /^\d{4}-\d{2}$/.test(month || '') ? month : undefined;
  view.innerHTML = '<section><h1>신곡</h1><p class="status">불러오는 중…</p></section>';
  const load = (offset) => api('GET', `/api/songs/new?${qs({ brand: chosen, month: asked, limit: 50, offset })}`);
  const res = await load(0);
  if (!res.ok) { view.innerHTML = `<section><h1>신곡</h1><p class="error">${esc(koreanError(res.body, res.status))}</p></section>`; return; }
  const m = res.body.month;
  const rows = (items) => items.map((s) => `<li class="row"><a class="song" href="#/song/${s.id}"><span class="title">${esc(s.title)}</span>` +
    `<span class="artist">${esc(s.artist)} · ${Number(s.date.slice(5, 7))}월 ${Number(s.date.slice(8))}일</span></a>${newNumbers(s, chosen)}${saveButton(s)}</li>`).join('');
  view.innerHTML = `<section class="new-songs"><h1>신곡</h1>
    <div class="list-tabs" role="tablist" aria-label="노래방 기계">${['tj', 'ky'].map((x) => `<a role="tab" href="#/new/${x}/${m}" aria-selected="${x === chosen}">${BRAND_LABEL[x]}</a>`).join('')}</div>
    <p class="month-nav"><a href="#/new/${chosen}/${shiftMonth(m, -1)}">‹ 지난달</a><strong id="new-month">${monthLabel(m)} · ${res.body.total}곡</strong><a href="#/new/${chosen}/${shiftMonth(m, 1)}">다음 달 ›</a></p>
    <ol class="rows" id="new-songs">${rows(res.body.items) || `<li class="status">${monthLabel(m)} ${BRAND_LABEL[chosen]} 신곡이 아직 없어요.</li>`}</ol>
    <button id="new-more" class="button"${res.body.items.length < res.body.total ? '' : ' hidden'}>더 보기</button></section>`;
  let shown = res.body.items.length;
  view.querySelector('#new-more').addEventListener('click', async (e) => {
    const more = await load(shown);
    if (!more.ok) { toast(koreanError(more.body, more.status)); return; }
    view.querySelector('#new-songs').insertAdjacentHTML('beforeend', rows(more.body.items));
    shown += more.body.items.length;
    e.target.hidden = shown >= more.body.total;
  });
}

let inboxCheckedAt = 0;
/** The unread badge beside 알림 (asked again at most every 30 s unless forced). */
async function refreshInbox(force = false) {
  const link = document.getElementById('nav-inbox');
  link.hidden = !auth.signedIn;
  if (!auth.signedIn || (!force && Date.now() - inboxCheckedAt < 30_000)) return;
  inboxCheckedAt = Date.now();
  const res = await api('GET', '/api/me/inbox?limit=1');
  const unread = res.ok ? res.body.unread : 0;
  const badge = document.getElementById('inbox-badge');
  badge.hidden = !unread;
  badge.textContent = unread > 99 ? '99+' : String(unread);
  link.setAttribute('aria-label', unread ? `알림, 읽지 않은 알림 ${unread}개` : '알림');
}

/** On a song one brand lacks: "KY에 들어오면 알려주세요", or the watch already waiting or arrived. */
async function renderWatch(s) {
  const missing = ['tj', 'ky'].filter((b) => !s[`${b}_no`]);
  let box = document.getElementById('watch');
  if (!box) return;
  if (!auth.signedIn) {
    box.innerHTML = missing.length ? `<p class="hint"><a href="#/login">로그인</a>하면 ${BRAND_LABEL[missing[0]]}에 들어올 때 알려 드려요.</p>` : '';
    return;
  }
  const res = await api('GET', `/api/me/watches?${qs({ song_id: s.id })}`);
  const watches = res.ok ? res.body.watches : [];
  box = document.getElementById('watch'); // the singer may have left the song meanwhile
  if (!box) return;
  box.innerHTML = [...new Set([...missing, ...watches.map((w) => w.brand)])].map((b) => {
    const w = watches.find((x) => x.brand === b);
    const label = BRAND_LABEL[b];
    if (w && w.status === 'arrived') return `<p class="ok">${label}에 들어왔어요! ${label} ${esc(w.song[`${b}_no`])}번</p>`;
    if (w) return `<p class="waiting">${label}에 들어오면 알림으로 알려 드릴게요. <button data-unwatch="${w.id}">알림 취소</button></p>`;
    return `<button class="watch-button" data-watch="${b}">${label}에 들어오면 알려주세요</button>`;
  }).join('');
  box.querySelectorAll('[data-watch]').forEach((el) => el.addEventListener('click', async () => {
    const r = await api('POST', '/api/me/watches', { song_id: s.id, brand: el.dataset.watch });
    toast(r.ok ? `${BRAND_LABEL[el.dataset.watch]}에 들어오면 알려 드릴게요.` : koreanError(r.body, r.status));
    renderWatch(s);
  }));
  box.querySelectorAll('[data-unwatch]').forEach((el) => el.addEventListener('click', async () => {
    const r = await api('DELETE', `/api/me/watches/${el.dataset.unwatch}`);
    toast(r.ok ? '알림을 취소했어요.' : koreanError(r.body, r.status));
    renderWatch(s);
  }));
}

async function renderInbox() {
  if (!auth.signedIn) { needLogin('알림은 로그인하면 볼 수 있어요.'); return; }
  const [inbox, watches] = await Promise.all([api('GET', '/api/me/inbox?limit=50'), api('GET', '/api/me/watches')]);
  if (!inbox.ok) { view.innerHTML = `<section><h1>알림</h1><p class="error">${esc(koreanError(inbox.body, inbox.status))}</p></section>`; return; }
  const day = (iso) => new Date(iso).toLocaleDateString('ko-KR', { month: 'long', day: 'numeric' });
  const waiting = watches.ok ? watches.body.watches.filter((w) => w.status === 'waiting') : [];
  view.innerHTML = `<section class="inbox"><h1>알림</h1>
    <ol class="rows" id="inbox">${inbox.body.items.map((msg) => `<li class="row${msg.read_at ? '' : ' unread'}">
      <a class="song" href="#/song/${msg.song.id ?? ''}" data-read="${msg.id}"><span class="why">${BRAND_LABEL[msg.brand]}에 들어왔어요 · ${day(msg.created_at)}${msg.read_at ? '' : ' · 새 알림'}</span>
      <span class="title">${esc(msg.song.title)}</span><span class="artist">${esc(msg.song.artist)}</span></a>${numbers(msg.song)}</li>`).join('')
      || '<li class="status">아직 알림이 없어요. 한쪽 기계에만 있는 노래에서 ‘들어오면 알려주세요’를 눌러 보세요.</li>'}</ol>
    <h2>기다리는 노래</h2>
    <ol class="rows" id="waiting">${waiting.map((w) => `<li class="row"><a class="song" href="#/song/${w.song.id ?? ''}"><span class="title">${esc(w.song.title)}</span>
      <span class="artist">${esc(w.song.artist)} · ${BRAND_LABEL[w.brand]} 기다리는 중</span></a>${numbers(w.song)}<button data-unwatch="${w.id}" aria-label="${esc(w.song.title)} 알림 취소">취소</button></li>`).join('')
      || '<li class="status">기다리는 노래가 없어요.</li>'}</ol></section>`;
  view.querySelectorAll('[data-read]').forEach((a) => a.addEventListener('click', async (e) => {
    e.preventDefault();
    await api('POST', `/api/me/inbox/${a.dataset.read}/read`);
    await refreshInbox(true);
    if (a.getAttribute('href') !== '#/song/') location.hash = a.getAttribute('href'); else renderInbox();
  }));
  view.querySelectorAll('#waiting [data-unwatch]').forEach((el) => el.addEventListener('click', async () => {
    const r = await api('DELETE', `/api/me/watches/${el.dataset.unwatch}`);
    toast(r.ok ? '알림을 취소했어요.' : koreanError(r.body, r.status));
    renderInbox();
  }));
}

// ---- routing ----

function updateNav() {
  document.getElementById('nav-me').textContent = auth.signedIn ? '내 정보' : '로그인';
  refreshInbox(true);
}

const ACCOUNT_SCREENS = new Set(['login', 'signup', 'forgot-password', 'reset-password', 'verify-email', 'kakao-link']);
let searchScreen = null;
async function route() {
  const hash = location.hash || '#/';
  const [path, query] = hash.slice(1).split('?');
  const parts = path.split('/').filter(Boolean);
  const section = parts[0] || 'search';
  document.querySelectorAll('[data-nav]').forEach((a) => {
    const active = a.dataset.nav === section || (section === 'song' && a.dataset.nav === 'search') || (section === 'product' && a.dataset.nav === 'products')
      || (ACCOUNT_SCREENS.has(section) && a.dataset.nav === 'me');
    if (active) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  searchScreen = null;
  refreshInbox();
  if (section === 'search') {
    const q = new URLSearchParams(query || '').get('q');
    if (q) searchState = { q, items: [], total: 0, mode: 'search' };
    searchScreen = renderSearch();
    if (searchState.q && !searchState.items.length) searchScreen.rerun();
  }
  else if (section === 'song') await renderSong(parts[1]);
  else if (section === 'login') renderLogin();
  else if (section === 'signup') renderSignup();
  else if (section === 'forgot-password') renderForgotPassword();
  else if (section === 'reset-password') renderResetPassword(new URLSearchParams(query || '').get('token'));
  else if (section === 'verify-email') await renderVerifyEmail(new URLSearchParams(query || '').get('token'));
  else if (section === 'kakao-link') renderKakaoLink();
  else if (section === 'me') await renderMe();
  else if (section === 'lists') await renderLists(parts[1]);
  else if (section === 'next') await renderNext();
  else if (section === 'trending') await renderTrending();
  else if (section === 'products') await renderProducts();
  else if (section === 'product') await renderProduct(parts[1]);
  else if (section === 'new') await renderNew(parts[1], parts[2]);
  else if (section === 'inbox') await renderInbox();
  else if (section === 'room') await (await import('./room.js')).renderRoom(parts[1], view);
  else view.innerHTML = '<section class="card"><h1>없는 페이지예요.</h1><a href="#/">검색으로</a></section>';
  document.body.dataset.screen = section;
  document.dispatchEvent(new CustomEvent('norae:rendered', { detail: { section } }));
}

// brand switch: remembered on this device
const brandInputs = document.querySelectorAll('input[name="brand"]');
brandInputs.forEach((el) => {
  el.checked = el.value === brand();
  el.addEventListener('change', () => {
    localStorage.setItem(BRAND_KEY, el.value);
    if (searchScreen) searchScreen.rerun();
    else if (location.hash.startsWith('#/next')) { nextCache.version = -1; route(); }
  });
});

window.addEventListener('hashchange', () => { route().then(() => { if (!location.hash.startsWith('#/') || location.hash === '#/') return; view.focus({ preventScroll: true }); }); });
updateNav();
if (location.pathname === '/login/kakao') finishKakaoLogin();
else route();
