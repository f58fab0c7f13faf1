// Accounts (/api/auth/*, /api/me) and saved song lists (/api/lists/*): read input, call one function, shape output.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { handle } from '../platform/http';
import { intParam } from '../platform/params';
import { badRequest } from '../platform/errors';
import { recordEvent } from '../events/store';
import { sessionIdOf } from './caller';
import { getProfile, logIn, parseProfilePatch, parseSignUp, revokeToken, signUp, updateProfile } from './accounts';
import { authenticate, requireUser } from './auth';
import { completeKakaoLogin, kakaoAuthorizeUrl } from './kakao';
import { addSong, createList, deleteList, getList, listsOf, moveSong, parseListName, removeSong, renameList } from './lists';

const idParam = (name: string, raw: unknown) => intParam(name, raw, 0, 1, Number.MAX_SAFE_INTEGER);

export function userRoutes(deps: Deps): Router {
  const router = Router();
  const signedIn = authenticate(deps, { required: true });

  router.post('/api/auth/signup', handle(async (req, res) => {
    res.status(201).json(await signUp(deps, parseSignUp(req.body)));
  }));
  router.post('/api/auth/login', handle(async (req, res) => {
    res.json(await logIn(deps, req.body));
  }));
  router.post('/api/auth/logout', signedIn, handle(async (req, res) => {
    await revokeToken(deps.pg, req.authToken!);
    res.status(204).end();
  }));
  router.get('/api/auth/kakao/start', handle(async (_req, res) => {
    res.redirect(302, await kakaoAuthorizeUrl(deps));
  }));
  router.get('/api/auth/kakao/callback', handle(async (req, res) => {
    res.json(await completeKakaoLogin(deps, req.query as Record<string, unknown>));
  }));

  router.get('/api/me', signedIn, handle(async (req, res) => {
    res.json(await getProfile(deps.pg, requireUser(req).id));
  }));
  router.patch('/api/me', signedIn, handle(async (req, res) => {
    res.json(await updateProfile(deps.pg, requireUser(req).id, parseProfilePatch(req.body)));
  }));

  router.get('/api/lists', signedIn, handle(async (req, res) => {
    res.json({ lists: await listsOf(deps.pg, requireUser(req).id) });
  }));
  router.post('/api/lists', signedIn, handle(async (req, res) => {
    res.status(201).json(await createList(deps.pg, requireUser(req).id, parseListName(req.body?.name)));
  }));
  router.get('/api/lists/:listId', signedIn, handle(async (req, res) => {
    res.json(await getList(deps.pg, requireUser(req).id, idParam('listId', req.params.listId)));
  }));
  router.patch('/api/lists/:listId', signedIn, handle(async (req, res) => {
    res.json(await renameList(deps.pg, requireUser(req).id, idParam('listId', req.params.listId), parseListName(req.body?.name)));
  }));
  router.delete('/api/lists/:listId', signedIn, handle(async (req, res) => {
    await deleteList(deps.pg, requireUser(req).id, idParam('listId', req.params.listId));
    res.status(204).end();
  }));
  router.put('/api/lists/:listId/songs/:songId', signedIn, handle(async (req, res) => {
    const user = requireUser(req);
    const songId = idParam('songId', req.params.songId);
    const result = await addSong(deps.pg, user.id, idParam('listId', req.params.listId), songId);
    if (result.added) recordEvent(deps, { kind: 'save', userId: user.id, sessionId: sessionIdOf(req), songId });
    res.status(result.added ? 201 : 200).json(result);
  }));
  router.delete('/api/lists/:listId/songs/:songId', signedIn, handle(async (req, res) => {
    const user = requireUser(req);
    const songId = idParam('songId', req.params.songId);
    const result = await removeSong(deps.pg, user.id, idParam('listId', req.params.listId), songId);
    if (result.removed) recordEvent(deps, { kind: 'unsave', userId: user.id, sessionId: sessionIdOf(req), songId });
    res.status(204).end();
  }));
  router.patch('/api/lists/:listId/songs/:songId', signedIn, handle(async (req, res) => {
    const position = req.body?.position;
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) {
      throw badRequest('invalid_field', 'position must be a whole number from 0', { field: 'position' });
    }
    res.json(await moveSong(deps.pg, requireUser(req).id, idParam('listId', req.params.listId), idParam('songId', req.params.songId), position));
  }));
  return router;
}
