import { createHash, randomBytes } from "node:crypto";

/** Lets secret scanners and people recognize a Code Buddy token. */
export const TOKEN_PREFIX = "cb_";

/** 32 random bytes (256 bits), base64url: nothing to guess, nothing to escape in a header. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/**
 * The only form of a token the database holds. A fast unsalted SHA-256 is
 * enough here, unlike for passwords: a token carries 256 bits of randomness,
 * so neither a dictionary nor brute force can invert the hash, and a salt
 * would make the unique-index lookup by hash impossible.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
