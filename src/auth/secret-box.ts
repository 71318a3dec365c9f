import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts `plaintext` with AES-256-GCM under `key`: "v1.<base64url iv|tag|ciphertext>". */
export function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")}`;
}

export class SealError extends Error {
  override name = "SealError";
}

/** The plaintext `seal` encrypted; throws SealError for anything it did not seal under this key (tampered, or another key). */
export function unseal(key: Buffer, sealed: string): string {
  const [version, body] = sealed.split(".");
  if (version !== VERSION || body === undefined) throw new SealError("not a sealed value");
  const bytes = Buffer.from(body, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SealError("the value was not sealed with this key, or was altered");
  }
}
