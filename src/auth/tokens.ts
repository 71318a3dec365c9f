import { z } from "zod";
import type { PrismaDb } from "../store/db.js";
import { LOGIN_PATTERN, REPOSITORY_PATTERN, type Scope } from "./scope.js";
import { generateToken, hashToken } from "./token-secret.js";

/** A token's scope, with the row it came from: a session is bound to the token, not merely to its name. */
export interface TokenScope extends Scope {
  readonly tokenId: number;
}

export interface TokenInfo {
  name: string;
  repositories: string[];
  allowPrivate: boolean;
  /** May manage subscriptions, deliveries and tokens. */
  admin: boolean;
  /** The GitHub login get_attention answers for by default. */
  login: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface NewToken {
  name: string;
  repositories: readonly string[];
  allowPrivate: boolean;
  admin?: boolean;
  login?: string | null;
}

/** A token request the operator can fix; the message says how. `reason` tells an API which answer it is. */
export class TokenError extends Error {
  override name = "TokenError";
  constructor(
    message: string,
    readonly reason: "invalid" | "not_found" | "conflict" = "invalid",
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const storedRepositories = z.array(z.string());

/** A row edited into something else than a list of patterns grants nothing (fails closed). */
function repositoriesOf(json: string): string[] {
  try {
    const parsed = storedRepositories.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function checkNewToken({ name, repositories, login }: NewToken): void {
  if (!NAME.test(name)) throw new TokenError(`Token name "${name}" is not valid: use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit.`);
  if (repositories.length === 0)
    throw new TokenError(
      'A token needs at least one --repo: --repo owner/name, --repo owner/* (every repository of owner) or --repo "*" (every repository; quote it in the shell).',
    );
  const invalid = repositories.filter((pattern) => !REPOSITORY_PATTERN.test(pattern));
  if (invalid.length > 0) throw new TokenError(`Not a repository pattern: ${invalid.map((p) => JSON.stringify(p)).join(", ")}. Use owner/name, owner/* or *.`);
  if (login !== undefined && login !== null && !LOGIN_PATTERN.test(login))
    throw new TokenError(`--login ${JSON.stringify(login)} is not a GitHub login: give one like octocat or my-bot[bot], without the @.`);
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2002";

/** Stores a new token's hash and returns the token itself, which nothing can show again. */
export async function createToken(prisma: PrismaDb, request: NewToken): Promise<{ token: string; info: TokenInfo }> {
  checkNewToken(request);
  const duplicate = new TokenError(`A token named "${request.name}" already exists. Choose another name, or revoke it first: code-buddy token revoke ${request.name}`, "conflict");
  if (await prisma.apiToken.findUnique({ where: { name: request.name }, select: { id: true } })) throw duplicate;
  const token = generateToken();
  const repositories = [...new Set(request.repositories)];
  try {
    const row = await prisma.apiToken.create({
      data: {
        name: request.name,
        tokenHash: hashToken(token),
        repositories: JSON.stringify(repositories),
        allowPrivate: request.allowPrivate,
        admin: request.admin ?? false,
        login: request.login ?? null,
      },
    });
    return {
      token,
      info: { name: row.name, repositories, allowPrivate: row.allowPrivate, admin: row.admin, login: row.login, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt },
    };
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate;
    throw error;
  }
}

export async function listTokens(prisma: PrismaDb): Promise<TokenInfo[]> {
  const rows = await prisma.apiToken.findMany({
    orderBy: { name: "asc" },
    select: { name: true, repositories: true, allowPrivate: true, admin: true, login: true, createdAt: true, lastUsedAt: true },
  });
  return rows.map((row) => ({ ...row, repositories: repositoriesOf(row.repositories) }));
}

export async function revokeToken(prisma: PrismaDb, name: string): Promise<void> {
  const { count } = await prisma.apiToken.deleteMany({ where: { name } });
  if (count === 0) throw new TokenError(`No token named "${name}". See the existing ones with: code-buddy token list`, "not_found");
}

export interface TokenLookup {
  scope: TokenScope;
  admin: boolean;
  lastUsedAt: Date | null;
}

/**
 * Finds a token through the unique index on its hash. Comparing secrets in
 * constant time is moot here: the database compares hashes, and timing
 * reveals at most a prefix of a hash, which is of no use for forging a token.
 */
export async function lookupToken(prisma: PrismaDb, token: string): Promise<TokenLookup | null> {
  return lookupOf(await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) } }));
}

/** The token behind a row id (a console session's), as lookupToken finds it by its secret. */
export async function tokenById(prisma: PrismaDb, id: number): Promise<TokenLookup | null> {
  return lookupOf(await prisma.apiToken.findUnique({ where: { id } }));
}

type TokenRow = { id: number; name: string; repositories: string; allowPrivate: boolean; admin: boolean; login: string | null; lastUsedAt: Date | null };

function lookupOf(row: TokenRow | null): TokenLookup | null {
  if (!row) return null;
  const scope: TokenScope = Object.freeze({
    tokenId: row.id,
    name: row.name,
    repositories: Object.freeze(repositoriesOf(row.repositories)),
    allowPrivate: row.allowPrivate,
    login: row.login,
  });
  return { scope, admin: row.admin, lastUsedAt: row.lastUsedAt };
}

/** Writing lastUsedAt on every request would turn each read into a write; to the minute is precise enough for "last used". */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Records a use of the token, at most once per LAST_USED_RESOLUTION_MS. */
export async function recordTokenUse(prisma: PrismaDb, { scope, lastUsedAt }: TokenLookup, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (lastUsedAt !== null && lastUsedAt > stale) return;
  // Conditional, so that instances and concurrent requests that read the same stale value write it once.
  await prisma.apiToken.updateMany({ where: { id: scope.tokenId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: stale } }] }, data: { lastUsedAt: now } });
}

/** The scopes of those of these tokens that still exist: sessions of revoked tokens are ended. */
export async function tokenScopesById(prisma: PrismaDb, ids: readonly number[]): Promise<Map<number, Scope>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.apiToken.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, repositories: true, allowPrivate: true } });
  return new Map(rows.map((row) => [row.id, { name: row.name, repositories: repositoriesOf(row.repositories), allowPrivate: row.allowPrivate }]));
}
