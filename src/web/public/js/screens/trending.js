// 인기 (#/trending): the top searches of the last hour for the singer's segment (gender, age band) and for everyone,
// with ▲ ▼ NEW marks; a query opens the search screen with it.
import { api, auth, koreanError } from '../api.js';
import { esc } from '../html.js';
import { GENDER_LABELS } from '../profile-fields.js';
import { view } from '../view.js';
import { presetSearch } from './search.js';

const MOVES = {
  up: ['▲', '순위 상승'],
  down: ['▼', '순위 하락'],
  new: ['NEW', '새로 진입'],
  same: ['–', '순위 그대로'],
};
const AGE_LABEL = { '10s': '10대', '20s': '20대', '30s': '30대', '40s': '40대', '50s': '50대', '60s+': '60대 이상' };

function trendList(list, id) {
  if (!list.items.length) return `<p class="status" id="${id}">아직 집계된 검색이 없어요.</p>`;
  return `<ol class="trend" id="${id}">${list.items
    .map((t) => {
      const [mark, label] = MOVES[t.movement] || MOVES.same;
      return `<li><span class="rank">${t.rank}</span><a href="#/?q=${encodeURIComponent(t.query)}" data-query="${esc(t.query)}">${esc(t.query)}</a>
      <span class="move ${t.movement}" aria-label="${label}" title="${label}">${mark}</span></li>`;
    })
    .join('')}</ol>`;
}

export async function renderTrending() {
  view.innerHTML = '<section><h1>지금 인기 검색</h1><p class="status">불러오는 중…</p></section>';
  const [all, mine, me] = await Promise.all([
    api('GET', '/api/trending'),
    auth.signedIn ? api('GET', '/api/me/trending') : Promise.resolve(null),
    auth.signedIn ? api('GET', '/api/me') : Promise.resolve(null),
  ]);
  const p = me && me.ok ? me.body : null;
  const segment =
    p && (p.gender || p.age_band)
      ? [p.age_band && AGE_LABEL[p.age_band], p.gender && GENDER_LABELS[p.gender]].filter(Boolean).join(' ')
      : null;
  const mineHtml = !auth.signedIn
    ? '<p class="hint"><a href="#/login">로그인</a>하고 성별·태어난 해를 알려 주면 내 또래 인기 검색도 보여 드려요.</p>'
    : !segment
      ? '<p class="hint"><a href="#/me">내 정보</a>에서 성별·태어난 해를 알려 주면 내 또래 인기 검색을 보여 드려요.</p>'
      : mine && mine.ok
        ? trendList(mine.body, 'trend-mine')
        : `<p class="error">${esc(koreanError(mine && mine.body, mine && mine.status))}</p>`;
  const allHtml = all.ok
    ? trendList(all.body, 'trend-all')
    : `<p class="error">${esc(koreanError(all.body, all.status))}</p>`;
  view.innerHTML = `<section class="trending"><h1>지금 인기 검색</h1>
    <div class="columns">
      <section aria-labelledby="mine-h"><h2 id="mine-h">${segment ? `${esc(segment)}에서` : '내 또래에서'}</h2>${mineHtml}</section>
      <section aria-labelledby="all-h"><h2 id="all-h">모두에게서</h2>${allHtml}</section>
    </div></section>`;
  view.querySelectorAll('[data-query]').forEach((a) =>
    a.addEventListener('click', (e) => {
      e.preventDefault();
      presetSearch(a.dataset.query);
      location.hash = '#/';
    }),
  );
}
