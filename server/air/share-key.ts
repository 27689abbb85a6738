/** The app's share-token key: derived once per process from the session secret (server/auth/secret.ts). */
import { resolveAuthSecret } from "@/server/auth/secret";
import { env } from "@/server/env";
import { shareTokenKey } from "./share-token";

let key: Uint8Array | undefined;

export function appShareTokenKey(): Uint8Array {
  key ??= shareTokenKey(resolveAuthSecret(env));
  return key;
}
