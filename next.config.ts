import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WASM packages stay out of the server bundle and load from node_modules at run time.
  serverExternalPackages: ["onnxruntime-node", "@electric-sql/pglite", "@bsull/augurs", "postgres", "ioredis"],
  poweredByHeader: false,
};

export default nextConfig;
