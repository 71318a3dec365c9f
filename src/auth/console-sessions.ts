import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { PrismaDb } from "../store/db.js";
import { findGitHubUser, ownsAnAccount } from "./github-users/users.js";
import type { Authenticator, Principal } from "./principal.js";
import type { Refusal } from "./refusal.js";
import { cookieOf, csrfTokenFor, SESSION_COOKIE } from "./session-cookie.js";
import { hashToken } from "./token-secret.js";
import { recordTokenUse, tokenById } from "./tokens.js";

export interface SessionDeps {
  prisma: PrismaDb;
  clock: () => Date;
  log: Logger;
}

/** Writing lastSeenAt on every page view would turn each read into a write; to the minute is enough for "last seen". */
const LAST_SEEN_RESOLUTION_MS = 60_000;
const USER_AGENT_CHARS = 200;

/** What a session was opened with: a cb_ token pasted at /sign-in, or a person signed in with GitHub. */
export type SessionOpener = { tokenId: number } | { userId: number };

/**
 * Opens a console session; returns the secret for the cookie, which only the
 * browser keeps (the database holds its hash). Expired sessions are cleared
 * on the way.
 */
export async function openSession(
  prisma: PrismaDb,
  opener: SessionOpener,
  { now, ttlMs, userAgent }: { now: Date; ttlMs: number; userAgent: string | undefined },
): Promise<string> {
  await prisma.consoleSession.deleteMany({ where: { expiresAt: { lt: now } } });
  const secret = randomBytes(32).toString("base64url");
  await prisma.consoleSession.create({
    data: {
      secretHash: hashToken(secret),
      ...opener,
      userAgent: userAgent?.slice(0, USER_AGENT_CHARS) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    },
  });
  return secret;
}

export async function closeSession(prisma: PrismaDb, id: number): Promise<void> {
  await prisma.consoleSession.deleteMany({ where: { id } });
}

export interface SessionInfo {
  /** Who signed in: the token's name, or the GitHub login. */
  name: string;
  via: "token" | "github";
  admin: boolean;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** The open sessions, most recently seen first: the console's "who signed in". */
export async function listSessions(prisma: PrismaDb, now: Date): Promise<SessionInfo[]> {
  const rows = await prisma.consoleSession.findMany({
    where: { expiresAt: { gte: now } },
    orderBy: { lastSeenAt: "desc" },
    include: { token: { select: { name: true, admin: true } }, user: { select: { login: true, ownerOf: true } } },
  });
  return rows.flatMap(({ token, user, userAgent, createdAt, lastSeenAt, expiresAt }): SessionInfo[] => {
    const times = { userAgent, createdAt, lastSeenAt, expiresAt };
    if (token) return [{ name: token.name, via: "token", admin: token.admin, ...times }];
    if (user) return [{ name: user.login, via: "github", admin: ownsAnAccount(user.ownerOf), ...times }];
    return [];
  });
}

type Owner = Pick<Principal, "id" | "name" | "scope" | "isAdmin"> & { recordUse(now: Date): Promise<void> };

/** Who a session stands for now, re-read on every request; null when that credential is gone. */
async function ownerOf(prisma: PrismaDb, session: { tokenId: number | null; userId: number | null }): Promise<Owner | null> {
  if (session.tokenId !== null) {
    const token = await tokenById(prisma, session.tokenId);
    if (!token) return null;
    const { tokenId, ...scope } = token.scope;
    return { id: `token:${tokenId}`, name: scope.name, scope, isAdmin: token.admin, recordUse: (now) => recordTokenUse(prisma, token, now) };
  }
  if (session.userId !== null) {
    const user = await findGitHubUser(prisma, session.userId);
    if (!user) return null;
    return { id: `user:${user.id}`, name: user.login, scope: user.scope, isAdmin: user.isAdmin, recordUse: async () => {} };
  }
  return null;
}

/**
 * The console's session cookie: the principal of the token or the person it
 * was opened for, re-read on every request (a revoked token has taken its
 * sessions with it; a person sees what GitHub last said they may). A cookie
 * of an ended session is refused with a 401, so the page sends the person to
 * sign in again.
 */
export function sessionAuthenticator({ prisma, clock, log }: SessionDeps, refuse: Refusal): Authenticator {
  return async (req) => {
    const secret = cookieOf(req, SESSION_COOKIE);
    if (secret === null) return null;
    const now = clock();
    const session = await prisma.consoleSession.findUnique({ where: { secretHash: hashToken(secret) } });
    const owner = session && session.expiresAt > now ? await ownerOf(prisma, session) : null;
    if (!session || !owner) throw refuse("The console session has ended (signed out, expired, or its token was revoked): sign in again at /sign-in.");
    if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
      await prisma.consoleSession
        .updateMany({ where: { id: session.id }, data: { lastSeenAt: now } })
        .catch((error: unknown) => log.warn({ err: error }, "could not record a session's last use"));
      await owner.recordUse(now).catch((error: unknown) => log.warn({ err: error, principal: owner.name }, "could not record the token's last use"));
    }
    return { kind: "session", id: owner.id, name: owner.name, scope: owner.scope, isAdmin: owner.isAdmin, csrfToken: csrfTokenFor(secret), sessionId: session.id };
  };
}
