/**
 * The share page's data, read once per request for both generateMetadata and the page (React cache): the
 * verified token and its card, or why there is none (an invalid token or a removed city: not found; an
 * expired token: expired).
 */
import { cache } from "react";
import { getShareCard, type ShareCard } from "@/server/air/get-share-card";
import { appShareTokenKey } from "@/server/air/share-key";
import { verifyShareToken } from "@/server/air/share-token";
import { getCache } from "@/server/cache";
import { routeDb } from "@/server/http/handle-route";
import { NotFoundError } from "@/server/http/errors";

export type LoadedShareCard = { status: "ok"; card: ShareCard; expiresAt: Date } | { status: "expired" } | { status: "not_found" };

export const loadShareCard = cache(async (token: string): Promise<LoadedShareCard> => {
  const verified = await verifyShareToken(appShareTokenKey(), token);
  if (!verified.ok) return { status: verified.reason === "expired" ? "expired" : "not_found" };
  try {
    const card = await getShareCard({ db: await routeDb(), cache: await getCache() }, verified.claims);
    return { status: "ok", card, expiresAt: verified.expiresAt };
  } catch (error) {
    if (error instanceof NotFoundError) return { status: "not_found" };
    throw error;
  }
});
