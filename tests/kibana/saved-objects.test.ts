import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJson } from '../../src/platform/index-admin';
import {
  importSavedObjects,
  parseSavedObjects,
  readSavedObjectsFile,
  withIndexPrefix,
  type SavedObject,
} from '../../src/searchlogs/kibana';

const objects = parseSavedObjects(readSavedObjectsFile());
const byType = (t: string) => objects.filter((o) => o.type === t);

// which mappings/*.json describes the indices a data view title matches
const MAPPING_OF_TITLE: Record<string, string> = {
  'norae_local_search-logs-*': 'search-logs',
  norae_local_songs: 'songs',
  norae_local_products: 'products',
};

function mappedFields(mappingName: string): Set<string> {
  const out = new Set<string>();
  const walk = (
    props: Record<string, { properties?: Record<string, unknown>; fields?: Record<string, unknown> }>,
    base: string,
  ) => {
    for (const [name, def] of Object.entries(props)) {
      out.add(base + name);
      if (def.fields) for (const sub of Object.keys(def.fields)) out.add(`${base}${name}.${sub}`);
      if (def.properties) walk(def.properties as never, `${base}${name}.`);
    }
  };
  walk(readJson<{ mappings: { properties: never } }>(`mappings/${mappingName}.json`).mappings.properties, '');
  return out;
}

function fieldsUsedBy(vis: SavedObject): string[] {
  const state = JSON.parse(vis.attributes.visState as string) as { aggs: Array<{ params: { field?: string } }> };
  const fields = state.aggs.map((a) => a.params.field).filter((f): f is string => !!f);
  const search = JSON.parse(
    (vis.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string }).searchSourceJSON,
  ) as { query: { query: string } };
  for (const m of search.query.query.matchAll(/([\w.]+)\s*:/g)) fields.push(m[1]);
  return fields;
}

describe('kibana/saved-objects.ndjson', () => {
  test('has data views for songs, products and search logs, each backed by a mapping file', () => {
    const titles = byType('index-pattern').map((d) => d.attributes.title);
    expect(titles.sort()).toEqual(Object.keys(MAPPING_OF_TITLE).sort());
  });

  test('every data view time field exists in its mapping as a date', () => {
    for (const dv of byType('index-pattern')) {
      const mapping = readJson<{ mappings: { properties: Record<string, { type: string }> } }>(
        `mappings/${MAPPING_OF_TITLE[dv.attributes.title as string]}.json`,
      );
      expect(mapping.mappings.properties[dv.attributes.timeFieldName as string]?.type).toBe('date');
    }
  });

  test.each(byType('visualization').map((v) => [v.attributes.title as string, v]))(
    '"%s" refers to an existing data view and mapped fields only',
    (_title, vis) => {
      const ref = vis.references.find((r) => r.name === 'kibanaSavedObjectMeta.searchSourceJSON.index');
      expect(ref?.type).toBe('index-pattern');
      const dataView = byType('index-pattern').find((d) => d.id === ref!.id);
      expect(dataView).toBeDefined();
      const known = mappedFields(MAPPING_OF_TITLE[dataView!.attributes.title as string]);
      const used = fieldsUsedBy(vis);
      expect(used.length).toBeGreaterThan(0);
      for (const f of used) expect({ field: f, known: known.has(f) }).toEqual({ field: f, known: true });
    },
  );

  test('the dashboard shows volume, top queries, zero-result queries, demographics and latency, all of which exist', () => {
    const [dashboard] = byType('dashboard');
    const ids = new Set(byType('visualization').map((v) => v.id));
    const panels = JSON.parse(dashboard.attributes.panelsJSON as string) as Array<{ panelRefName: string }>;
    for (const p of panels) {
      const ref = dashboard.references.find((r) => r.name === p.panelRefName);
      expect(ref && ids.has(ref.id)).toBe(true);
    }
    const titles = dashboard.references
      .map((r) => objects.find((o) => o.id === r.id)!.attributes.title as string)
      .join(' | ');
    for (const needed of [/volume/i, /top queries/i, /zero-result/i, /gender and age/i, /latency percentiles/i])
      expect(titles).toMatch(needed);
  });

  test('the latency chart asks for p50, p95 and p99', () => {
    const vis = objects.find((o) => o.id === 'norae-search-latency')!;
    const state = JSON.parse(vis.attributes.visState as string);
    expect(state.aggs[0]).toMatchObject({ type: 'percentiles', params: { field: 'took_ms', percents: [50, 95, 99] } });
  });

  test('imports rewrite the index prefix of data views only', () => {
    const out = parseSavedObjects(withIndexPrefix(readSavedObjectsFile(), 'norae_production_'));
    expect(
      out
        .filter((o) => o.type === 'index-pattern')
        .map((o) => o.attributes.title)
        .sort(),
    ).toEqual(['norae_production_products', 'norae_production_search-logs-*', 'norae_production_songs']);
    expect(out.filter((o) => o.type !== 'index-pattern')).toEqual(objects.filter((o) => o.type !== 'index-pattern'));
  });

  test('the import posts the NDJSON as multipart to _import with kbn-xsrf', async () => {
    let seen: { url?: string; xsrf?: string; type?: string; body: string } = { body: '' };
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen = { url: req.url, xsrf: req.headers['kbn-xsrf'] as string, type: req.headers['content-type'], body };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ success: true, successCount: objects.length }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await importSavedObjects(`http://127.0.0.1:${port}/`, readSavedObjectsFile(), { space: 'ops' });
      expect(result).toEqual({ success: true, successCount: objects.length });
      expect(seen.url).toBe('/s/ops/api/saved_objects/_import?overwrite=true');
      expect(seen.xsrf).toBeTruthy();
      expect(seen.type).toMatch(/^multipart\/form-data; boundary=/);
      expect(seen.body).toContain('filename="saved-objects.ndjson"');
      expect(seen.body).toContain('"id":"norae-search-overview"');
    } finally {
      server.close();
    }
  });
});
