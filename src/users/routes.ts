// Accounts (/api/auth/*, /api/me) and saved song lists (/api/lists/*): contracts declared once; handlers read input,
// call one function, shape output.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { defineRoute, idParam, route, z, type RouteSpec } from '../platform/api';
import { recordEvent } from '../events/store';
import { unauthorized } from '../platform/errors';
import { getProfile, revokeToken, signUp, updateProfile, type IssuedToken } from './accounts';
import { authenticate, requireUser } from './auth';
import { resendVerification, verifyEmail } from './email-verification';
import {
  KAKAO_STATE_COOKIE,
  completeKakaoLogin,
  confirmKakaoLink,
  kakaoAuthorizeUrl,
  kakaoStateCookieOptions,
} from './kakao';
import { throttledLogIn } from './login-throttle';
import { confirmPasswordReset, requestPasswordReset } from './password-reset';
import { rateLimit } from '../limits/rate-limit';
import { callerOf, sessionIdOf } from '../core/caller';
import type { RequestHandler, Request, Response } from 'express';
import {
  addSong,
  createList,
  deleteList,
  getList,
  listsOf,
  moveSong,
  removeSong,
  renameList,
  updateEntryMemo,
} from './lists';
import {
  CookieSession,
  EntryPatch,
  ListName,
  LogInBody,
  PasswordResetBody,
  PasswordResetConfirmBody,
  Profile,
  ProfilePatchBody,
  Session,
  SessionMode,
  SignUpBody,
  SignedIn,
  SongList,
  SongListSummary,
  VerifyEmailBody,
} from './schemas';
import {
  SESSION_MODE_HEADER,
  cookieOf,
  endCookieSession,
  refreshCsrfCookie,
  startCookieSession,
  wantsCookieSession,
} from './web-session';

/** Tokens and profiles must never sit in a browser or proxy cache (mounted app-wide on /api/auth and /api/me). */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

const sessionHeaders = z.object({
  [SESSION_MODE_HEADER]: z.enum(['cookie', 'bearer']).optional().openapi({
    description: 'cookie: answer with the HttpOnly session cookie and a CSRF token instead of a bearer token',
  }),
});
const KakaoSignedIn = z.union([
  Session.extend({ created: z.boolean() }),
  CookieSession.extend({ created: z.boolean() }),
]);

const listParams = z.object({ listId: idParam });
const listSongParams = z.object({ listId: idParam, songId: idParam });

type ListsRouteSpec = Omit<RouteSpec, 'tag' | 'auth'>;
/** Saved lists belong to a signed-in caller. */
const listsRoute = <const S extends ListsRouteSpec>(spec: S) =>
  defineRoute({ ...spec, tag: 'lists', auth: 'required' });
/** A route on one list (:listId): 403 when the list is someone else's, 404 when it is gone. */
const oneListRoute = <const S extends ListsRouteSpec>(spec: S) =>
  listsRoute({ ...spec, errors: [403, 404, ...(spec.errors ?? [])] });

