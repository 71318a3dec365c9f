import type { ScopedEvent } from "../../src/auth/scope.js";
import { minute, type Stored } from "./stored-events.js";

const action = (name: string) => (payload: Record<string, unknown>) => payload.action === name;

/**
 * A small organization's day, one event a minute: two owners (Acme, Globex),
 * each with a public and a private repository, organization-level events
 * without a repository, three actors, threads with several events each.
 * Names are spelled in mixed case, as GitHub allows.
 */
export const WORLD: Stored[] = [
  { id: "acme-pr-7-opened", name: "pull_request", pick: action("opened"), repository: "Acme/API", actor: "Alice", number: 7, title: "Add dark mode toggle", at: minute(0) },
  { id: "acme-issue-3-opened", name: "issues", pick: action("opened"), repository: "Acme/API", actor: "Bob", number: 3, title: "Login fails with timeout", at: minute(1) },
  { id: "acme-secret-push", name: "push", repository: "Acme/Secret", private: true, actor: "Alice", at: minute(2) },
  { id: "globex-web-pr-1-opened", name: "pull_request", pick: action("opened"), repository: "Globex/Web", actor: "Carol", number: 1, title: "Speed up checkout", at: minute(3) },
  { id: "acme-pr-7-comment", name: "issue_comment", pick: action("created"), repository: "Acme/API", actor: "Bob", number: 7, title: "Add dark mode toggle", at: minute(4) },
  { id: "acme-org-member", name: "organization", pick: action("member_added"), repository: null, org: "Acme", actor: "Alice", at: minute(5) },
  {
    id: "globex-internal-issue-2",
    name: "issues",
    pick: action("opened"),
    repository: "Globex/Internal",
    private: true,
    actor: "Carol",
    number: 2,
    title: "Rotate the zebra credentials",
    at: minute(6),
  },
  {
    id: "acme-pr-7-ci-failed",
    name: "workflow_run",
    pick: action("completed"),
    repository: "Acme/API",
    actor: "Alice",
    number: 7,
    at: minute(7),
    change: (p) => Object.assign(p.workflow_run, { conclusion: "failure", name: "CI", head_branch: "dark-mode" }),
  },
  {
    id: "acme-pr-7-merged",
    name: "pull_request",
    pick: action("closed"),
    repository: "Acme/API",
    actor: "Bob",
    number: 7,
    title: "Add dark mode toggle",
    at: minute(8),
    change: (p) => Object.assign(p.pull_request, { merged: true }),
  },
  {
    id: "acme-issue-3-closed",
    name: "issues",
    pick: (p) => p.action === "opened",
    repository: "Acme/API",
    actor: "Alice",
    number: 3,
    title: "Login fails with timeout",
    at: minute(9),
    change: (p) => Object.assign(p, { action: "closed" }, { issue: { ...p.issue, state: "closed" } }),
  },
  { id: "globex-org-member", name: "organization", pick: action("member_added"), repository: null, org: "Globex", actor: "Carol", at: minute(10) },
  { id: "acme-release", name: "release", pick: action("published"), repository: "Acme/API", actor: "Alice", at: minute(11) },
  {
    id: "acme-secret-pr-4-opened",
    name: "pull_request",
    pick: action("opened"),
    repository: "Acme/Secret",
    private: true,
    actor: "Bob",
    number: 4,
    title: "Zebra migration",
    at: minute(12),
  },
  { id: "globex-web-star", name: "star", pick: action("created"), repository: "Globex/Web", actor: "Alice", at: minute(13) },
];

/** The columns scopeAllows reads, as the store writes them for a spec. */
export function scopedColumns(spec: Stored): ScopedEvent {
  const repository = spec.repository === undefined ? "Octo-Org/Hello-World" : spec.repository;
  return {
    repository: repository?.toLowerCase() ?? null,
    owner: (repository?.split("/")[0] ?? spec.org ?? "Octo-Org").toLowerCase(),
    private: repository !== null && (spec.private ?? false),
  };
}
