// The products relevance profile: every boost and weight of product search, read once from
// mappings/products.relevance.json and checked, as relevance.ts does for songs.
import fs from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../platform/paths';

const n = z.number();
const Profile = z.object({
  readings: z.object({ typed: n, other: n, otherUnlikely: n, units: n }),
  prefixBoost: z.object({ search: n, autocomplete: n }),
  typoEdits: z.object({ search: n, autocomplete: n }),
  fields: z.object({
    crossFieldsName: n,
    crossFieldsBrand: n,
    crossFieldsCategory: n,
    crossFieldsDescription: n,
    name: n,
    nameWords: n,
    brandText: n,
    brandPrefixShare: n,
    description: n,
    nameCompactShare: n,
    infix: n,
    infixMinChars: n,
    brandChosungShare: n,
    romanShare: n,
    romanMinChars: n,
    barcode: n,
  }),
  typo: z.object({ boost: n, maxExpansions: n, wordEdits: n }),
  words: z.object({ maxWords: n }),
  facets: z.object({ category: n, brand: n, no_label: n }),
  autocompleteSize: n,
});

export type ProductRelevance = z.infer<typeof Profile>;

const FILE = projectPath('mappings', 'products.relevance.json');
const parsed = Profile.safeParse(JSON.parse(fs.readFileSync(FILE, 'utf8')));
if (!parsed.success)
  throw new Error(`${FILE}: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);

export const productRelevance: ProductRelevance = parsed.data;
