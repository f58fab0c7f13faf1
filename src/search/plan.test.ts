import { nextPlan, type PlanOutcome, type PlanRequest } from './plan';

const autocomplete = (over: Partial<PlanRequest> = {}): PlanRequest => ({
  kind: 'autocomplete',
  size: 10,
  keystroke: true,
  shortPrefix: true,
  ...over,
});
const after = (plan: PlanOutcome['plan'], found: number, typedExactly = false): PlanOutcome => ({
  plan,
  found,
  typedExactly: () => typedExactly,
});

// [case, request, what the previous plan found, the plan expected next (null: the answer stands)]
const TABLE: Array<[string, PlanRequest, PlanOutcome | undefined, string | null]> = [
  [
    'a page of results is one full query',
    { kind: 'search', size: 20, keystroke: true, shortPrefix: true },
    undefined,
    'full',
  ],
  [
    'a full query is never retried',
    { kind: 'search', size: 20, keystroke: true, shortPrefix: true },
    after('full', 0),
    null,
  ],
  ['a short prefix starts with the suggesters', autocomplete(), undefined, 'keystroke'],
  ['longer input starts with key lookups', autocomplete({ shortPrefix: false }), undefined, 'prefix'],
  ['with the keystroke plan switched off, key lookups', autocomplete({ keystroke: false }), undefined, 'prefix'],
  ['suggesters that fill the page answer', autocomplete(), after('keystroke', 10), null],
  ['suggesters that fill less than a page hand over to key lookups', autocomplete(), after('keystroke', 9), 'prefix'],
  ['suggesters the index refused (found 0) hand over too', autocomplete(), after('keystroke', 0), 'prefix'],
  ['key lookups that found 3 or more answer', autocomplete(), after('prefix', 3), null],
  ['key lookups that found fewer than 3 retry with typos', autocomplete(), after('prefix', 2), 'typo'],
  ['... unless the best song is exactly what was typed', autocomplete(), after('prefix', 1, true), null],
  ['a page smaller than 3 only needs to be full', autocomplete({ size: 2 }), after('prefix', 2), null],
  ['nothing comes after the typo retry', autocomplete(), after('typo', 0), null],
];

test.each(TABLE)('%s', (_case, request, previous, expected) => {
  const plan = nextPlan(request, previous);
  expect(plan?.name ?? null).toBe(expected);
  if (plan) expect(plan.why.length).toBeGreaterThan(0);
});
