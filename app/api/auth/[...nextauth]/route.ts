import NextAuth from "next-auth";
import { getAuthOptions } from "@/server/auth/options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built on first request: they read (or create) the session secret under DATA_DIR.
function handler(req: Request, ctx: Ctx) {
  return NextAuth(getAuthOptions())(req, ctx);
}

export { handler as GET, handler as POST };
