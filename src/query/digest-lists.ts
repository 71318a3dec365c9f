import type { NormalizedEvent } from "../normalize/types.js";

/** A bounded list: how many there were, the newest few (none when the budget ran out), and how many of them were left out. */
export interface ItemList<Item> {
  count: number;
  items?: Item[];
  more?: number;
}

export interface ThreadItem {
  number: number;
  title: string;
  by: string | null;
}

export interface ReleaseItem {
  tag: string;
  name?: string;
  by: string | null;
}

export interface BranchPushes {
  branch: string;
  pushes: number;
  commits: number;
}

export interface FailedRun {
  /** workflow_run, check_suite or check_run. */
  kind: string;
  name: string;
  branch: string | null;
  conclusion: string;
  failures: number;
}

/** The events of one repository (or organization) that the digest lists, newest first. */
export interface RepositoryLists {
  pullRequestsOpened: ThreadItem[];
  pullRequestsMerged: ThreadItem[];
  pullRequestsClosedUnmerged: ThreadItem[];
  issuesOpened: ThreadItem[];
  issuesClosed: ThreadItem[];
  releases: ReleaseItem[];
  pushes: { count: number; commits: number; branches: BranchPushes[] };
  failedRuns: FailedRun[];
}

const TITLE_LENGTH = 60;

function title(text: string | null | undefined): string {
  const line = (text ?? "").replace(/\s+/g, " ").trim();
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function emptyLists(): RepositoryLists {
  return {
    pullRequestsOpened: [],
    pullRequestsMerged: [],
    pullRequestsClosedUnmerged: [],
    issuesOpened: [],
    issuesClosed: [],
    releases: [],
    pushes: { count: 0, commits: 0, branches: [] },
    failedRuns: [],
  };
}

/** Adds a thread once: a pull request closed, reopened and closed again is listed once, at its newest event. */
function addThread(list: ThreadItem[], event: NormalizedEvent): void {
  const number = event.subject?.number;
  if (typeof number !== "number" || list.some((item) => item.number === number)) return;
  list.push({ number, title: title(event.subject?.title), by: event.sender?.login ?? null });
}

function addPush(pushes: RepositoryLists["pushes"], details: Record<string, unknown>): void {
  const commits = typeof details.commit_count === "number" ? details.commit_count : 0;
  pushes.count += 1;
  pushes.commits += commits;
  const branch = text(details.branch) ?? (text(details.tag) ? `tag ${text(details.tag)}` : text(details.ref));
  if (branch === null) return;
  const entry = pushes.branches.find((candidate) => candidate.branch === branch);
  if (entry) {
    entry.pushes += 1;
    entry.commits += commits;
  } else pushes.branches.push({ branch, pushes: 1, commits });
}

function addFailedRun(runs: FailedRun[], event: NormalizedEvent): void {
  const details = event.details;
  const name = text(details.name) ?? text(details.app) ?? event.subject?.title ?? event.event_type;
  const branch = text(details.head_branch);
  const conclusion = text(details.conclusion) ?? "failure";
  const same = runs.find((run) => run.kind === event.event_type && run.name === name && run.branch === branch && run.conclusion === conclusion);
  if (same) same.failures += 1;
  else runs.push({ kind: event.event_type, name, branch, conclusion, failures: 1 });
}

/** Files one listed event (see LISTED in activity-digest.ts) under its list. */
export function addToLists(lists: RepositoryLists, event: NormalizedEvent): void {
  switch (event.event_type) {
    case "pull_request":
      if (event.action === "opened") addThread(lists.pullRequestsOpened, event);
      else if (event.details.merged === true) addThread(lists.pullRequestsMerged, event);
      else addThread(lists.pullRequestsClosedUnmerged, event);
      return;
    case "issues":
      addThread(event.action === "opened" ? lists.issuesOpened : lists.issuesClosed, event);
      return;
    case "release": {
      const tag = text(event.details.tag) ?? "";
      const name = text(event.details.name);
      lists.releases.push({ tag, ...(name && name !== tag ? { name: title(name) } : {}), by: event.sender?.login ?? null });
      return;
    }
    case "push":
      addPush(lists.pushes, event.details);
      return;
    default:
      addFailedRun(lists.failedRuns, event);
  }
}
