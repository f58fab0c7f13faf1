// Search-as-you-type: debounced requests, stale responses ignored, keyboard navigation.
(function () {
  const input = document.getElementById('q');
  const list = document.getElementById('results');
  const status = document.getElementById('status');
  const tabs = Array.from(document.querySelectorAll('nav button'));
  let scope = 'songs';
  let latest = 0; // id of the newest request; older answers are dropped
  let timer = null;
  let selected = -1;

  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  // highlights come from our API with <em> tags only; everything else is escaped
  const safeHighlight = (html, fallback) => (html ? esc(html).replace(/&lt;em&gt;/g, '<em>').replace(/&lt;\/em&gt;/g, '</em>') : esc(fallback));
  const num = (brand, label, value) => value
    ? `<span class="num ${brand}" data-brand="${brand}"><b>${label}</b>${esc(value)}</span>`
    : `<span class="num none" data-brand="${brand}"><b>${label}</b>—</span>`;

  function renderSongs(items) {
    list.innerHTML = items.map((s, i) => `
      <li role="option" id="opt-${i}" aria-selected="false" data-id="${s.id}">
        <div class="song"><div class="title">${safeHighlight(s.highlight && s.highlight.title, s.title)}</div>
        <div class="artist">${safeHighlight(s.highlight && s.highlight.artist, s.artist)}</div></div>
        <div class="nums">${num('tj', 'TJ', s.tj_no)}${num('ky', 'KY', s.ky_no)}</div>
      </li>`).join('');
  }

  function renderProducts(items) {
    list.innerHTML = items.map((p, i) => `
      <li role="option" id="opt-${i}" aria-selected="false" data-id="${p.id}">
        <div class="song"><div class="title">${safeHighlight(p.highlight && p.highlight.name, p.name)}</div>
        <div class="artist">${esc(p.brand || '')} · ${esc(p.category || '')}${p.no_label ? ' · 무라벨' : ''}</div></div>
      </li>`).join('');
  }

  async function run(q) {
    const id = ++latest;
    if (!q.trim()) { list.innerHTML = ''; status.textContent = ''; input.setAttribute('aria-expanded', 'false'); return; }
    const path = scope === 'songs' ? '/api/songs/search' : '/api/products/search';
    try {
      const res = await fetch(`${path}?size=10&q=${encodeURIComponent(q)}`);
      const body = await res.json();
      if (id !== latest) return; // a newer keystroke already asked
      if (!res.ok) { status.textContent = body.error ? body.error.message : '검색 실패'; list.innerHTML = ''; return; }
      selected = -1;
      (scope === 'songs' ? renderSongs : renderProducts)(body.items);
      status.textContent = body.items.length ? `${body.total}곡 중 ${body.items.length}개 · ${body.took_ms} ms` : '결과가 없어요';
      if (scope === 'products') status.textContent = body.items.length ? `${body.total}개 제품` : '결과가 없어요';
      input.setAttribute('aria-expanded', body.items.length ? 'true' : 'false');
    } catch (e) {
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

  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => run(input.value), 120); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); move(1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); move(-1); }
    else if (e.key === 'Escape') { input.value = ''; run(''); }
  });
  tabs.forEach((t) => t.addEventListener('click', () => {
    scope = t.dataset.scope;
    tabs.forEach((x) => x.setAttribute('aria-selected', String(x === t)));
    run(input.value);
    input.focus();
  }));
})();
