/**
 * QWeather API authentication: a JWT signed with the project's Ed25519 private key (PKCS#8 PEM),
 * header `{alg: "EdDSA", kid: <credential id>}`, payload `{sub: <project id>, iat: now - 30, exp: iat + 900}`
 * (iat 30 s early against clock skew; QWeather accepts at most 24 h). Sent as `Authorization: Bearer <jwt>`.
 */
import { SignJWT, importPKCS8 } from "jose";

export interface QWeatherCredentials {
  projectId: string;
  credentialId: string;
  privateKeyPem: string;
}

export async function qweatherJwt(c: QWeatherCredentials, nowMs = Date.now()): Promise<string> {
  const key = await importPKCS8(c.privateKeyPem, "EdDSA");
  const iat = Math.floor(nowMs / 1000) - 30;
  return new SignJWT({}).setProtectedHeader({ alg: "EdDSA", kid: c.credentialId }).setSubject(c.projectId).setIssuedAt(iat).setExpirationTime(iat + 900).sign(key);
}
