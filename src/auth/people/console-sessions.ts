import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { PrismaDb } from "../../store/db.js";

export const SESSION_COOKIE = "cb_session";

const hash = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

/** The value of cookie `name` in the request, if sent. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax, Secure when Code Buddy is served over https; `maxAgeSeconds` 0 deletes it. */
export function cookieHeader(name: string, value: string, { secure, maxAgeSeconds, path = "/" }: { secure: boolean; maxAgeSeconds: number; path?: string }): string {
  return `${name}=${encodeURIComponent(value)}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export interface ConsoleSessionsDeps {
  prisma: PrismaDb;
  ttlSeconds: number;
  /** Keys the CSRF tokens of the session's forms. */
  csrfKey: Buffer;
  clock: () => Date;
}

/**
 * People signed in to the console: a random cookie whose SHA-256 is stored,
 * valid for SIGN_IN_SESSION_HOURS, ended by signing out. Every form a session
 * posts carries its CSRF token, an HMAC of the session, which a page of
 * another site cannot know.
 */
export class ConsoleSessions {
  constructor(private readonly deps: ConsoleSessionsDeps) {}

  async create(userId: number): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(this.deps.clock().getTime() + this.deps.ttlSeconds * 1000);
    await this.deps.prisma.consoleSession.create({ data: { tokenHash: hash(token), userId, expiresAt } });
    return { token, expiresAt };
  }

  /** The session's user, or null for an unknown, ended or expired session. */
  async userOf(token: string): Promise<{ sessionId: number; userId: number } | null> {
    const row = await this.deps.prisma.consoleSession.findUnique({ where: { tokenHash: hash(token) } });
    if (!row || row.expiresAt <= this.deps.clock()) return null;
    return { sessionId: row.id, userId: row.userId };
  }

  async end(token: string): Promise<void> {
    await this.deps.prisma.consoleSession.deleteMany({ where: { tokenHash: hash(token) } });
  }

  csrfToken(token: string): string {
    return createHmac("sha256", this.deps.csrfKey).update(`console:${hash(token)}`).digest("base64url");
  }

  checkCsrf(token: string, presented: string | undefined): boolean {
    if (presented === undefined) return false;
    const expected = Buffer.from(this.csrfToken(token));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async prune(): Promise<number> {
    return (await this.deps.prisma.consoleSession.deleteMany({ where: { expiresAt: { lte: this.deps.clock() } } })).count;
  }
}
