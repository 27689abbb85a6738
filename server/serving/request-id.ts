/** What a caller's `X-Request-Id` may be to be kept (else the app makes its own): the app and the sidecar both check it. */
export const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
