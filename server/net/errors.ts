/**
 * The typed errors of a user-supplied download. Both name the input field, so REST answers problem+json with
 * `field` and tRPC puts it in `fieldErrors`.
 */
import { BadRequestError, ValidationError } from "@/server/http/errors";

/** The URL may not be fetched: bad scheme, credentials, a host that is private or does not resolve (422). */
export class UnsafeUrlError extends ValidationError {
  constructor(message: string, field = "data_url") {
    super(message, { field });
    this.name = "UnsafeUrlError";
  }
}

/**
 * The download did not finish within its one deadline (DNS, connect, every redirect and the body together).
 * A 400, not a 5xx: the URL the client gave is too slow, the server did nothing wrong.
 */
export class DownloadTimeoutError extends BadRequestError {
  constructor(
    readonly timeoutMs: number,
    field = "data_url",
  ) {
    super(`${field} did not finish downloading within ${timeoutMs} ms (redirects and body included)`, field);
    this.name = "DownloadTimeoutError";
  }
}
