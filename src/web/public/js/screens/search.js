// The search screen (#/, #/?q=…): suggestions as the singer types, a full search on Enter with genre / nation chips,
// arrow keys through the results. The marked letters are the server's `matches` for each hit.
import { api, koreanError, qs } from '../api.js';
import { esc } from '../html.js';
import { highlight } from '../highlight.js';
import { brand } from '../brand.js';
import { numbers, saveButton } from '../song-card.js';
import { view } from '../view.js';

const NATION_LABEL = { kor: '가요', eng: '팝송', jpn: '일본곡', chn: '중국곡', etc: '기타' };
const SONG_FACETS = [
  ['genre', '장르', (v) => v],
  ['nation', '국가', (v) => NATION_LABEL[v] || v],
];

// kept across screens: coming back to search shows the last results
let searchState = { q: '', items: [], total: 0, mode: 'autocomplete', filters: {}, facets: null };

/** The next search screen runs a full search for q (a trending query, or #/?q=). */
export function presetSearch(q) {
  searchState = { q, items: [], total: 0, mode: 'search', filters: {}, facets: null };
}

/** Filter chips for a full search's facets: a row per facet worth choosing from, the chosen chip pressed. */
function songFilterChips(facets, filters) {
  return SONG_FACETS.map(([key, title, label]) => {
    const values = [...(Array.isArray(facets[key]) ? facets[key] : [])];
    if (filters[key] && !values.some((f) => f.value === filters[key]))
      values.unshift({ value: filters[key], count: null });
    if (values.length < 2 && !filters[key]) return ''; // one value filters nothing
    return `<div class="chip-row" role="group" aria-label="${title}"><span class="chip-title">${title}</span>${values
      .map((f) => {
        const on = filters[key] === f.value;
        return (
          `<button type="button" class="chip${on ? ' selected' : ''}" data-facet="${key}" data-value="${esc(f.value)}" aria-pressed="${on}">` +
          `${esc(label(f.value))}${f.count == null ? '' : ` <span class="count">${f.count}</span>`}</button>`
        );
      })
      .join('')}</div>`;
  }).join('');
}

function songRow(s, i) {
  const matches = s.matches || {};
  return (
    `<li role="option" id="opt-${i}" aria-selected="false" data-id="${s.id}">
    <a class="song" href="#/song/${s.id}" tabindex="-1"><span class="title">${highlight(s.title, matches.title)}</span>` +
    `<span class="artist">${highlight(s.artist, matches.artist)}</span></a>
    ${numbers(s)}${saveButton(s)}</li>`
  );
}

export function renderSearch() {
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
    list.innerHTML = searchState.items.map((s, i) => songRow(s, i)).join('');
    input.setAttribute('aria-expanded', searchState.items.length ? 'true' : 'false');
    input.removeAttribute('aria-activedescendant');
    selected = -1;
    if (!searchState.q) status.textContent = '';
    else if (!searchState.items.length) status.textContent = '결과가 없어요';
    else
      status.textContent =
        searchState.mode === 'search'
          ? `${searchState.total}곡`
          : `추천 ${searchState.items.length}곡 · Enter로 전체 검색`;
    const chips =
      searchState.mode === 'search' && searchState.facets
        ? songFilterChips(searchState.facets, searchState.filters || {})
        : '';
    filtersBox.innerHTML = chips;
    filtersBox.hidden = !chips;
  };

  async function run(q, mode) {
    const id = ++latest;
    if (!q.trim()) {
      searchState = { q: '', items: [], total: 0, mode, filters: {}, facets: null };
      show();
      return;
    }
    const path = mode === 'search' ? '/api/songs/search' : '/api/songs/autocomplete';
    const filters = q === searchState.q ? searchState.filters || {} : {}; // chips belong to one query's results
    try {
      const params = {
        q,
        brand: brand(),
        size: mode === 'search' ? 20 : undefined,
        ...(mode === 'search' ? filters : {}),
      };
      const res = await api('GET', `${path}?${qs(params)}`);
      if (id !== latest) {
        // a newer keystroke already asked; tests wait on this event
        document.dispatchEvent(new CustomEvent('norae:stale-dropped', { detail: { q } }));
        return;
      }
      if (!res.ok) {
        status.textContent = koreanError(res.body, res.status);
        list.innerHTML = '';
        return;
      }
      const facets = mode === 'search' ? res.body.facets || null : null;
      searchState = { q, items: res.body.items, total: res.body.total, mode, filters, facets };
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

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value, 'autocomplete'), 120);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      move(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      move(-1);
    } else if (e.key === 'Escape') {
      input.value = '';
      run('', 'autocomplete');
    } else if (e.key === 'Enter' && selected >= 0) {
      e.preventDefault();
      location.hash = `#/song/${list.querySelectorAll('li')[selected].dataset.id}`;
    }
  });
  view.querySelector('#search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value, 'search');
  });
  filtersBox.addEventListener('click', (e) => {
    const chip = e.target.closest('[data-facet]');
    if (!chip) return;
    const filters = { ...(searchState.filters || {}) };
    if (filters[chip.dataset.facet] === chip.dataset.value) delete filters[chip.dataset.facet];
    else filters[chip.dataset.facet] = chip.dataset.value;
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
  const rerun = () => {
    if (input.value.trim()) run(input.value, searchState.mode);
  };
  if (searchState.q && !searchState.items.length) rerun(); // a preset query
  return { brandChanged: rerun };
}
