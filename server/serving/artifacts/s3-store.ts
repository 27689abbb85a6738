/**
 * Artifact store on any S3-compatible object store (AWS S3, MinIO, R2, ...) through @aws-sdk/client-s3.
 * Keys: <prefix>models/<sha>.onnx and <prefix>models/<sha>.manifest.json.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import type { ModelManifest } from "@/ml/onnx/signature";
import { ArtifactNotFoundError } from "./errors";
import type { StoredManifest } from "./manifest";
import type { ArtifactStore } from "./store";
import { assertSha256, sha256Hex, verifyArtifact, type VerifiedArtifact } from "./verify-artifact";
import { encodeState, verifyState, type StateArtifact, type StoredStateManifest, type VerifiedState } from "./state-artifact";

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix, e.g. "almanac/" (default ""). */
  prefix?: string;
  /** Endpoint of an S3-compatible server, e.g. "http://127.0.0.1:9000"; omit for AWS. */
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (bucket in the path), needed by most self-hosted S3-compatible servers. */
  forcePathStyle?: boolean;
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}

export class S3ArtifactStore implements ArtifactStore {
  readonly location: string;
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly opts: S3StoreOptions) {
    this.prefix = `${opts.prefix ?? ""}models/`;
    this.location = `s3://${opts.bucket}/${this.prefix}`;
    const config: S3ClientConfig = {
      region: opts.region ?? "us-east-1",
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle ?? Boolean(opts.endpoint),
      // Checksums only where the API requires them: many S3-compatible servers reject the newer defaults.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    };
    if (opts.accessKeyId && opts.secretAccessKey) {
      config.credentials = { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey };
    }
    this.client = new S3Client(config);
  }

  private key(sha256: string, ext: "onnx" | "state.json" | "manifest.json"): string {
    return `${this.prefix}${sha256}.${ext}`;
  }

  private async getBytes(key: string): Promise<Uint8Array | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: key }));
      return res.Body ? await res.Body.transformToByteArray() : new Uint8Array();
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async put(bytes: Uint8Array, manifest: ModelManifest): Promise<StoredManifest> {
    const sha256 = sha256Hex(bytes);
    const stored: StoredManifest = { ...manifest, sha256, sizeBytes: bytes.byteLength };
    const manifestJson = JSON.stringify(stored, null, 2);
    verifyArtifact(sha256, bytes, manifestJson);
    // Model first, manifest last: a reader that sees the manifest also sees the model.
    await this.client.send(
      new PutObjectCommand({ Bucket: this.opts.bucket, Key: this.key(sha256, "onnx"), Body: bytes, ContentType: "application/octet-stream" }),
    );
    await this.client.send(
      new PutObjectCommand({ Bucket: this.opts.bucket, Key: this.key(sha256, "manifest.json"), Body: manifestJson, ContentType: "application/json" }),
    );
    return stored;
  }

  async get(sha256: string): Promise<VerifiedArtifact> {
    assertSha256(sha256);
    const bytes = await this.getBytes(this.key(sha256, "onnx"));
    if (!bytes) throw new ArtifactNotFoundError(sha256, this.location);
    const manifest = await this.getBytes(this.key(sha256, "manifest.json"));
    return verifyArtifact(sha256, bytes, manifest ? new TextDecoder().decode(manifest) : null);
  }

  async putState(artifact: StateArtifact): Promise<StoredStateManifest> {
    const { bytes, manifest } = encodeState(artifact);
    await this.client.send(new PutObjectCommand({ Bucket: this.opts.bucket, Key: this.key(manifest.sha256, "state.json"), Body: bytes, ContentType: "application/json" }));
    await this.client.send(
      new PutObjectCommand({ Bucket: this.opts.bucket, Key: this.key(manifest.sha256, "manifest.json"), Body: JSON.stringify(manifest, null, 2), ContentType: "application/json" }),
    );
    return manifest;
  }

  async getState(sha256: string): Promise<VerifiedState> {
    assertSha256(sha256);
    const bytes = await this.getBytes(this.key(sha256, "state.json"));
    if (!bytes) throw new ArtifactNotFoundError(sha256, this.location);
    const manifest = await this.getBytes(this.key(sha256, "manifest.json"));
    return verifyState(sha256, bytes, manifest ? new TextDecoder().decode(manifest) : null);
  }

  async has(sha256: string): Promise<boolean> {
    assertSha256(sha256);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key: this.key(sha256, "onnx") }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async list(): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const res = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.opts.bucket, Prefix: this.prefix, ContinuationToken: token }),
      );
      for (const o of res.Contents ?? []) {
        const m = /([0-9a-f]{64})\.onnx$/.exec(o.Key ?? "");
        if (m) out.push(m[1]);
      }
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return out.sort();
  }

  destroy(): void {
    this.client.destroy();
  }
}
