// Accounts (/api/auth/*, /api/me) and saved song lists (/api/lists/*): contracts declared once; handlers read input,
// call one function, shape output.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { defineRoute, idParam, route, z, type RouteSpec } from '../platform/api';
import { recordEvent } from '../events/store';
import { getProfile, revokeToken, signUp, updateProfile } from './accounts';
import { authenticate, requireUser } from './auth';
import { KAKAO_STATE_COOKIE, completeKakaoLogin, confirmKakaoLink, kakaoAuthorizeUrl, kakaoStateCookieOptions } from './kakao';
import { throttledLogIn } from './login-throttle';
import { rateLimit } from '../abuse/rate-limit';
import { callerOf, sessionIdOf } from './caller';
import type { RequestHandler, Request } from 'express';
import { addSong, createList, deleteList, getList, listsOf, moveSong, removeSong, renameList, updateEntryMemo } from './lists';
import { EntryPatch, ListName, LogInBody, Profile, ProfilePatchBody, Session, SignUpBody, SongList, SongListSummary } from './schemas';

// tokens must never sit in a browser or proxy cache
const noStore: RequestHandler = (_req, res, next) => { res.setHeader('Cache-Control', 'no-store'); next(); };

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) { try { return decodeURIComponent(v.join('=')); } catch { return undefined; } }
  }
  return undefined;
}

const listParams = z.object({ listId: idParam });
const listSongParams = z.object({ listId: idParam, songId: idParam });

type ListsRouteSpec = Omit<RouteSpec, 'tag' | 'auth'>;
/** Saved lists belong to a signed-in caller. */
const listsRoute = <const S extends ListsRouteSpec>(spec: S) => defineRoute({ ...spec, tag: 'lists', auth: 'required' });
/** A route on one list (:listId): 403 when the list is someone else's, 404 when it is gone. */
const oneListRoute = <const S extends ListsRouteSpec>(spec: S) => listsRoute({ ...spec, errors: [403, 404, ...(spec.errors ?? [])] });

export const usersApi = {
  signUp: defineRoute({
    method: 'post', path: '/api/auth/signup', tag: 'accounts', summary: 'Create an account with e-mail and password',
    body: SignUpBody,
    responses: { 201: { description: 'the account and a bearer token', schema: Session } },
    errors: [409],
  }),
  logIn: defineRoute({
    method: 'post', path: '/api/auth/login', tag: 'accounts', summary: 'Log in with e-mail and password',
    body: LogInBody,
    responses: { 200: { description: 'a new bearer token', schema: Session } },
    errors: [401, 429],
  }),
  logOut: defineRoute({
    method: 'post', path: '/api/auth/logout', tag: 'accounts', summary: 'Revoke the token used for this request',
    auth: 'required',
    responses: { 204: { description: 'logged out' } },
  }),
  kakaoStart: defineRoute({
    method: 'get', path: '/api/auth/kakao/start', tag: 'accounts', summary: "Start a Kakao login (redirects to Kakao's consent page)",
    responses: { 302: { description: 'redirect to Kakao (sets the HttpOnly state cookie the callback checks)' } },
    errors: [429],
  }),
  kakaoCallback: defineRoute({
    method: 'get', path: '/api/auth/kakao/callback', tag: 'accounts', summary: 'Where Kakao sends the user back; links or creates the account',
    query: z.object({
      code: z.string().optional(), state: z.string().optional(),
      error: z.string().optional(), error_description: z.string().optional(),
    }),
    responses: { 200: { description: 'a bearer token for the linked account', schema: Session.extend({ created: z.boolean() }) } },
    errors: [401, 409, 502],
  }),
  kakaoLink: defineRoute({
    method: 'post', path: '/api/auth/kakao/link', tag: 'accounts',
    summary: 'Link Kakao to an existing account after the callback answered 409 link_requires_password: the ticket plus that account\'s password',
    body: z.object({ ticket: z.string(), password: z.string() }),
    responses: { 200: { description: 'a bearer token for the linked account', schema: Session.extend({ created: z.boolean() }) } },
    errors: [401, 409, 429],
  }),
  me: defineRoute({
    method: 'get', path: '/api/me', tag: 'accounts', summary: "The caller's profile",
    auth: 'required',
    responses: { 200: { description: 'the profile', schema: Profile } },
  }),
  updateMe: defineRoute({
    method: 'patch', path: '/api/me', tag: 'accounts', summary: 'Change display name, gender or birth year (gender and age band pick the trending segment)',
    auth: 'required',
    body: ProfilePatchBody,
    responses: { 200: { description: 'the updated profile', schema: Profile } },
  }),
  lists: listsRoute({
    method: 'get', path: '/api/lists', summary: "The caller's saved song lists",
    responses: { 200: { description: 'the lists', schema: z.object({ lists: z.array(SongListSummary) }) } },
  }),
  createList: listsRoute({
    method: 'post', path: '/api/lists', summary: 'Create a named list',
    body: ListName,
    responses: { 201: { description: 'the new list', schema: SongListSummary } },
    errors: [409],
  }),
  getList: oneListRoute({
    method: 'get', path: '/api/lists/:listId', summary: 'A list with its songs in order',
    params: listParams,
    responses: { 200: { description: 'the list', schema: SongList } },
  }),
  renameList: oneListRoute({
    method: 'patch', path: '/api/lists/:listId', summary: 'Rename a list',
    params: listParams,
    body: ListName,
    responses: { 200: { description: 'the renamed list', schema: SongListSummary } },
    errors: [409],
  }),
  deleteList: oneListRoute({
    method: 'delete', path: '/api/lists/:listId', summary: 'Delete a list',
    params: listParams,
    responses: { 204: { description: 'deleted' } },
  }),
  addSong: oneListRoute({
    method: 'put', path: '/api/lists/:listId/songs/:songId', summary: 'Add a song at the end of a list (idempotent)',
    params: listSongParams,
    responses: {
      201: { description: 'added', schema: z.object({ added: z.literal(true), position: z.number().int() }) },
      200: { description: 'already in the list', schema: z.object({ added: z.literal(false), position: z.number().int() }) },
    },
    errors: [409],
  }),
  removeSong: oneListRoute({
    method: 'delete', path: '/api/lists/:listId/songs/:songId', summary: 'Remove a song from a list (idempotent)',
    params: listSongParams,
    responses: { 204: { description: 'removed (or was not there)' } },
  }),
  updateEntry: oneListRoute({
    method: 'patch', path: '/api/lists/:listId/songs/:songId', summary: 'Move a song in its list and/or set its key memo (-6..+6) and note',
    params: listSongParams,
    body: EntryPatch,
    responses: { 200: { description: 'the list with the change', schema: SongList } },
  }),
};

