// The singer's app, started by index.html: wires what the whole page shares (the save / 불렀어요 / resend buttons
// on any screen, the brand switch, the header) and hands each hash change to the router.
import { wireBrandSwitch } from './brand.js';
import { updateNav } from './nav.js';
import { brandChanged, route } from './router.js';
import { sang, saveSong } from './saved-lists.js';
import { view } from './view.js';
import { finishKakaoLogin } from './screens/account.js';
import { resendVerification } from './screens/email-links.js';

// clicks anywhere: save and sang buttons carry their song
document.addEventListener('click', (e) => {
  const save = e.target.closest('[data-save]');
  if (save) {
    e.preventDefault();
    e.stopPropagation();
    saveSong(save.dataset.save, save.getAttribute('aria-label').replace(/ 목록에 저장$/, ''));
    return;
  }
  const done = e.target.closest('[data-sang]');
  if (done) {
    e.preventDefault();
    e.stopPropagation();
    sang(done.dataset.sang, done.dataset.title);
    return;
  }
  const resend = e.target.closest('[data-resend-verify]');
  if (resend) {
    e.preventDefault();
    resendVerification(resend);
  }
});

wireBrandSwitch(brandChanged);

window.addEventListener('hashchange', () => {
  route().then(() => {
    if (!location.hash.startsWith('#/') || location.hash === '#/') return;
    view.focus({ preventScroll: true });
  });
});

updateNav();
if (location.pathname === '/login/kakao') finishKakaoLogin();
else route();
