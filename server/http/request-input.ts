/**
 * Checks on the raw request line shared by proxy.ts (before Next's router sees the path) and handleRoute
 * (path params and query values, by name): a NUL or other control character never reaches a service or
 * Postgres (which refuses NUL in text with an error that would be a 500), and a malformed percent-escape
 * is a 400 instead of a URIError.
 */
import { BadRequestError } from "./errors";

/** C0 controls and DEL. Tab is allowed in query values only (`delimiter=%09` for tab-separated imports). */
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_EXCEPT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function describe(ch: string): string {
  return `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Throws BadRequestError naming `field` when `value` holds a control character. */
export function assertNoControlChars(field: string, value: string, opts: { allowTab?: boolean } = {}): void {
  const m = (opts.allowTab ? CONTROL_EXCEPT_TAB : CONTROL).exec(value);
  if (m) throw new BadRequestError(`${field}: contains the control character ${describe(m[0])}`, field);
}

/** Decodes one path segment; a malformed escape (`%ff`, `%zz`, a lone `%`) or a control character is a 400. */
export function decodePathSegment(raw: string, field = "path"): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new BadRequestError(`${field}: malformed percent-encoding in "${raw.slice(0, 80)}"`, field);
  }
  assertNoControlChars(field, decoded);
  return decoded;
}

/** Validates a raw (still percent-encoded) pathname segment by segment. */
export function assertValidPath(rawPathname: string): void {
  for (const segment of rawPathname.split("/")) decodePathSegment(segment);
}

/**
 * Validates the query string: names and values must decode (URLSearchParams would silently turn `%ff` into
 * U+FFFD, so the raw text is decoded strictly) and hold no control characters; the error names the parameter.
 */
export function assertValidQuery(rawSearch: string): void {
  const query = rawSearch.startsWith("?") ? rawSearch.slice(1) : rawSearch;
  if (!query) return;
  for (const pair of query.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    const strict = (text: string, field: string) => {
      try {
        return decodeURIComponent(text.replace(/\+/g, " "));
      } catch {
        throw new BadRequestError(`${field}: malformed percent-encoding`, field);
      }
    };
    const name = strict(rawName, "query");
    assertNoControlChars("query", name);
    const field = name.slice(0, 64);
    assertNoControlChars(field, strict(rawValue, field), { allowTab: true });
  }
}

/** Path params as Next hands them to a route (already decoded; catch-all params are arrays). */
export function assertValidParams(params: Record<string, string | string[] | undefined>): void {
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) assertNoControlChars(name, v);
  }
}
