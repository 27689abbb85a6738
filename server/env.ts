/**
 * The one place that reads process.env. Every setting is validated with zod at start-up so that a bad
 * value fails loudly with the variable's name instead of surfacing later as an odd runtime error.
 */
import { z } from "zod";

const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.url().optional());
const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Directory for embedded state: PGlite files, model artifacts, generated secrets. */
  DATA_DIR: z.string().default(".data"),
  /** Real Postgres server; unset means embedded PGlite under PGLITE_DIR. */
  DATABASE_URL: optionalUrl,
  PGLITE_DIR: optionalString,
  /** Local or remote Redis (ioredis URL). */
  REDIS_URL: optionalUrl,
  /** Upstash REST Redis; takes precedence over REDIS_URL when both are set. */
  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  /** HTTP port of `npm start` (scripts/start.ts). */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NEXTAUTH_URL: optionalUrl,
  /**
   * Encrypts session JWTs (at least 32 characters). Required in production with DATABASE_URL; the
   * embedded demo generates one and keeps it in DATA_DIR/nextauth-secret (server/auth/secret.ts).
   */
  NEXTAUTH_SECRET: optionalString,
  /** First admin account, created at start-up when no admin exists yet. */
  ADMIN_EMAIL: z.preprocess((v) => (v === "" ? undefined : v), z.email().optional()),
  ADMIN_PASSWORD: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(8).optional()),
  /** Load the shipped demo data into an empty database at start-up. */
  SEED_DEMO: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  /** Inference sidecar; unset means in-process onnxruntime. */
  INFERENCE_URL: optionalUrl,
  /** Per-request sidecar timeout; a late answer is served in-process instead (sidecar/README.md). */
  INFERENCE_TIMEOUT_MS: z.coerce.number().int().positive().default(1000),
  /** Consecutive sidecar failures that open the circuit breaker (requests then go in-process). */
  INFERENCE_BREAKER_FAILURES: z.coerce.number().int().positive().default(3),
  /** How long the breaker stays open before one probe request tries the sidecar again. */
  INFERENCE_BREAKER_COOLDOWN_MS: z.coerce.number().int().positive().default(5000),
  ARTIFACT_DIR: optionalString,
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().default("us-east-1"),
  S3_BUCKET: optionalString,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Inngest cloud / dev server; unset means the same functions run in-process. */
  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  INNGEST_BASE_URL: optionalUrl,
  INNGEST_DEV: optionalString,
  /** Hosts that training-job data_url downloads may reach even though they are private or loopback. */
  DATA_URL_ALLOW_HOSTS: z.string().default("").transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean)),
  /** Largest accepted request body for REST ingestion, in bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /** Execution providers for in-process onnxruntime, in order of preference (the sidecar has its own, sidecar/config.ts). */
  ORT_EXECUTION_PROVIDERS: z.string().default("cuda,cpu"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Redis command timeout for the cache and rate limiters, in ms: a slow or absent Redis degrades, never blocks. */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(5).max(5000).default(50),
  /** Sign-in attempts allowed per account (email) in SIGN_IN_WINDOW_S before it is locked for SIGN_IN_BLOCK_S. */
  SIGN_IN_MAX_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  /** Sign-in attempts allowed per client address in SIGN_IN_WINDOW_S. */
  SIGN_IN_MAX_PER_IP: z.coerce.number().int().positive().default(20),
  SIGN_IN_WINDOW_S: z.coerce.number().int().positive().default(15 * 60),
  SIGN_IN_BLOCK_S: z.coerce.number().int().positive().default(15 * 60),
  /** Password hashes (scrypt, 128 MiB each) computed at once; further sign-ins wait or get 429. */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy (client address for rate limits,
   * https detection for Secure cookies and HSTS). Leave false when the app is reached directly.
   */
  TRUST_PROXY: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** Shared bearer token the app sends to the inference sidecar (the sidecar reads its own copy, sidecar/config.ts). */
  SIDECAR_TOKEN: optionalString,
  /** Bearer token for GET /api/metrics; without it the metrics answer only to loopback clients. */
  METRICS_TOKEN: optionalString,
  /** Requests per minute an API key may make to the predict / anomaly endpoints, unless the key sets its own. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** SMTP server for alert email (nodemailer URL, e.g. smtp://user:pass@mail.example.com:587); unset means no email channel. */
  SMTP_URL: optionalUrl,
  /** From address of alert email. */
  ALERT_EMAIL_FROM: optionalString,
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly issues: { variable: string; message: string }[]) {
    super(`Invalid environment: ${issues.map((i) => `${i.variable}: ${i.message}`).join("; ")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => ({ variable: i.path.join("."), message: i.message })));
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);
