// The screens behind mailed links and the password reset: e-mail verification (#/verify-email?token=…), "비밀번호 찾기"
// (#/forgot-password) and a new password (#/reset-password?token=…), plus the "인증 메일 다시 보내기" button.
import { api, auth, koreanError } from '../api.js';
import { esc } from '../html.js';
import { updateNav } from '../nav.js';
import { listsChanged } from '../saved-lists.js';
import { toast } from '../toast.js';
import { view } from '../view.js';

let typedEmail = ''; // carried from the login form to "비밀번호 찾기"
export const rememberEmail = (email) => {
  typedEmail = email;
};

/** "이메일 인증이 필요해요" with a button that mails a new link. */
export function verifyNotice(address) {
  return `<div class="notice" id="verify-notice"><p><strong>이메일 인증이 필요해요.</strong> ${esc(address)} 메일함에서 인증 링크를 열어 주세요. 인증하면 사진 인증으로 포인트를 받을 수 있어요.</p>
    <button type="button" data-resend-verify>인증 메일 다시 보내기</button></div>`;
}

/** Any [data-resend-verify] button on the page (app.js hands the clicks here). */
export async function resendVerification(button) {
  button.disabled = true;
  const res = await api('POST', '/api/auth/verify/resend');
  if (!res.ok) {
    button.disabled = false;
    toast(koreanError(res.body, res.status));
    return;
  }
  button.textContent = '인증 메일을 보냈어요';
  toast('인증 메일을 보냈어요. 메일함을 확인해 주세요.');
}

// a link is single use: its token leaves the address bar at once, and what it said is kept for this page
let verifyAnswer = null;
export async function renderVerifyEmail(token) {
  const card = (html) => {
    view.innerHTML = `<section class="card narrow" id="verify-email"><h1>이메일 인증</h1>${html}</section>`;
  };
  if (token) {
    history.replaceState(null, '', '#/verify-email');
    card('<p class="status">확인하는 중…</p>');
    verifyAnswer = await api('POST', '/api/auth/verify', { token });
  }
  const res = verifyAnswer;
  if (!res) {
    card('<p class="error" id="verify-result">인증 링크가 온전하지 않아요. 메일의 링크를 다시 열어 주세요.</p>');
    return;
  }
  if (res.ok) {
    card(`<p class="ok" id="verify-result">이메일을 인증했어요!</p><p>이제 무라벨 제품 사진을 인증하고 포인트를 받을 수 있어요.</p>
      <p>${auth.signedIn ? '<a class="button primary" href="#/me">내 정보</a>' : '<a class="button primary" href="#/login">로그인</a>'}</p>`);
    return;
  }
  const code = res.body && res.body.error && res.body.error.code;
  const message =
    code === 'email_taken' ? '다른 계정이 이 이메일을 먼저 인증했어요.' : koreanError(res.body, res.status);
  card(
    `<p class="error" id="verify-result">${esc(message)}</p>${
      code !== 'link_invalid'
        ? ''
        : auth.signedIn
          ? '<button type="button" data-resend-verify>인증 메일 다시 보내기</button>'
          : '<p><a href="#/login">로그인</a>하면 새 인증 메일을 받을 수 있어요.</p>'
    }`,
  );
}

export function renderForgotPassword() {
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
    if (!res.ok) {
      view.querySelector('#form-error').textContent = koreanError(res.body, res.status);
      return;
    }
    // the same answer whether or not an account has the address
    form.outerHTML = `<p class="ok" id="forgot-result">${esc(form.email.value.trim())} 주소로 가입한 계정이 있으면 비밀번호 재설정 링크를 보냈어요.</p>
      <p class="hint">메일함을 확인해 주세요. 링크는 1시간 동안 쓸 수 있어요. 메일이 안 보이면 스팸함도 확인해 주세요.</p>
      <p><a href="#/login">로그인으로</a></p>`;
  });
  form.email.focus();
}

let resetToken = null;
export function renderResetPassword(token) {
  if (token) {
    resetToken = token;
    history.replaceState(null, '', '#/reset-password');
  }
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
    if (form.password.value !== form.password2.value) {
      error.textContent = '두 비밀번호가 달라요. 같게 넣어 주세요.';
      return;
    }
    const res = await api('POST', '/api/auth/password-reset/confirm', {
      token: resetToken,
      password: form.password.value,
    });
    if (!res.ok) {
      error.textContent = koreanError(res.body, res.status);
      if (res.body && res.body.error && res.body.error.code === 'link_invalid')
        error.insertAdjacentHTML('beforeend', ' <a href="#/forgot-password">새 링크 받기</a>');
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
