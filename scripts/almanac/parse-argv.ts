/** A tiny flag parser for the admin CLI: `--name value`, `--name=value`, `--flag`; anything else is positional. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgv(argv: string[], booleanFlags: ReadonlySet<string> = new Set()): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (!/^[a-z][a-z-]*$/.test(name)) throw new UsageError(`bad flag ${JSON.stringify(a)}`);
    if (flags.has(name)) throw new UsageError(`--${name} given twice`);
    if (eq >= 0) flags.set(name, a.slice(eq + 1));
    else if (booleanFlags.has(name)) flags.set(name, true);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`--${name} needs a value`);
      flags.set(name, next);
      i++;
    }
  }
  return { positional, flags };
}

/** Takes the command's allowed flags; refuses any other. */
export function expectFlags(args: ParsedArgs, allowed: string[], command: string): void {
  for (const name of args.flags.keys())
    if (!allowed.includes(name)) throw new UsageError(`${command}: unknown flag --${name} (allowed: ${allowed.map((f) => `--${f}`).join(", ") || "none"})`);
}

export function stringFlag(args: ParsedArgs, name: string, required: true): string;
export function stringFlag(args: ParsedArgs, name: string, required?: false): string | undefined;
export function stringFlag(args: ParsedArgs, name: string, required = false): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  if (v === undefined || v === "") {
    if (required) throw new UsageError(`--${name} is required`);
    return undefined;
  }
  return v;
}

export function listFlag(args: ParsedArgs, name: string): string[] | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  const items = v.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) throw new UsageError(`--${name}: empty item in ${JSON.stringify(v)}`);
  return items;
}
