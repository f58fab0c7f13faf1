// Talking to the API from the browser: the session is an HttpOnly cookie (scripts never see it) and every write
// echoes the readable CSRF cookie in X-CSRF-Token; the anonymous session id (issued by the server) stays on the
// device; errors in Korean.
import { withObject } from './josa.js';
const SESSION_KEY = 'norae.session';
const CSRF_COOKIE = 'norae_csrf';
localStorage.removeItem('norae.token'); // bearer tokens kept by older versions of this page

const cookie = (name) =>
  document.cookie
    .split('; ')
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);

export const auth = {
  // the server sets the CSRF cookie with the session and drops both together
  get signedIn() {
    return !!cookie(CSRF_COOKIE);
  },
  // sign-ins answer with cookies, not a token: only `null` (signed out) means anything here
  set token(value) {
    if (value === null) document.cookie = `${CSRF_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
  },
};

/** Headers of a write: a signed-in page proves it can read the CSRF cookie. */
function writeHeaders() {
  const csrf = cookie(CSRF_COOKIE);
  return { 'x-norae-session': 'cookie', ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}) };
}

// the anonymous session id comes from POST /api/sessions: only ids the server issued make events count
const ISSUED_SESSION = /^ns_[\w-]{32}$/;
const RETRY_SESSION_MS = 60_000;
let sessionAsk = null; // the one POST /api/sessions in flight, shared by every request waiting for it
let sessionFailedAt = 0;
let fallbackId = null; // while the server cannot issue one: kept in memory, its events are stored but not counted

async function askForSession() {
  try {
    const res = await fetch('/api/sessions', { method: 'POST', headers: writeHeaders() });
    const body = res.ok ? await res.json() : null;
    if (body && ISSUED_SESSION.test(body.session_id)) {
      localStorage.setItem(SESSION_KEY, body.session_id);
      return body.session_id;
    }
  } catch {
    /* offline or refused: the fallback below */
  }
  sessionFailedAt = Date.now();
  fallbackId ??= 'web-' + crypto.randomUUID().replace(/-/g, '').slice(0, 24);
  return fallbackId;
}

async function sessionId() {
  const kept = localStorage.getItem(SESSION_KEY);
  if (kept && ISSUED_SESSION.test(kept)) return kept;
  if (fallbackId && Date.now() - sessionFailedAt < RETRY_SESSION_MS) return fallbackId;
  sessionAsk ??= askForSession().finally(() => {
    sessionAsk = null;
  });
  return sessionAsk;
}

/** Forgets an id the server no longer counts (expired, or made up by an older page): the next request asks for a new one. */
function dropSession(id) {
  if (localStorage.getItem(SESSION_KEY) === id) localStorage.removeItem(SESSION_KEY);
}

const MESSAGES = {
  invalid_credentials: '이메일이나 비밀번호가 맞지 않아요.',
  email_taken: '이미 가입된 이메일이에요. 로그인해 주세요.',
  unauthorized: '로그인이 필요해요.',
  invalid_token: '로그인이 만료됐어요. 다시 로그인해 주세요.',
  list_name_taken: '같은 이름의 목록이 이미 있어요.',
  too_many_lists: '목록은 50개까지 만들 수 있어요.',
  list_full: '한 목록에는 500곡까지 담을 수 있어요.',
  rate_limited: '요청이 너무 많아요. 잠시 후 다시 해 주세요.',
  dependency_unavailable: '서버가 잠시 바빠요. 잠시 후 다시 해 주세요.',
  index_not_ready: '검색 준비 중이에요. 잠시 후 다시 해 주세요.',
  // photo proof refusals, in plain words
  missing_photo: '사진을 골라 주세요.',
  not_an_image: '사진 파일이 아니에요. 카메라로 찍은 사진(JPEG, PNG, HEIC)을 올려 주세요.',
  no_exif_date: '사진에 찍은 날짜 정보가 없어요. 캡처나 편집한 사진 말고 카메라로 찍은 원본을 올려 주세요.',
  not_taken_today: '오늘 찍은 사진만 인증할 수 있어요.',
  duplicate_photo: '이미 인증에 쓴 사진이에요. 새로 찍어 주세요.',
  daily_limit_reached: '오늘 인증할 수 있는 횟수를 다 썼어요. 내일 다시 해 주세요.',
  too_large: '사진이 너무 커요. 더 작은 사진을 올려 주세요.',
  invalid_upload: '사진을 올리지 못했어요. 다시 골라 주세요.',
  email_not_verified: '이메일 인증이 필요해요. 메일로 받은 링크를 열면 포인트를 받을 수 있어요.',
  not_a_photo: '제품 사진으로 볼 수 없어요. 캡처나 작은 이미지 말고 카메라로 찍은 사진을 올려 주세요.',
  object_not_found: '사진에서 제품을 찾지 못했어요. 제품이 보이게 다시 찍어 주세요.',
  malformed_image: '사진 파일이 깨져 있어요. 다른 사진을 올려 주세요.',
  unreadable_image: '사진을 읽을 수 없어요. 다른 사진을 올려 주세요.',
  upload_too_slow: '사진을 올리는 데 너무 오래 걸렸어요. 연결이 좋은 곳에서 다시 해 주세요.',
  address_daily_limit_reached: '이 인터넷 연결에서 오늘 인증할 수 있는 횟수를 다 썼어요. 내일 다시 해 주세요.',
  busy: '지금 사진을 확인하는 사람이 많아요. 잠시 후 다시 해 주세요.',
  // account links and Kakao
  link_invalid: '링크가 잘못됐거나, 이미 썼거나, 기한이 지났어요. 새 링크를 받아 주세요.',
  csrf_failed: '보안 확인에 실패했어요. 페이지를 새로 고친 뒤 다시 해 주세요.',
  invalid_link_ticket: '연결할 시간이 지났어요. 카카오로 다시 로그인해 주세요.',
  already_linked: '이 계정은 이미 다른 카카오 계정과 연결돼 있어요.',
  invalid_state: '로그인을 처음부터 다시 해 주세요.',
  kakao_auth_failed: '카카오 로그인이 취소됐거나 실패했어요.',
  kakao_unavailable: '카카오가 응답하지 않아요. 잠시 후 다시 해 주세요.',
  kakao_not_configured: '지금은 카카오 로그인을 쓸 수 없어요.',
};

const FIELDS = {
  email: '이메일',
  password: '비밀번호',
  gender: '성별',
  birth_year: '태어난 해',
  name: '목록 이름',
  note: '메모',
  key_shift: '키',
};

/** A Korean sentence for an API error body. */
export function koreanError(body, status) {
  const e = body && body.error;
  if (!e) return status >= 500 ? '서버에 문제가 생겼어요.' : '요청을 처리하지 못했어요.';
  if (MESSAGES[e.code]) return MESSAGES[e.code];
  const field = e.details && (e.details.field || e.details.parameter);
  if (field && FIELDS[field]) return `${withObject(FIELDS[field])} 확인해 주세요. (${e.message})`;
  return e.message;
}

/** fetch with our headers; resolves to { ok, status, body } and never throws on HTTP errors. */
export async function api(method, path, body, opts = {}) {
  const session = await sessionId();
  const headers = { 'x-session-id': session, ...(method === 'GET' ? { 'x-norae-session': 'cookie' } : writeHeaders()) };
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers, body: payload, signal: opts.signal });
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (path === '/api/events' && res.ok && parsed && parsed.counted === false) dropSession(session);
  if (
    res.status === 401 &&
    auth.signedIn &&
    parsed &&
    parsed.error &&
    ['invalid_token', 'unauthorized'].includes(parsed.error.code)
  )
    auth.token = null;
  return { ok: res.ok, status: res.status, body: parsed };
}

export const qs = (params) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
