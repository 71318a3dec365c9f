import { createPrivateKey, hkdfSync, type JsonWebKey } from "node:crypto";

/** The keys Code Buddy's sign-in needs, all derived from the GitHub App's private key: no new secret to configure, and every instance derives the same. */
export interface DerivedKeys {
  /** AES-256-GCM: secrets kept at rest (GitHub user tokens, OAuth clients' secrets). */
  sealing: Buffer;
  /** HMAC-SHA256: CSRF tokens of the consent page and the console. */
  csrf: Buffer;
  /** oidc-provider's cookie signing keys. */
  cookies: string[];
  /** oidc-provider's signing key (Ed25519, as a JWK): it signs nothing Code Buddy's clients read, but the provider needs one. */
  signing: JsonWebKey;
}

/** PKCS #8 DER of an Ed25519 private key, up to its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

const derive = (secret: string, purpose: string) => Buffer.from(hkdfSync("sha256", secret, "code-buddy", purpose, 32));

/**
 * HKDF-SHA256 over the app's private key, one label per purpose, so that no
 * key serves two purposes. Rotating the private key rotates them all: sealed
 * GitHub tokens can no longer be opened and people sign in again.
 */
export function deriveKeys(appPrivateKey: string): DerivedKeys {
  const seed = derive(appPrivateKey, "oauth signing key v1");
  const signing = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" }).export({ format: "jwk" });
  return {
    sealing: derive(appPrivateKey, "sealing key v1"),
    csrf: derive(appPrivateKey, "csrf key v1"),
    cookies: [derive(appPrivateKey, "cookie key v1").toString("base64url")],
    signing: { ...signing, kid: derive(appPrivateKey, "oauth signing key id v1").toString("base64url").slice(0, 16), alg: "EdDSA", use: "sig" },
  };
}