export const usersApi = {
  signUp: defineRoute({
    method: 'post',
    path: '/api/auth/signup',
    tag: 'accounts',
    summary: 'Create an account with e-mail and password; a verification link is mailed',
    description:
      'An address held by an unverified account for more than a day can be signed up with again: it is kept as pending_email until its verification link is opened. Limited per address (RATE_LIMIT_SIGNUP_PER_MINUTE).',
    headers: sessionHeaders,
    body: SignUpBody,
    responses: {
      201: {
        description: 'the account and a bearer token (or, session "cookie", the session cookies and a CSRF token)',
        schema: SignedIn,
      },
    },
    errors: [409],
  }),
  logIn: defineRoute({
    method: 'post',
    path: '/api/auth/login',
    tag: 'accounts',
    summary: 'Log in with e-mail and password',
    headers: sessionHeaders,
    body: LogInBody,
    responses: {
      200: {
        description: 'a new bearer token (or, session "cookie", the session cookies and a CSRF token)',
        schema: SignedIn,
      },
    },
    errors: [401, 429],
  }),
  logOut: defineRoute({
    method: 'post',
    path: '/api/auth/logout',
    tag: 'accounts',
    summary: 'Revoke the token (or cookie session) used for this request; clears the session cookies',
    auth: 'required',
    responses: { 204: { description: 'logged out' } },
  }),
  csrf: defineRoute({
    method: 'get',
    path: '/api/auth/csrf',
    tag: 'accounts',
    summary: "The CSRF token of the caller's cookie session (sets the norae_csrf cookie again)",
    auth: 'required',
    responses: {
      200: { description: 'send it as X-CSRF-Token on every write', schema: z.object({ csrf_token: z.string() }) },
    },
  }),
  verifyEmail: defineRoute({
    method: 'post',
    path: '/api/auth/verify',
    tag: 'accounts',
    summary:
      'Open an e-mail verification link: its address becomes the verified address of the account it was sent for',
    description:
      'Single use; expires after 48 hours. 400 link_invalid for an unknown, used or expired link; 409 email_taken when another account proved the address first.',
    body: VerifyEmailBody,
    responses: { 200: { description: 'the account with its verified address', schema: Profile } },
    errors: [409],
  }),
  resendVerification: defineRoute({
    method: 'post',
    path: '/api/auth/verify/resend',
    tag: 'accounts',
    summary: 'Mail the signed-in account a new verification link (at most 3 an hour)',
    auth: 'required',
    responses: { 202: { description: 'a link is mailed unless the address is verified or 3 were sent this hour' } },
  }),
  passwordReset: defineRoute({
    method: 'post',
    path: '/api/auth/password-reset',
    tag: 'accounts',
    summary: 'Mail a password reset link to the address, if an account has it',
    description:
      'Always 202, whether or not an account has the address. At most 3 links an hour per account; limited per address (RATE_LIMIT_ACCOUNT_MAIL_PER_MINUTE).',
    body: PasswordResetBody,
    responses: { 202: { description: 'accepted' } },
  }),
  passwordResetConfirm: defineRoute({
    method: 'post',
    path: '/api/auth/password-reset/confirm',
    tag: 'accounts',
    summary: 'Set a new password with a reset link; signs the account out everywhere',
    description:
      'Single use; expires after an hour. The link proves the address, so the account counts as verified. 400 link_invalid for an unknown, used or expired link.',
    body: PasswordResetConfirmBody,
    responses: { 204: { description: 'password changed, every session ended' } },
  }),
  kakaoStart: defineRoute({
    method: 'get',
    path: '/api/auth/kakao/start',
    tag: 'accounts',
    summary: "Start a Kakao login (redirects to Kakao's consent page)",
    responses: { 302: { description: 'redirect to Kakao (sets the HttpOnly state cookie the callback checks)' } },
    errors: [429],
  }),
  kakaoCallback: defineRoute({
    method: 'get',
    path: '/api/auth/kakao/callback',
    tag: 'accounts',
    summary: 'Where Kakao sends the user back; links or creates the account',
    query: z.object({
      code: z.string().optional(),
      state: z.string().optional(),
      error: z.string().optional(),
      error_description: z.string().optional(),
    }),
    headers: sessionHeaders,
    responses: {
      200: {
        description: 'a bearer token for the linked account (or, X-Norae-Session: cookie, the session cookies)',
        schema: KakaoSignedIn,
      },
    },
    errors: [401, 409, 502],
  }),
  kakaoLink: defineRoute({
    method: 'post',
    path: '/api/auth/kakao/link',
    tag: 'accounts',
    summary:
      "Link Kakao to an existing account after the callback answered 409 link_requires_password: the ticket plus that account's password",
    headers: sessionHeaders,
    body: z.object({ ticket: z.string(), password: z.string(), session: SessionMode }),
    responses: {
      200: {
        description: 'a bearer token for the linked account (or, session "cookie", the session cookies)',
        schema: KakaoSignedIn,
      },
    },
    errors: [401, 409, 429],
  }),
  me: defineRoute({
    method: 'get',
    path: '/api/me',
    tag: 'accounts',
    summary: "The caller's profile (email_verified: whether the address is proven)",
    auth: 'required',
    responses: { 200: { description: 'the profile', schema: Profile } },
  }),
  updateMe: defineRoute({
    method: 'patch',
    path: '/api/me',
    tag: 'accounts',
    summary: 'Change display name, gender or birth year (gender and age band pick the trending segment)',
    auth: 'required',
    body: ProfilePatchBody,
    responses: { 200: { description: 'the updated profile', schema: Profile } },
  }),
  lists: listsRoute({
    method: 'get',
    path: '/api/lists',
    summary: "The caller's saved song lists",
    responses: { 200: { description: 'the lists', schema: z.object({ lists: z.array(SongListSummary) }) } },
  }),
  createList: listsRoute({
    method: 'post',
    path: '/api/lists',
    summary: 'Create a named list',
    body: ListName,
    responses: { 201: { description: 'the new list', schema: SongListSummary } },
    errors: [409],
  }),
  getList: oneListRoute({
    method: 'get',
    path: '/api/lists/:listId',
    summary: 'A list with its songs in order',
    params: listParams,
    responses: { 200: { description: 'the list', schema: SongList } },
  }),
  renameList: oneListRoute({
    method: 'patch',
    path: '/api/lists/:listId',
    summary: 'Rename a list',
    params: listParams,
    body: ListName,
    responses: { 200: { description: 'the renamed list', schema: SongListSummary } },
    errors: [409],
  }),
  deleteList: oneListRoute({
    method: 'delete',
    path: '/api/lists/:listId',
    summary: 'Delete a list',
    params: listParams,
    responses: { 204: { description: 'deleted' } },
  }),
  addSong: oneListRoute({
    method: 'put',
    path: '/api/lists/:listId/songs/:songId',
    summary: 'Add a song at the end of a list (idempotent)',
    params: listSongParams,
    responses: {
      201: { description: 'added', schema: z.object({ added: z.literal(true), position: z.number().int() }) },
      200: {
        description: 'already in the list',
        schema: z.object({ added: z.literal(false), position: z.number().int() }),
      },
    },
    errors: [409],
  }),
  removeSong: oneListRoute({
    method: 'delete',
    path: '/api/lists/:listId/songs/:songId',
    summary: 'Remove a song from a list (idempotent)',
    params: listSongParams,
    responses: { 204: { description: 'removed (or was not there)' } },
  }),
  updateEntry: oneListRoute({
    method: 'patch',
    path: '/api/lists/:listId/songs/:songId',
    summary: 'Move a song in its list and/or set its key memo (-6..+6) and note',
    params: listSongParams,
    body: EntryPatch,
    responses: { 200: { description: 'the list with the change', schema: SongList } },
  }),
};

