/** Benchmark command-line arguments: `npm run bench -- NAME --flag value …`. */

/** The value after `--name`; the fallback (or undefined) when the flag is absent or has no value. */
export function arg(args: string[], name: string): string | undefined;
export function arg(args: string[], name: string, fallback: string): string;
export function arg(args: string[], name: string, fallback?: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? args[i + 1] : undefined;
  return value ? value : fallback;
}

/** `arg` read as a number. */
export function numberArg(args: string[], name: string, fallback: number): number {
  const value = arg(args, name);
  return value === undefined ? fallback : Number(value);
}
