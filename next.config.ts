import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./server/http/security-headers";

const nextConfig: NextConfig = {
  // Native and WASM packages stay out of the server bundle and load from node_modules at run time.
  serverExternalPackages: ["onnxruntime-node", "@electric-sql/pglite", "@bsull/augurs", "postgres", "ioredis"],
  poweredByHeader: false,
  // proxy.ts sets these (with the CSP and HSTS) on everything it sees; this covers the static files it skips.
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