export function userRoutes(deps: Deps): Router {
  const router = Router();
  const signedIn = [authenticate(deps, { required: true })];
  router.use(['/api/auth', '/api/me'], noStore);
  /** A sign-in's answer: the token in the body, or for the web app the cookies and the CSRF token instead. */
  const answer = <T extends IssuedToken>(req: Request, res: Response, result: T, bodyMode?: string) => {
    if (!wantsCookieSession(req, bodyMode)) return result;
    const { token: _token, ...rest } = result;
    return { ...rest, csrf_token: startCookieSession(req, res, deps.config, result) };
  };

  route(router, usersApi.signUp, [rateLimit(deps, 'signup')], async ({ body }, req, res) => ({
    status: 201,
    body: answer(req, res, await signUp(deps, body), body.session),
  }));
  route(router, usersApi.logIn, [], async ({ body }, req, res) => ({
    status: 200,
    body: answer(req, res, await throttledLogIn(deps, body, callerOf(req).ip), body.session),
  }));
  route(router, usersApi.logOut, signedIn, async (_input, req, res) => {
    await revokeToken(deps.pg, req.authToken!);
    endCookieSession(req, res, deps.config);
    return { status: 204 };
  });
  route(router, usersApi.csrf, signedIn, async (_input, req, res) => {
    if (req.authVia !== 'cookie') throw unauthorized('only a cookie session has a CSRF token');
    return { status: 200, body: { csrf_token: refreshCsrfCookie(req, res, deps.config, req.authToken!) } };
  });
  route(router, usersApi.verifyEmail, [], async ({ body }) => ({
    status: 200,
    body: await verifyEmail(deps, body.token),
  }));
  route(router, usersApi.resendVerification, [...signedIn, rateLimit(deps, 'account_mail')], async (_input, req) => {
    await resendVerification(deps, requireUser(req).id);
    return { status: 202 };
  });
  route(router, usersApi.passwordReset, [rateLimit(deps, 'account_mail')], async ({ body }) => {
    // answered before the lookup: how long the answer takes says nothing about whether the address has an account
    deps.writers.track(requestPasswordReset(deps, body.email));
    return { status: 202 };
  });
  route(router, usersApi.passwordResetConfirm, [rateLimit(deps, 'account_mail')], async ({ body }) => {
    await confirmPasswordReset(deps, body.token, body.password);
    return { status: 204 };
  });
  route(router, usersApi.kakaoStart, [rateLimit(deps, 'auth_start')], async (_input, _req, res) => {
    const { url, state } = await kakaoAuthorizeUrl(deps);
    res.cookie(KAKAO_STATE_COOKIE, state, kakaoStateCookieOptions(deps.config));
    res.redirect(302, url);
  });
  route(router, usersApi.kakaoCallback, [], async ({ query }, req, res) => {
    const browserState = cookieOf(req, KAKAO_STATE_COOKIE);
    res.clearCookie(KAKAO_STATE_COOKIE, { ...kakaoStateCookieOptions(deps.config), maxAge: undefined });
    return { status: 200, body: answer(req, res, await completeKakaoLogin(deps, query, browserState)) };
  });
  route(router, usersApi.kakaoLink, [], async ({ body }, req, res) => ({
    status: 200,
    body: answer(req, res, await confirmKakaoLink(deps, body, callerOf(req).ip), body.session),
  }));

  route(router, usersApi.me, signedIn, async (_input, req) => ({
    status: 200,
    body: await getProfile(deps.pg, requireUser(req).id),
  }));
  route(router, usersApi.updateMe, signedIn, async ({ body }, req) => ({
    status: 200,
    body: await updateProfile(deps.pg, requireUser(req).id, body),
  }));

  route(router, usersApi.lists, signedIn, async (_input, req) => ({
    status: 200,
    body: { lists: await listsOf(deps.pg, requireUser(req).id) },
  }));
  route(router, usersApi.createList, signedIn, async ({ body }, req) => ({
    status: 201,
    body: await createList(deps.pg, requireUser(req).id, body.name),
  }));
  route(router, usersApi.getList, signedIn, async ({ params }, req) => ({
    status: 200,
    body: await getList(deps.pg, requireUser(req).id, params.listId),
  }));
  route(router, usersApi.renameList, signedIn, async ({ params, body }, req) => ({
    status: 200,
    body: await renameList(deps.pg, requireUser(req).id, params.listId, body.name),
  }));
  route(router, usersApi.deleteList, signedIn, async ({ params }, req) => {
    await deleteList(deps.pg, requireUser(req).id, params.listId);
    return { status: 204 };
  });
  route(router, usersApi.addSong, signedIn, async ({ params }, req) => {
    const user = requireUser(req);
    const result = await addSong(deps.pg, user.id, params.listId, params.songId);
    if (result.added) {
      recordEvent(deps, { kind: 'save', userId: user.id, sessionId: sessionIdOf(req), songId: params.songId });
      return { status: 201, body: { added: true, position: result.position } };
    }
    return { status: 200, body: { added: false, position: result.position } };
  });
  route(router, usersApi.removeSong, signedIn, async ({ params }, req) => {
    const user = requireUser(req);
    const result = await removeSong(deps.pg, user.id, params.listId, params.songId);
    if (result.removed)
      recordEvent(deps, { kind: 'unsave', userId: user.id, sessionId: sessionIdOf(req), songId: params.songId });
    return { status: 204 };
  });
  route(router, usersApi.updateEntry, signedIn, async ({ params, body }, req) => {
    const userId = requireUser(req).id;
    if (body.key_shift !== undefined || body.note !== undefined)
      await updateEntryMemo(deps.pg, userId, params.listId, params.songId, body);
    if (body.position !== undefined)
      return { status: 200, body: await moveSong(deps.pg, userId, params.listId, params.songId, body.position) };
    return { status: 200, body: await getList(deps.pg, userId, params.listId) };
  });
  return router;
}
