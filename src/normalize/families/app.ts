import { compact } from "../pick.js";
import { count, quote, words } from "../text.js";
import type { FamilyNormalizers, PayloadOf } from "../types.js";

const INSTALLATION_VERBS: Record<string, string> = {
  created: "installed the app on",
  deleted: "uninstalled the app from",
  suspend: "suspended the app on",
  unsuspend: "unsuspended the app on",
  new_permissions_accepted: "accepted the app's new permissions on",
};

/** The account an installation belongs to (a user or an organization). */
function accountOf(installation: PayloadOf<"installation">["installation"]): string {
  const account = installation.account;
  return account && "login" in account ? account.login : (account?.name ?? "an account");
}

/** "octo/a, octo/b" for a few repositories, "12 repositories" for many. */
function repositoryList(repositories: ReadonlyArray<{ full_name: string }>): string {
  return repositories.length <= 3 ? repositories.map((repository) => repository.full_name).join(", ") : count(repositories.length, "repository", "repositories");
}

function describeMarketplacePurchase(payload: PayloadOf<"marketplace_purchase">, actor: string): string {
  const purchase = payload.marketplace_purchase;
  const plan = quote(purchase.plan.name);
  const account = purchase.account.login;
  if (payload.action === "changed" && payload.previous_marketplace_purchase) {
    return `${actor} changed the plan of ${account} from ${quote(payload.previous_marketplace_purchase.plan.name)} to ${plan}`;
  }
  return `${actor} ${words(payload.action)} plan ${plan} for ${account}`;
}

export const appNormalizers = {
  installation: (payload, actor) => {
    const installation = payload.installation;
    const account = accountOf(installation);
    return {
      subject: { type: "installation", number: null, title: account, state: installation.suspended_at ? "suspended" : "active", url: installation.html_url },
      summary: `${actor} ${INSTALLATION_VERBS[payload.action] ?? `${words(payload.action)} the app on`} ${account}`,
      details: compact({
        account,
        account_type: installation.target_type,
        repository_selection: installation.repository_selection,
        repositories: payload.repositories?.slice(0, 10).map((repository) => repository.full_name),
      }),
      texts: [],
      namesPlace: true,
    };
  },
  installation_repositories: (payload, actor) => {
    const added = payload.action === "added";
    const repositories = added ? payload.repositories_added : payload.repositories_removed;
    return {
      subject: null,
      summary: `${actor} ${added ? "added" : "removed"} ${repositoryList(repositories)} ${added ? "to" : "from"} the app installation on ${accountOf(payload.installation)}`,
      details: { repository_selection: payload.repository_selection, repositories: repositories.slice(0, 10).map((repository) => repository.full_name) },
      texts: [],
      namesPlace: true,
    };
  },
  installation_target: (payload, actor) => ({
    subject: null,
    summary: `${actor} renamed ${payload.target_type.toLowerCase()} ${payload.changes.login?.from ?? "?"} to ${payload.account.login ?? "?"}`,
    details: compact({ target_type: payload.target_type, from: payload.changes.login?.from, to: payload.account.login }),
    texts: [],
    namesPlace: true,
  }),
  github_app_authorization: (_payload, actor) => ({
    subject: null,
    summary: `${actor} revoked their authorization of the app`,
    details: {},
    texts: [],
  }),
  // The hook's config is left out on purpose: it holds the delivery URL and sometimes the secret.
  ping: (payload) => ({
    subject: null,
    summary: `GitHub pinged webhook ${payload.hook_id ?? payload.hook?.id ?? "?"}: ${quote(payload.zen)}`,
    details: compact({ hook_id: payload.hook_id, hook_type: payload.hook?.type, events: payload.hook?.events.slice(0, 20), active: payload.hook?.active }),
    texts: [],
  }),
  meta: (payload, actor) => ({
    subject: null,
    summary: `${actor} deleted webhook ${payload.hook_id}`,
    details: { hook_id: payload.hook_id, hook_type: payload.hook.type, events: payload.hook.events.slice(0, 20) },
    texts: [],
  }),
  marketplace_purchase: (payload, actor) => ({
    subject: null,
    summary: describeMarketplacePurchase(payload, actor),
    details: compact({
      account: payload.marketplace_purchase.account.login,
      plan: payload.marketplace_purchase.plan.name,
      billing_cycle: payload.marketplace_purchase.billing_cycle,
      unit_count: payload.marketplace_purchase.unit_count,
      effective_date: payload.effective_date,
    }),
    texts: [],
  }),
} satisfies Partial<FamilyNormalizers>;
