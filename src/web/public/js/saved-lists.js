// The singer's saved lists as the page knows them: a cached copy of GET /api/lists, one-tap save into the first
// list, and "불렀어요". A version number tells "다음 곡" that its recommendations are out of date.
import { api, auth, koreanError } from './api.js';
import { objectParticle } from './josa.js';
import { toast } from './toast.js';

const DEFAULT_LIST = '내 애창곡';
let cached = null;
let version = 0;

export const listsVersion = () => version;

export async function myLists(force = false) {
  if (!auth.signedIn) return [];
  if (!cached || force) {
    const res = await api('GET', '/api/lists');
    cached = res.ok ? res.body.lists : [];
  }
  return cached;
}

/** After any change to a list (or signing in or out): the next read asks the server again. */
export function listsChanged() {
  cached = null;
  version++;
}

/** One tap: into the first list (created as "내 애창곡" when there is none). */
export async function saveSong(id, title) {
  if (!auth.signedIn) {
    location.hash = '#/login';
    toast('저장하려면 로그인해 주세요.');
    return;
  }
  let lists = await myLists();
  if (!lists.length) {
    const created = await api('POST', '/api/lists', { name: DEFAULT_LIST });
    if (!created.ok) {
      toast(koreanError(created.body, created.status));
      return;
    }
    lists = await myLists(true);
  }
  const res = await api('PUT', `/api/lists/${lists[0].id}/songs/${id}`);
  if (!res.ok) {
    toast(koreanError(res.body, res.status));
    return;
  }
  listsChanged();
  toast(
    res.status === 201
      ? `‘${title}’${objectParticle(title)} ${lists[0].name}에 저장했어요.`
      : `이미 ${lists[0].name}에 있어요.`,
  );
}

/** "불렀어요": a sang event, which recommendations learn from. */
export async function sang(id, title) {
  const res = await api('POST', '/api/events', { kind: 'sang', song_id: Number(id) });
  toast(res.ok ? `‘${title}’ 불렀어요! 추천에 반영할게요.` : koreanError(res.body, res.status));
  if (res.ok) version++;
}
