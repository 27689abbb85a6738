/**
 * Almanac's layers, enforced by `npm run lint` (dependency-cruiser).
 *
 *   app/ ──► components/ ──(tRPC types only)──► server/ ──► ml/, db/
 *   app/api/inngest ──► inngest/ ──► server/
 *   sidecar/ ──► server/serving/ ──► ml/
 *   bench/, scripts/ ──► anything below them
 *
 * `ml/` is pure: no Next, database, network or environment. See CONTRIBUTING.md, "Layers".
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules must not import each other in a cycle. A cycle closed only by type imports is erased at compile time and allowed.",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "forecasts-not-training",
      severity: "error",
      comment: "Training produces versions, forecasts serve them: server/training may use server/forecasts, never the reverse.",
      from: { path: "^server/forecasts/" },
      to: { path: "^server/training/" },
    },
    {
      name: "ml-is-pure",
      severity: "error",
      comment: "ml/ is the bottom layer: it imports only ml/ and pure packages.",
      from: { path: "^ml/" },
      to: { path: "^(app|components|server|db|inngest|sidecar|bench|scripts|playwright)/" },
    },
    {
      name: "ml-no-io-packages",
      severity: "error",
      comment: "ml/ has no Next, database, network or environment dependencies.",
      from: { path: "^ml/", pathNot: "^ml/cli/|\\.test\\.ts$" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer"], path: "node_modules/(next|drizzle-orm|postgres|@electric-sql|ioredis|@upstash|undici|inngest|next-auth|@aws-sdk)/" },
    },
    {
      name: "db-below-server",
      severity: "error",
      comment: "db/ (schema, migrations) imports only db/ and ml/ types.",
      from: { path: "^db/" },
      to: { path: "^(app|components|server|inngest|sidecar|bench|scripts|playwright)/" },
    },
    {
      name: "server-not-upward",
      severity: "error",
      comment: "server/ imports server/, ml/ and db/ only; jobs are dispatched through server/jobs, never by importing inngest/.",
      from: { path: "^server/" },
      to: { path: "^(app|components|inngest|sidecar|bench|scripts|playwright)/" },
    },
    {
      name: "serving-is-shared",
      severity: "error",
      comment: "server/serving/ is shared with the sidecar: it imports only itself and ml/.",
      from: { path: "^server/serving/" },
      to: { path: "^(server/(?!serving/)|db/|app/|components/|inngest/|sidecar/)" },
    },
    {
      name: "sidecar-only-serving",
      severity: "error",
      comment: "The sidecar imports ml/ and server/serving/, never the rest of server/.",
      from: { path: "^sidecar/" },
      to: { path: "^(server/(?!serving/)|(app|components|inngest|db|bench|scripts|playwright)/)" },
    },
    {
      name: "inngest-below-app",
      severity: "error",
      comment: "inngest/ imports server/ (and ml/, db/), never app/, components/ or the sidecar.",
      from: { path: "^inngest/" },
      to: { path: "^(app|components|sidecar|bench|scripts|playwright)/" },
    },
    {
      name: "components-via-trpc",
      severity: "error",
      comment: "components/ reach the server through tRPC: from server/ and db/ they import only types, or the zod request/response schemas of a domain (server/<domain>/schemas.ts).",
      from: { path: "^components/" },
      to: { path: "^(server|db|inngest|sidecar)/", pathNot: "^server/[a-z-]+/schemas\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "components-not-app",
      severity: "error",
      comment: "components/ do not import pages or routes.",
      from: { path: "^components/" },
      to: { path: "^(app|bench|scripts|playwright)/" },
    },
    {
      name: "app-not-bench",
      severity: "error",
      comment: "The app does not import benchmarks or scripts.",
      from: { path: "^app/" },
      to: { path: "^(bench|scripts|playwright|sidecar)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|\\.data|test-results|playwright-report|bench/\\.out)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
    skipAnalysisNotInRules: true,
  },
};
