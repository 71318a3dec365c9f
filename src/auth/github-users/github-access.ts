import type { GitHubOctokit } from "../../github/octokit.js";

/** An Octokit authenticated as the signed-in user (a user-to-server token). */
export type UserOctokit = GitHubOctokit;

export interface GitHubAccess {
  user: { id: number; login: string; name: string | null };
  /** The repositories ("owner/name") GitHub lets the user access in the app's installations. */
  repositories: string[];
  /** The installations' accounts the user administers: an organization they own, or their own account. */
  ownerOf: string[];
  /** Every installation account the user can access something in. */
  accounts: string[];
}

/**
 * What GitHub lets the user see within this app's installations, read with
 * their own token: the installations they can access (GET /user/installations),
 * the repositories they can access in each, and whether they own the account
 * (an organization's owner role, read with GET /user/memberships/orgs/{org},
 * which the app's members:read permission allows; or their own account).
 */
export async function readGitHubAccess(octokit: UserOctokit): Promise<GitHubAccess> {
  const { data: user } = await octokit.request("GET /user");
  const installations = await octokit.paginate("GET /user/installations", { per_page: 100 });
  const repositories = new Set<string>();
  const ownerOf: string[] = [];
  const accounts: string[] = [];
  for (const installation of installations) {
    const account = installation.account && "login" in installation.account ? installation.account.login : null;
    if (account === null) continue;
    const repos = await octokit.paginate("GET /user/installations/{installation_id}/repositories", { installation_id: installation.id, per_page: 100 });
    for (const repo of repos) repositories.add(repo.full_name);
    accounts.push(account);
    if (await administers(octokit, user.login, account, installation.target_type)) ownerOf.push(account);
  }
  return { user: { id: Number(user.id), login: user.login, name: user.name ?? null }, repositories: [...repositories].sort(), ownerOf, accounts };
}

async function administers(octokit: UserOctokit, login: string, account: string, targetType: string): Promise<boolean> {
  if (targetType !== "Organization") return account.toLowerCase() === login.toLowerCase();
  try {
    const { data } = await octokit.request("GET /user/memberships/orgs/{org}", { org: account });
    return data.role === "admin" && data.state === "active";
  } catch (error) {
    // Not a member (only outside-collaborator access to some repositories): not an owner.
    if ((error as { status?: number }).status === 404 || (error as { status?: number }).status === 403) return false;
    throw error;
  }
}
