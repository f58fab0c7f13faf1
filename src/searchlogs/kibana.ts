// Kibana saved objects (kibana/saved-objects.ndjson): data views for songs, products and search logs, the
// visualizations and the dashboard. The file names indices with the local prefix; imports swap in the target's.
import fs from 'node:fs';
import { projectPath } from '../platform/paths';

export const SAVED_OBJECTS_FILE = projectPath('kibana', 'saved-objects.ndjson');
export const SAVED_OBJECTS_PREFIX = 'norae_local_';

export interface SavedObject {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  references: Array<{ name: string; type: string; id: string }>;
}

export function parseSavedObjects(ndjson: string): SavedObject[] {
  return ndjson
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SavedObject);
}

/** The NDJSON with data view titles pointing at indices with `prefix` instead of the local one. */
export function withIndexPrefix(ndjson: string, prefix: string): string {
  return (
    parseSavedObjects(ndjson)
      .map((o) => {
        if (
          o.type === 'index-pattern' &&
          typeof o.attributes.title === 'string' &&
          o.attributes.title.startsWith(SAVED_OBJECTS_PREFIX)
        ) {
          o = {
            ...o,
            attributes: { ...o.attributes, title: prefix + o.attributes.title.slice(SAVED_OBJECTS_PREFIX.length) },
          };
        }
        return JSON.stringify(o);
      })
      .join('\n') + '\n'
  );
}

export interface ImportResult {
  success: boolean;
  successCount: number;
  errors?: unknown[];
}

/** POSTs the saved objects to Kibana's _import API (overwriting objects with the same ids). */
export async function importSavedObjects(
  kibanaUrl: string,
  ndjson: string,
  opts: { space?: string; authorization?: string } = {},
): Promise<ImportResult> {
  const base = kibanaUrl.replace(/\/+$/, '') + (opts.space ? `/s/${encodeURIComponent(opts.space)}` : '');
  const form = new FormData();
  form.append('file', new Blob([ndjson], { type: 'application/ndjson' }), 'saved-objects.ndjson');
  const headers: Record<string, string> = { 'kbn-xsrf': 'norae' };
  if (opts.authorization) headers.authorization = opts.authorization;
  const res = await fetch(`${base}/api/saved_objects/_import?overwrite=true`, { method: 'POST', headers, body: form });
  const body = (await res.json().catch(() => ({}))) as ImportResult & { message?: string };
  if (!res.ok) throw new Error(`Kibana import failed with HTTP ${res.status}: ${body.message ?? JSON.stringify(body)}`);
  return body;
}

export function readSavedObjectsFile(): string {
  return fs.readFileSync(SAVED_OBJECTS_FILE, 'utf8');
}
