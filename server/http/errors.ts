/**
 * Typed errors for the server's domain code. Services throw these; the edges (REST route handlers via
 * server/http/problem.ts, tRPC via its error formatter) map them to responses, so a bad request never
 * surfaces as a 500.
 */

/** Where in the input a problem is: a field path, and for tabular input the 1-based row and column. */
export interface ErrorLocation {
  field?: string;
  /** 1-based data row (CSV: the header is row 0, the first data row is row 1). */
  row?: number;
  column?: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
}

/** The input is well-formed but wrong (HTTP 422). */
export class ValidationError extends AppError {
  readonly status = 422;
  readonly code = "validation";
  readonly field?: string;
  readonly row?: number;
  readonly column?: string;
  /** Further problems found in the same input, first one repeated in field/row/column. */
  readonly issues: (ErrorLocation & { message: string })[];
  constructor(message: string, where: ErrorLocation = {}, issues?: (ErrorLocation & { message: string })[]) {
    super(message);
    this.name = "ValidationError";
    this.field = where.field;
    this.row = where.row;
    this.column = where.column;
    this.issues = issues ?? [{ ...where, message }];
  }
}

/** The request body cannot be parsed at all (HTTP 400): malformed JSON, a broken multipart body. */
export class BadRequestError extends AppError {
  readonly status = 400;
  readonly code = "bad_request";
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "BadRequestError";
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = "not_found";
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`${resource} "${id}" not found`);
    this.name = "NotFoundError";
  }
}

/** No credentials, or credentials that do not verify (HTTP 401). */
export class AuthError extends AppError {
  readonly status = 401;
  readonly code = "unauthorized";
  constructor(message = "a valid API key is required (Authorization: Bearer alm_...)") {
    super(message);
    this.name = "AuthError";
  }
}

/** Valid credentials without the right scope or asset access (HTTP 403). */
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = "forbidden";
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenError";
  }
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = "payload_too_large";
  constructor(readonly limitBytes: number) {
    super(`request body exceeds the limit of ${limitBytes} bytes`);
    this.name = "PayloadTooLargeError";
  }
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = "unsupported_media_type";
  constructor(
    readonly contentType: string,
    readonly accepted: string[],
  ) {
    super(`content type "${contentType || "(none)"}" is not accepted; use one of ${accepted.join(", ")}`);
    this.name = "UnsupportedMediaTypeError";
  }
}

/** A conflicting concurrent write that did not resolve after retries (HTTP 409); the client may retry. */
export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = "conflict";
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}
