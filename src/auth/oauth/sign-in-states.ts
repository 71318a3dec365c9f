import { createHash, randomBytes } from "node:crypto";
import type { PrismaDb } from "../../store/db.js";

/**
 * - `authorize`: an OAuth client's authorization request waits on the GitHub sign-in (target: its interaction id);
 * - `console`: a person signs in to the console (target: the page to return to);
 * - `login`: GitHub's answer, handed from the callback to the interaction (target: "<interaction id> <user id>").
 */
export type SignInPurpose = "authorize" | "console" | "login";

export interface PendingSignIn {
  purpose: SignInPurpose;
  target: string;
}

const hash = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

/** How long a person has to come back from GitHub. */
export const SIGN_IN_TTL_MS = 10 * 60_000;

/**
 * Single-use, short-lived random values standing for a sign-in under way:
 * the `state` sent to GitHub and the ticket GitHub's answer is handed on
 * with. Only their SHA-256 is stored; taking one deletes it, so it works
 * once, and only for the purposes the taker accepts.
 */
export class SignInStates {
  constructor(
    private readonly prisma: PrismaDb,
    private readonly clock: () => Date,
  ) {}

  async begin(purpose: SignInPurpose, target: string): Promise<string> {
    const value = randomBytes(32).toString("base64url");
    await this.prisma.signInState.create({ data: { stateHash: hash(value), purpose, target, expiresAt: new Date(this.clock().getTime() + SIGN_IN_TTL_MS) } });
    return value;
  }

  async take(value: string, purposes: readonly SignInPurpose[]): Promise<PendingSignIn | null> {
    const stateHash = hash(value);
    const row = await this.prisma.signInState.findUnique({ where: { stateHash } });
    if (!row) return null;
    // Deleted whatever it turns out to be: a value is tried once.
    const { count } = await this.prisma.signInState.deleteMany({ where: { stateHash } });
    if (count !== 1 || row.expiresAt <= this.clock() || !purposes.includes(row.purpose as SignInPurpose)) return null;
    return { purpose: row.purpose as SignInPurpose, target: row.target };
  }

  /** Deletes the sign-ins nobody came back from. */
  async prune(): Promise<number> {
    return (await this.prisma.signInState.deleteMany({ where: { expiresAt: { lte: this.clock() } } })).count;
  }
}
