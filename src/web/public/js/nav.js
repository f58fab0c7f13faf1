// The header and tab bar: which tab is current, 로그인 or 내 정보, and the unread badge beside 알림.
import { api, auth } from './api.js';

const ACCOUNT_SCREENS = new Set(['login', 'signup', 'forgot-password', 'reset-password', 'verify-email', 'kakao-link']);
// screens without a tab of their own light up the tab they belong to
const TAB_OF = { song: 'search', product: 'products' };

export function markCurrentTab(section) {
  const tab = ACCOUNT_SCREENS.has(section) ? 'me' : TAB_OF[section] || section;
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === tab) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

let inboxCheckedAt = 0;
/** The unread badge beside 알림 (asked again at most every 30 s unless forced). */
export async function refreshInbox(force = false) {
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

/** After signing in or out. */
export function updateNav() {
  document.getElementById('nav-me').textContent = auth.signedIn ? '내 정보' : '로그인';
  refreshInbox(true);
}
