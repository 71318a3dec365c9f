import { z } from "zod";
import type { PrismaDb } from "../../store/db.js";
import type { Scope } from "../scope.js";
import { seal, unseal } from "../secret-box.js";
import type { GitHubAccess } from "./github-access.js";
import type { GitHubCredentials } from "./github-sign-in.js";

/** A signed-in person as every reader of the identity layer sees them. */
export interface GitHubUserView {
  id: number;
  login: string;
  name: string | null;
  /** What their OAuth tokens and console session see: the repositories GitHub lets them access, all of the accounts they own. */
  scope: Scope;
  /** Owners of an installation's account may manage tokens and subscriptions. */
  isAdmin: boolean;
  /** The installation accounts the user owns (organizations, or their own account). */
  ownerOf: string[];
  /** Every installation account the user can access something in. */
  accounts: string[];
  /** How many repositories GitHub lets them access in the installations. */
  repositoryCount: number;
  accessCheckedAt: Date;
  accessError: string | null;
}

const names = z.array(z.string());
const credentialsSchema = z.object({ token: z.string(), expiresAt: z.string().nullable(), refreshToken: z.string().nullable(), refreshTokenExpiresAt: z.string().nullable() });

/** A row edited into something else than a list of names grants nothing (fails closed). */
function namesOf(json: string): string[] {
  try {
    const parsed = names.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The scope GitHub's answer grants: every repository of an account the user owns ("owner/*"), and each other repository they can access, private ones included. */
export function scopeOf(login: string, repositories: readonly string[], ownerOf: readonly string[]): Scope {
  const owned = new Set(ownerOf.map((account) => account.toLowerCase()));
  const patterns = [...ownerOf.map((account) => `${account}/*`), ...repositories.filter((name) => !owned.has(name.split("/", 1)[0]!.toLowerCase()))];
  return Object.freeze({ name: `github:${login}`, repositories: Object.freeze(patterns), allowPrivate: true, login });
}

/** Whether a user row's owner_of names an account: owners are admins. */
export const ownsAnAccount = (ownerOfJson: string): boolean => namesOf(ownerOfJson).length > 0;

type UserRow = NonNullable<Awaited<ReturnType<PrismaDb["gitHubUser"]["findUnique"]>>>;

function view(row: UserRow): GitHubUserView {
  const repositories = namesOf(row.repositories);
  const ownerOf = namesOf(row.ownerOf);
  return {
    id: row.id,
    login: row.login,
    name: row.name,
    scope: scopeOf(row.login, repositories, ownerOf),
    isAdmin: ownerOf.length > 0,
    ownerOf,
    accounts: namesOf(row.accounts),
    repositoryCount: repositories.length,
    accessCheckedAt: row.accessCheckedAt,
    accessError: row.accessError,
  };
}

/** A signed-in person as GitHub last described them; null when they never signed in (or were deleted). */
export async function findGitHubUser(prisma: PrismaDb, id: number): Promise<GitHubUserView | null> {
  const row = await prisma.gitHubUser.findUnique({ where: { id } });
  return row ? view(row) : null;
}

export interface GitHubUsersDeps {
  prisma: PrismaDb;
  /** The GitHub token is stored sealed: the database alone never yields a token that works on GitHub. */
  sealingKey: Buffer;
}

/** The people who signed in with GitHub: their sealed GitHub credentials and what GitHub last said they may see. */
export class GitHubUsers {
  constructor(private readonly deps: GitHubUsersDeps) {}

  find(id: number): Promise<GitHubUserView | null> {
    return findGitHubUser(this.deps.prisma, id);
  }

  /** Records a sign-in, or a successful re-check: the access GitHub reported, and the credentials it was read with. */
  async saveAccess(access: GitHubAccess, credentials: GitHubCredentials, checkedAt: Date): Promise<GitHubUserView> {
    const data = {
      login: access.user.login,
      name: access.user.name,
      credentials: seal(this.deps.sealingKey, JSON.stringify(credentials)),
      repositories: JSON.stringify(access.repositories),
      ownerOf: JSON.stringify(access.ownerOf),
      accounts: JSON.stringify(access.accounts),
      accessCheckedAt: checkedAt,
      accessError: null,
    };
    const row = await this.deps.prisma.gitHubUser.upsert({ where: { id: access.user.id }, create: { id: access.user.id, ...data }, update: data });
    return view(row);
  }

  /** GitHub no longer accepts the user's token: they see nothing until they sign in again. */
  async revokeAccess(id: number, reason: string, checkedAt: Date): Promise<void> {
    await this.deps.prisma.gitHubUser.updateMany({
      where: { id },
      data: { repositories: "[]", ownerOf: "[]", accounts: "[]", accessCheckedAt: checkedAt, accessError: reason },
    });
  }

  /** A re-check that could not reach GitHub: the last known access stays, and the next check tries again. */
  async noteCheckFailed(id: number, checkedAt: Date): Promise<void> {
    await this.deps.prisma.gitHubUser.updateMany({ where: { id }, data: { accessCheckedAt: checkedAt } });
  }

  async credentials(id: number): Promise<GitHubCredentials | null> {
    const row = await this.deps.prisma.gitHubUser.findUnique({ where: { id }, select: { credentials: true } });
    if (!row) return null;
    return credentialsSchema.parse(JSON.parse(unseal(this.deps.sealingKey, row.credentials)));
  }

  /**
   * Claims up to `limit` users whose access was last read before `before` and whom GitHub still
   * accepted: each is marked checked at `now` only if no one else marked it meanwhile, so that of
   * several instances one checks it. Oldest checks first.
   */
  async claimDue(before: Date, now: Date, limit: number): Promise<number[]> {
    const { prisma } = this.deps;
    const rows = await prisma.gitHubUser.findMany({
      where: { accessCheckedAt: { lt: before }, accessError: null },
      orderBy: { accessCheckedAt: "asc" },
      take: limit,
      select: { id: true, accessCheckedAt: true },
    });
    const claimed: number[] = [];
    for (const row of rows) {
      const { count } = await prisma.gitHubUser.updateMany({ where: { id: row.id, accessCheckedAt: row.accessCheckedAt }, data: { accessCheckedAt: now } });
      if (count === 1) claimed.push(row.id);
    }
    return claimed;
  }
}
