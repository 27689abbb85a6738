/**
 * The request id: taken from the caller's `X-Request-Id` when it is a sane token, else a new uuid. It is kept
 * in AsyncLocalStorage for the request's duration, so logs, job dispatches and sidecar calls carry it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { SANE_REQUEST_ID } from "@/server/serving/request-id";

export const REQUEST_ID_HEADER = "x-request-id";

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function requestIdFrom(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

export function withRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** The current request's id, if running inside one. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
