// Serves the singer's web app (plain ES modules, no build step) and the browser files it takes from npm packages.
import path from 'node:path';
import express, { Router } from 'express';
import { projectPath } from '../platform/paths';

const PUBLIC = projectPath('src', 'web', 'public');
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export function webRoutes(): Router {
  const router = Router();
  router.use(express.static(PUBLIC, { index: 'index.html', maxAge: '5m' }));
  // hangul-js, loaded by the saved-lists screen only: its filter box matches 초성 and half-typed jamo in the browser
  router.get('/vendor/hangul.js', (_req, res) => {
    res.sendFile(path.join(packageDir('hangul-js'), 'hangul.min.js'), { maxAge: '1d' });
  });
  // the Korean web font, split by unicode-range so a page loads only the glyphs it shows
  router.use(
    '/vendor/noto-sans-kr',
    express.static(packageDir('@fontsource/noto-sans-kr'), { maxAge: '7d', index: false }),
  );
  // Kakao sends the browser back here (KAKAO_REDIRECT_URI); the app finishes the login through the API
  router.get('/login/kakao', (_req, res) => {
    res.sendFile(path.join(PUBLIC, 'index.html'));
  });
  return router;
}
