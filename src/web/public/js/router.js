// Hash routes to screens: #/section/part/part?query. Each screen renders itself into <main>; one may hand back a
// handle ({ brandChanged }) for the header's brand switch. After each render the body names the screen and a
// norae:rendered event fires (the browser tests wait on both).
import { markCurrentTab, refreshInbox } from './nav.js';
import { view } from './view.js';
import { renderKakaoLink, renderLogin, renderMe, renderSignup } from './screens/account.js';
import { renderForgotPassword, renderResetPassword, renderVerifyEmail } from './screens/email-links.js';
import { renderInbox } from './screens/inbox.js';
import { renderLists } from './screens/lists.js';
import { renderNew } from './screens/new-songs.js';
import { renderNext } from './screens/next.js';
import { renderProduct } from './screens/product.js';
import { renderProducts } from './screens/products.js';
import { presetSearch, renderSearch } from './screens/search.js';
import { renderSong } from './screens/song.js';
import { renderTrending } from './screens/trending.js';

/** section -> (the path's other parts, the query's parameters) => the screen's handle, if any */
const SCREENS = {
  search: (_parts, params) => {
    if (params.get('q')) presetSearch(params.get('q'));
    return renderSearch();
  },
  song: ([id]) => renderSong(id),
  login: () => renderLogin(),
  signup: () => renderSignup(),
  'forgot-password': () => renderForgotPassword(),
  'reset-password': (_parts, params) => renderResetPassword(params.get('token')),
  'verify-email': (_parts, params) => renderVerifyEmail(params.get('token')),
  'kakao-link': () => renderKakaoLink(),
  me: () => renderMe(),
  lists: ([id]) => renderLists(id),
  next: () => renderNext(),
  trending: () => renderTrending(),
  products: () => renderProducts(),
  product: ([id]) => renderProduct(id),
  new: ([brand, month]) => renderNew(brand, month),
  inbox: () => renderInbox(),
  // room mode is loaded when first opened: most visits never need it
  room: async ([code]) => (await import('./screens/room.js')).renderRoom(code, view),
};

let current = null; // the handle of the screen on view
let routing = 0; // the newest route; a slower, older screen does not take its place

export async function route() {
  const id = ++routing;
  const [path, query] = (location.hash || '#/').slice(1).split('?');
  const [first, ...parts] = path.split('/').filter(Boolean);
  const section = first || 'search';
  markCurrentTab(section);
  current = null;
  refreshInbox();
  const screen = SCREENS[section];
  if (!screen) view.innerHTML = '<section class="card"><h1>없는 페이지예요.</h1><a href="#/">검색으로</a></section>';
  const handle = screen ? await screen(parts, new URLSearchParams(query || '')) : null;
  if (id === routing) current = handle || null;
  document.body.dataset.screen = section;
  document.dispatchEvent(new CustomEvent('norae:rendered', { detail: { section } }));
}

/** The header's brand switch moved: the screen on view answers again for the new brand, if it depends on it. */
export function brandChanged() {
  if (current && current.brandChanged) current.brandChanged();
}
