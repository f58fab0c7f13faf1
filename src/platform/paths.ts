// Where the files the program reads at run time live (mappings/, analyzers/, data/, kibana/, src/*/migrations,
// src/web/public, package.json). They stay in the project tree, never in dist/: the program finds the project root
// by walking up from this file to the nearest package.json, which is the same folder whether it runs from src/
// (tsx), from dist/src/ (npm run build; the image) or from a build in any folder below the root (tests/ops).
import fs from 'node:fs';
import path from 'node:path';

export function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);

/** A path inside the project, e.g. projectPath('mappings', 'songs.json'). */
export function projectPath(...parts: string[]): string {
  return path.join(PROJECT_ROOT, ...parts);
}
