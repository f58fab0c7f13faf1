// Signing in and the account: login (#/login), signup (#/signup), 내 정보 (#/me), and the Kakao login's return
// (/login/kakao) with linking to an existing account by its password (#/kakao-link).
import { api, auth, koreanError } from '../api.js';
import { esc } from '../html.js';
import { updateNav } from '../nav.js';
import { profileFields, profileValues } from '../profile-fields.js';
import { listsChanged } from '../saved-lists.js';
import { toast } from '../toast.js';
import { needLogin, view } from '../view.js';
import { rememberEmail, verifyNotice } from './email-links.js';

function signedInAs(body) {
  auth.token = body.token;
  listsChanged();
  updateNav();
}

export function renderLogin() {
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
  view.querySelector('#forgot-link').addEventListener('click', () => rememberEmail(form.email.value));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await api('POST', '/api/auth/login', { email: form.email.value, password: form.password.value });
    if (!res.ok) {
      view.querySelector('#form-error').textContent = koreanError(res.body, res.status);
      return;
    }
    signedInAs(res.body);
    toast('로그인했어요.');
    location.hash = '#/';
  });
  form.email.focus();
}

export function renderSignup() {
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
    if (!res.ok) {
      view.querySelector('#form-error').textContent = koreanError(res.body, res.status);
      return;
    }
    signedInAs(res.body);
    toast('가입했어요! 메일로 보낸 링크를 열어 이메일을 인증해 주세요.');
    location.hash = '#/';
  });
  form.email.focus();
}

export async function renderMe() {
  if (!auth.signedIn) {
    renderLogin();
    return;
  }
  const [me, points] = await Promise.all([api('GET', '/api/me'), api('GET', '/api/me/points')]);
  if (!me.ok) {
    needLogin(koreanError(me.body, me.status));
    updateNav();
    return;
  }
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
    if (!res.ok) {
      view.querySelector('#form-error').textContent = koreanError(res.body, res.status);
      return;
    }
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

let kakaoLink = null; // { ticket, email }: a Kakao login found an unverified account with its address

/** Kakao sent the browser to /login/kakao?code=…: the API finishes the login. */
export async function finishKakaoLogin() {
  const params = new URLSearchParams(location.search);
  const res = await api('GET', `/api/auth/kakao/callback?${params}`);
  history.replaceState(null, '', '/');
  const error = res.body && res.body.error;
  if (res.ok) {
    signedInAs(res.body);
    toast('카카오로 로그인했어요.');
    location.hash = '#/';
  } else if (res.status === 409 && error && error.code === 'link_requires_password') {
    kakaoLink = { ticket: error.details.link_ticket, email: error.details.email };
    location.hash = '#/kakao-link';
  } else {
    location.hash = '#/login';
    toast(koreanError(res.body, res.status));
  }
}

/** The Kakao login found an account with the same address: its password links the two. */
export function renderKakaoLink() {
  if (!kakaoLink) {
    location.hash = '#/login';
    return;
  }
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
  view.querySelector('#forgot-link').addEventListener('click', () => rememberEmail(email));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await api('POST', '/api/auth/kakao/link', { ticket, password: form.password.value, session: 'cookie' });
    if (!res.ok) {
      view.querySelector('#form-error').textContent = koreanError(res.body, res.status);
      return;
    }
    kakaoLink = null;
    signedInAs(res.body);
    toast('카카오 계정을 연결했어요.');
    location.hash = '#/';
  });
  form.password.focus();
}
