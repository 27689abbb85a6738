/** next-auth configuration: email + password credentials, JWT sessions, custom sign-in page. */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/server/env";
import { getDb } from "@/server/db";
import { jwtCallback, sessionCallback } from "./callbacks";
import { resolveAuthSecret } from "./secret";
import { verifyCredentials } from "./verify-credentials";

export const SIGN_IN_PATH = "/sign-in";
const SESSION_MAX_AGE_S = 7 * 24 * 3600;

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

let cached: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  cached ??= {
    secret: resolveAuthSecret(env),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          return verifyCredentials(await getDb(), parsed.data.email, parsed.data.password);
        },
      }),
    ],
    callbacks: { jwt: jwtCallback, session: sessionCallback },
  };
  return cached;
}
