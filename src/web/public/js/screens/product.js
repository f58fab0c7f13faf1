// A product page (#/product/ID) and its photo proof: a photo taken today of the product, bought or recycled, earns
// points (the server checks the photo's date, duplicates and what a detector sees).
import { api, auth, koreanError } from '../api.js';
import { esc } from '../html.js';
import { view } from '../view.js';
import { NO_LABEL } from './products.js';

export async function renderProduct(id) {
  const res = await api('GET', `/api/products/${id}`);
  if (!res.ok) {
    view.innerHTML = `<section class="card"><h1>${esc(koreanError(res.body, res.status))}</h1></section>`;
    return;
  }
  const p = res.body;
  const points = auth.signedIn ? await api('GET', '/api/me/points') : null;
  view.innerHTML = `<article class="card product-page"><h1>${esc(p.name)}</h1>
    <p class="artist">${esc(p.brand)} · ${esc(p.category)} · <span class="badge ${esc(p.no_label)}">${esc(NO_LABEL[p.no_label] || p.no_label)}</span></p>
    ${p.description ? `<p>${esc(p.description)}</p>` : ''}
    <section aria-labelledby="proof-h"><h2 id="proof-h">사진으로 인증하고 포인트 받기</h2>
    ${
      auth.signedIn
        ? `<p class="points">내 포인트 <strong id="points">${points && points.ok ? points.body.balance : 0}</strong>점</p>
      <form id="proof">
        <fieldset><legend>무엇을 인증할까요?</legend>
          <label class="chip"><input type="radio" name="action" value="purchase" checked> 샀어요</label>
          <label class="chip"><input type="radio" name="action" value="recycle"> 분리배출했어요</label></fieldset>
        <label for="photo">오늘 찍은 제품 사진</label>
        <input id="photo" name="photo" type="file" accept="image/*" capture="environment">
        <p class="hint">카메라로 오늘 찍은 원본 사진만 인정돼요. 같은 사진은 한 번만 쓸 수 있어요.</p>
        <p id="proof-result" role="alert"></p>
        <button class="primary" type="submit">인증하기</button>
      </form>`
        : '<p><a href="#/login">로그인</a>하면 사진으로 인증하고 포인트를 받을 수 있어요.</p>'
    }
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
    const r = await api('POST', `/api/products/${p.id}/proofs`, data).finally(() => {
      submit.disabled = false;
    });
    if (!r.ok) {
      out.className = 'error';
      out.textContent = koreanError(r.body, r.status);
      if (r.body && r.body.error && r.body.error.code === 'email_not_verified') {
        out.insertAdjacentHTML('beforeend', ' <button type="button" data-resend-verify>인증 메일 다시 보내기</button>');
      }
      return;
    }
    out.className = 'ok';
    // 202: kept for an operator, who decides; 201: the detector saw the product
    out.textContent =
      r.body.status === 'pending_review'
        ? '사진을 받았어요. 확인 후 포인트가 들어와요.'
        : `인증됐어요! ${r.body.points}점을 받았어요.`;
    view.querySelector('#points').textContent = r.body.balance;
    form.photo.value = '';
  });
}
