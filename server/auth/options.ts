/** next-auth configuration: email + password credentials, JWT sessions, custom sign-in page. */
import type { NextAuthOptions } from "next-auth";
import CredentialsProviderImport from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/server/env";
import { getDb } from "@/server/db";
import { isHttps } from "@/server/http/client-info";
import { activeSessionCallback, jwtCallback } from "./callbacks";
import { cjsDefault } from "./next-auth-handler";
import { resolveAuthSecret } from "./secret";
import { verifyCredentials } from "./verify-credentials";

const CredentialsProvider = cjsDefault(CredentialsProviderImport);

export const SIGN_IN_PATH = "/sign-in";
const SESSION_MAX_AGE_S = 7 * 24 * 3600;

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

export interface AuthOptionsSettings {
  /** `Secure` cookies (and next-auth's `__Secure-`/`__Host-` names); see secureCookiesFor. */
  secureCookies?: boolean;
}

/**
 * Whether the app is served over https, so cookies must be `Secure`: NEXTAUTH_URL is https, or a trusted
 * proxy (TRUST_PROXY) says X-Forwarded-Proto: https. Decided from the headers alone, not the request URL
 * (Next builds that from an X-Forwarded-Proto anyone may send), so the auth route and getServerSession in
 * server components, which only see the headers, choose the same cookie names.
 */
export function secureCookiesFor(headers: Headers, opts: { nextauthUrl?: string; trustProxy?: boolean } = {}): boolean {
  const nextauthUrl = "nextauthUrl" in opts ? opts.nextauthUrl : env.NEXTAUTH_URL;
  if (nextauthUrl?.toLowerCase().startsWith("https://")) return true;
  return isHttps(new Request("http://headers-only.invalid/", { headers }), { trustProxy: opts.trustProxy });
}

const cached = new Map<boolean, NextAuthOptions>();

export function getAuthOptions(settings: AuthOptionsSettings = {}): NextAuthOptions {
  const secureCookies = settings.secureCookies ?? secureCookiesFor(new Headers());
  let options = cached.get(secureCookies);
  if (!options) {
    options = {
      secret: resolveAuthSecret(env),
      session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
      useSecureCookies: secureCookies,
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
      callbacks: { jwt: jwtCallback, session: async (args) => activeSessionCallback(args, await getDb()) },
    };
    cached.set(secureCookies, options);
  }
  return options;
}
