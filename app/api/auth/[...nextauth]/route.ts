import { handleAuthRequest } from "@/server/auth/sign-in-route";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// next-auth with sign-in limits (server/auth/sign-in-route.ts). Options are built on first request: they
// read (or create) the session secret under DATA_DIR.
async function handler(request: Request, ctx: Ctx): Promise<Response> {
  const { nextauth } = await ctx.params;
  return handleAuthRequest(request, nextauth);
}

export { handler as GET, handler as POST };
