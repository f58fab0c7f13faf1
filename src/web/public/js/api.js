// Talking to the API from the browser: bearer token and anonymous session kept on the device, errors in Korean.
import { withObject } from './josa.js';
const TOKEN_KEY = 'norae.token';
const SESSION_KEY = 'norae.session';

export const auth = {
  get token() { return localStorage.getItem(TOKEN_KEY); },
  set token(value) { if (value) localStorage.setItem(TOKEN_KEY, value); else localStorage.removeItem(TOKEN_KEY); },
  get signedIn() { return !!localStorage.getItem(TOKEN_KEY); },
};

function sessionId() {
  let id = localStorage.getItem(SESSION_KEY);
  if (!id) { id = 's-' + crypto.randomUUID().replace(/-/g, '').slice(0, 24); localStorage.setItem(SESSION_KEY, id); }
  return id;
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
};

const FIELDS = { email: '이메일', password: '비밀번호', gender: '성별', birth_year: '태어난 해', name: '목록 이름', note: '메모', key_shift: '키' };

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
  const headers = { 'x-session-id': sessionId() };
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { headers['content-type'] = 'application/json'; payload = JSON.stringify(body); }
  const res = await fetch(path, { method, headers, body: payload, signal: opts.signal });
  const text = await res.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
  if (res.status === 401 && auth.token && parsed && parsed.error && parsed.error.code === 'invalid_token') auth.token = null;
  return { ok: res.ok, status: res.status, body: parsed };
}

export const qs = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
