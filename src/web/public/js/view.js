// The <main> every screen renders into, and the card a screen shows when it needs a signed-in singer.
import { esc } from './html.js';

export const view = document.getElementById('view');

export function needLogin(message = '로그인하면 쓸 수 있어요.') {
  view.innerHTML = `<section class="card"><h1>${esc(message)}</h1>
    <p><a class="button primary" href="#/login">로그인</a> <a class="button" href="#/signup">회원가입</a></p></section>`;
}
