// Command-line flags for scripts/*.ts on node:util parseArgs: the defaults say each flag's name and type
// (number, string or boolean); unknown flags and non-numbers are errors that name the flag.
import { parseArgs } from 'node:util';

export type FlagDefaults = Record<string, number | string | boolean>;
export type Flags<D extends FlagDefaults> = {
  [K in keyof D]: D[K] extends number ? number : D[K] extends boolean ? boolean : string;
};

export class FlagError extends Error {}

export function parseFlags<D extends FlagDefaults>(
  defaults: D,
  argv: string[] = process.argv.slice(2),
): { flags: Flags<D>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(defaults).map(([name, d]) => [
      name,
      { type: typeof d === 'boolean' ? ('boolean' as const) : ('string' as const) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new FlagError((err as Error).message);
  }
  const flags: Record<string, number | string | boolean> = {};
  for (const [name, fallback] of Object.entries(defaults)) {
    const raw = parsed.values[name];
    if (raw === undefined) {
      flags[name] = fallback;
      continue;
    }
    if (typeof fallback === 'number') {
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n)) throw new FlagError(`--${name} must be a number (got "${String(raw)}")`);
      flags[name] = n;
    } else {
      flags[name] = raw as string | boolean;
    }
  }
  return { flags: flags as Flags<D>, positionals: parsed.positionals };
}
