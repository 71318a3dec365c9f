import type { BranchPushes, FailedRun, ItemList, ReleaseItem, RepositoryLists, ThreadItem } from "./digest-lists.js";

/** Entries of one list shown after the first round and after the second (the most)… */
const ROUNDS = [2, 5];
/** …and this many in the whole digest (a titled item is about 25 tokens), so a busy day stays under about 2,000 tokens. */
const ITEM_BUDGET = 30;

export interface BoundedLists {
  pull_requests?: { opened?: ItemList<ThreadItem>; merged?: ItemList<ThreadItem>; closed_unmerged?: ItemList<ThreadItem> };
  issues?: { opened?: ItemList<ThreadItem>; closed?: ItemList<ThreadItem> };
  releases?: ItemList<ReleaseItem>;
  pushes?: { count: number; commits: number; branches?: ItemList<BranchPushes> };
  failed_ci?: ItemList<FailedRun>;
}

type ListName = "pullRequestsMerged" | "failedRuns" | "releases" | "pullRequestsOpened" | "issuesOpened" | "issuesClosed" | "pullRequestsClosedUnmerged" | "branches";

/** What a reader looks for first gets the budget first. */
const PRIORITY: ListName[] = ["pullRequestsMerged", "failedRuns", "releases", "pullRequestsOpened", "issuesOpened", "issuesClosed", "pullRequestsClosedUnmerged", "branches"];

function itemsOf(lists: RepositoryLists, name: ListName): unknown[] {
  return name === "branches" ? lists.pushes.branches : lists[name];
}

function bounded<Item>(items: Item[], shown: number, count = items.length): ItemList<Item> | undefined {
  if (items.length === 0) return undefined;
  if (shown === 0) return { count };
  const more = items.length - shown;
  return { count, items: items.slice(0, shown), ...(more > 0 ? { more } : {}) };
}

/** The entries that are there (an absent list is left out, not written as undefined); undefined when none is. */
function compact<T extends object>(value: { [K in keyof T]-?: T[K] | undefined }): T | undefined {
  const entries = Object.entries(value).filter(([, entry]) => entry !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
}

/**
 * Cuts each repository's lists to the shared budget. Spending goes in rounds
 * (a first look at every list, then more of each), and within a round list
 * kind by kind in PRIORITY order, then repository by repository (most active
 * first), so a busy day still shows a little of everything. Counts stay
 * whole; `more` says what was left out.
 */
export function boundLists(repositories: RepositoryLists[]): BoundedLists[] {
  let budget = ITEM_BUDGET;
  const shown = repositories.map(() => new Map<ListName, number>(PRIORITY.map((name) => [name, 0])));
  for (const cap of ROUNDS) {
    for (const name of PRIORITY) {
      repositories.forEach((lists, index) => {
        const already = shown[index]!.get(name)!;
        const take = Math.max(0, Math.min(cap, itemsOf(lists, name).length, already + budget) - already);
        shown[index]!.set(name, already + take);
        budget -= take;
      });
    }
  }
  return repositories.map((lists, index) => {
    const take = (name: ListName) => shown[index]!.get(name)!;
    const failures = lists.failedRuns.reduce((sum, run) => sum + run.failures, 0);
    return (
      compact<BoundedLists>({
        pull_requests: compact({
          opened: bounded(lists.pullRequestsOpened, take("pullRequestsOpened")),
          merged: bounded(lists.pullRequestsMerged, take("pullRequestsMerged")),
          closed_unmerged: bounded(lists.pullRequestsClosedUnmerged, take("pullRequestsClosedUnmerged")),
        }),
        issues: compact({ opened: bounded(lists.issuesOpened, take("issuesOpened")), closed: bounded(lists.issuesClosed, take("issuesClosed")) }),
        releases: bounded(lists.releases, take("releases")),
        pushes:
          lists.pushes.count > 0 ? compact({ count: lists.pushes.count, commits: lists.pushes.commits, branches: bounded(lists.pushes.branches, take("branches")) }) : undefined,
        failed_ci: bounded(lists.failedRuns, take("failedRuns"), failures),
      }) ?? {}
    );
  });
}
