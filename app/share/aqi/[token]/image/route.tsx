/**
 * GET /share/aqi/<token>/image: the share card as a 1200×630 PNG (next/og), public. A token that does not
 * verify answers problem+json 404, an expired one 410; a city removed since answers 404.
 */
import { ImageResponse } from "next/og";
import { SHARE_CARD_FALLBACK_FONT, SHARE_CARD_FONT, SHARE_CARD_HEIGHT, SHARE_CARD_WIDTH, ShareCardImage } from "@/components/air/share-card-image";
import { getShareCard } from "@/server/air/get-share-card";
import { loadShareCardFonts } from "@/server/air/share-card-fonts";
import { appShareTokenKey } from "@/server/air/share-key";
import { verifyShareToken } from "@/server/air/share-token";
import { getCache } from "@/server/cache";
import { routeDb } from "@/server/http/handle-route";
import { errorToResponse, problemResponse } from "@/server/http/problem";
import { appProblemType } from "@/server/serving/problem";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const instance = new URL(request.url).pathname;
  const verified = await verifyShareToken(appShareTokenKey(), token);
  if (!verified.ok) {
    const gone = verified.reason === "expired";
    return problemResponse({ type: appProblemType(gone ? "gone" : "not_found"), title: gone ? "Gone" : "Not Found", status: verified.status, detail: verified.message, instance });
  }
  try {
    const [card, fonts] = await Promise.all([getShareCard({ db: await routeDb(), cache: await getCache() }, verified.claims), loadShareCardFonts()]);
    const maxAgeS = Math.max(0, Math.min(3600, Math.floor((verified.expiresAt.getTime() - Date.now()) / 1000)));
    return new ImageResponse(<ShareCardImage card={card} />, {
      width: SHARE_CARD_WIDTH,
      height: SHARE_CARD_HEIGHT,
      fonts: fonts.map(({ role, ...f }) => ({ ...f, name: role === "main" ? SHARE_CARD_FONT : SHARE_CARD_FALLBACK_FONT })),
      headers: { "cache-control": `public, max-age=${maxAgeS}` },
    });
  } catch (error) {
    return errorToResponse(error, instance);
  }
}
