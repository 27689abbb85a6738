/**
 * Bare /api: the same problem+json 404 as every unknown /api/* path (the [...path] catch-all needs at least
 * one segment, so without this file Next answers /api with its HTML 404 page).
 */
export { GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS } from "./[...path]/route";

export const dynamic = "force-dynamic";