export function userRoutes(deps: Deps): Router {
  const router = Router();
  const signedIn = [authenticate(deps, { required: true })];
  router.use(['/api/auth', '/api/me'], noStore);

  route(router, usersApi.signUp, [], async ({ body }) => ({ status: 201, body: await signUp(deps, body) }));
  route(router, usersApi.logIn, [], async ({ body }, req) => ({ status: 200, body: await throttledLogIn(deps, body, callerOf(req).ip) }));
  route(router, usersApi.logOut, signedIn, async (_input, req) => {
    await revokeToken(deps.pg, req.authToken!);
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
    return { status: 200, body: await completeKakaoLogin(deps, query, browserState) };
  });
  route(router, usersApi.kakaoLink, [], async ({ body }, req) => ({ status: 200, body: await confirmKakaoLink(deps, body, callerOf(req).ip) }));

  route(router, usersApi.me, signedIn, async (_input, req) => ({ status: 200, body: await getProfile(deps.pg, requireUser(req).id) }));
  route(router, usersApi.updateMe, signedIn, async ({ body }, req) => ({ status: 200, body: await updateProfile(deps.pg, requireUser(req).id, body) }));

  route(router, usersApi.lists, signedIn, async (_input, req) => ({ status: 200, body: { lists: await listsOf(deps.pg, requireUser(req).id) } }));
  route(router, usersApi.createList, signedIn, async ({ body }, req) => ({ status: 201, body: await createList(deps.pg, requireUser(req).id, body.name) }));
  route(router, usersApi.getList, signedIn, async ({ params }, req) => ({ status: 200, body: await getList(deps.pg, requireUser(req).id, params.listId) }));
  route(router, usersApi.renameList, signedIn, async ({ params, body }, req) => ({
    status: 200, body: await renameList(deps.pg, requireUser(req).id, params.listId, body.name),
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
    if (result.removed) recordEvent(deps, { kind: 'unsave', userId: user.id, sessionId: sessionIdOf(req), songId: params.songId });
    return { status: 204 };
  });
  route(router, usersApi.updateEntry, signedIn, async ({ params, body }, req) => {
    const userId = requireUser(req).id;
    if (body.key_shift !== undefined || body.note !== undefined) await updateEntryMemo(deps.pg, userId, params.listId, params.songId, body);
    if (body.position !== undefined) return { status: 200, body: await moveSong(deps.pg, userId, params.listId, params.songId, body.position) };
    return { status: 200, body: await getList(deps.pg, userId, params.listId) };
  });
  return router;
}
