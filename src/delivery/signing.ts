import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";
/** Standard Webhooks asks for keys of 24 to 64 bytes. */
const KEY_BYTES = { generated: 32, min: 24, max: 64 };

/** A new Standard Webhooks secret: "whsec_" and a base64 key. */
export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(KEY_BYTES.generated).toString("base64");
}

/** The HMAC key of a secret, or null when it is not a valid whsec_ secret. */
function keyOf(secret: string): Buffer | null {
  if (!secret.startsWith(PREFIX)) return null;
  const encoded = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  const key = Buffer.from(encoded, "base64");
  return key.length >= KEY_BYTES.min && key.length <= KEY_BYTES.max ? key : null;
}

export function isWebhookSecret(secret: string): boolean {
  return keyOf(secret) !== null;
}

/** The webhook-signature header: "v1," and the base64 HMAC-SHA256 of "id.timestamp.body". */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = keyOf(secret);
  if (key === null) throw new Error("The subscription's secret is not a whsec_ secret; set a new one with code-buddy subscription remove and add.");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}
