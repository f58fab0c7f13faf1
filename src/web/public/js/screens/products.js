// 무라벨 (#/products): no-label product search with facets (무라벨, 종류, 브랜드); the marked letters of each name
// are the server's `matches.name`.
import { api, koreanError, qs } from '../api.js';
import { esc } from '../html.js';
import { highlight } from '../highlight.js';
import { view } from '../view.js';

export const NO_LABEL = { full: '무라벨', partial: '일부 무라벨', none: '라벨 있음' };
// kept across screens: coming back from a product shows the same results
const productState = { q: '', filters: {}, result: null };

export async function renderProducts() {
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
    if (!res.ok) {
      view.querySelector('#pstatus').textContent = koreanError(res.body, res.status);
      return;
    }
    productState.result = res.body;
    draw();
  };
  const draw = () => {
    const r = productState.result;
    if (!r) return;
    view.querySelector('#pstatus').textContent = `${r.total}개 제품`;
    view.querySelector('#presults').innerHTML =
      r.items
        .map(
          (p) => `<li class="row"><a class="song" href="#/product/${p.id}">
      <span class="title">${highlight(p.name, p.matches && p.matches.name)}</span>
      <span class="artist">${esc(p.brand)} · ${esc(p.category)}</span></a>
      <span class="badge ${esc(p.no_label)}">${esc(NO_LABEL[p.no_label] || p.no_label)}</span></li>`,
        )
        .join('') || '<li class="status">결과가 없어요</li>';
    const facet = (key, title, label = (v) => v) => {
      const values = r.facets[key] || [];
      if (!values.length) return '';
      return `<fieldset><legend>${title}</legend>${values
        .map(
          (
            f,
            i,
          ) => `<label class="chip"><input type="checkbox" name="${key}" value="${esc(f.value)}"${productState.filters[key] === f.value ? ' checked' : ''} id="f-${key}-${i}">
        ${esc(label(f.value))} <span class="count">${f.count}</span></label>`,
        )
        .join('')}</fieldset>`;
    };
    view.querySelector('#facets').innerHTML =
      facet('no_label', '무라벨', (v) => NO_LABEL[v] || v) + facet('category', '종류') + facet('brand', '브랜드');
    view.querySelectorAll('#facets input').forEach((el) =>
      el.addEventListener('change', () => {
        if (el.checked) productState.filters[el.name] = el.value;
        else delete productState.filters[el.name];
        run();
      }),
    );
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    productState.filters = {};
    run();
  });
  form.pq.focus();
  draw();
}
