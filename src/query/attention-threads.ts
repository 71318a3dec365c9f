import type { NormalizedEvent } from "../normalize/types.js";
import type { EventRecord } from "./types.js";

/** Why a thread needs someone, in the words of GitHub's notifications API. */
export type AttentionReason = "review_requested" | "assign" | "mention" | "ci_activity" | "state_change" | "author" | "comment";

/** When a thread has several, the one it is listed under: what asks the most of them first. */
export const REASON_ORDER: readonly AttentionReason[] = ["review_requested", "assign", "mention", "ci_activity", "state_change", "author", "comment"];

/** One event that needs the person, and why. */
export interface Trigger {
  reason: AttentionReason;
  record: EventRecord;
}

export interface AttentionThread {
  repository: string;
  number: number;
  kind: "issue" | "pull_request";
  title: string | null;
  url: string | null;
  author: string | null;
  state: string | null;
  triggers: Trigger[];
}

interface ThreadState extends AttentionThread {
  /** The person commented on it or reviewed it. */
  participated: boolean;
  head: string | null;
  headSha: string | null;
}

const FAILED = new Set(["failure", "timed_out", "action_required", "startup_failure", "error"]);
const CI_TYPES = new Set(["check_run", "check_suite", "workflow_run", "status"]);
const STATE_ACTIONS = new Set(["closed", "reopened"]);

const lower = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : null);
const numbers = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is number => typeof item === "number") : []);
const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

/** A comment, a review or a review comment: something said on the thread. */
function says(event: NormalizedEvent): boolean {
  const { event_type: type, action } = event;
  return (
    ((type === "issue_comment" || type === "pull_request_review_comment" || type === "discussion_comment") && action === "created") ||
    (type === "pull_request_review" && action === "submitted")
  );
}

function failedCi({ event_type: type, action, details }: NormalizedEvent): boolean {
  if (!CI_TYPES.has(type)) return false;
  if (type === "status") return FAILED.has(lower(details.state) ?? "");
  return action === "completed" && FAILED.has(lower(details.conclusion) ?? "");
}

/** The reasons an event on a thread gives `login`, before it is added to the thread's story. */
function reasonsOn(thread: ThreadState, event: NormalizedEvent, login: string): AttentionReason[] {
  const { event_type: type, action, details } = event;
  const reasons: AttentionReason[] = [];
  if (type === "pull_request" && action === "review_requested" && lower(details.requested_reviewer) === login) reasons.push("review_requested");
  if (action === "assigned" && lower(details.assignee) === login) reasons.push("assign");
  if (event.mentions.some((mention) => mention.toLowerCase() === login)) reasons.push("mention");
  const involved = thread.author === login || thread.participated;
  const changesRequested = type === "pull_request_review" && action === "submitted" && details.review_state === "changes_requested";
  if ((changesRequested && thread.author === login) || (involved && (type === "pull_request" || type === "issues") && STATE_ACTIONS.has(action ?? "")))
    reasons.push("state_change");
  if (says(event)) {
    if (thread.author === login) reasons.push("author");
    else if (thread.participated) reasons.push("comment");
  }
  return reasons;
}

/** Drops the triggers a later event answered: a review request the person reviewed or that was withdrawn, an assignment undone. */
function settle(thread: ThreadState, event: NormalizedEvent, login: string): void {
  const { event_type: type, action, details } = event;
  const byThem = lower(event.sender?.login) === login;
  const answers = (reason: AttentionReason) =>
    (reason === "review_requested" &&
      ((type === "pull_request_review" && action === "submitted" && byThem) || (action === "review_request_removed" && lower(details.requested_reviewer) === login))) ||
    (reason === "assign" && action === "unassigned" && lower(details.assignee) === login);
  thread.triggers = thread.triggers.filter((trigger) => !answers(trigger.reason));
}

/**
 * What needs `login` (lowercase) in these events, oldest first, per issue or
 * pull request: GitHub's notification reasons, worked out from the stored
 * events alone. Nothing the person did themselves needs them; what they did
 * makes them a participant (comment) or answers a request.
 */
export function attentionThreads(records: readonly EventRecord[], login: string): AttentionThread[] {
  const threads = new Map<string, ThreadState>();
  const ci: EventRecord[] = [];
  for (const record of records) {
    const { event } = record;
    const repository = event.repository?.full_name;
    if (!repository) continue;
    if (failedCi(event)) {
      ci.push(record);
      continue;
    }
    const { subject } = event;
    if (!subject?.number || (subject.type !== "issue" && subject.type !== "pull_request")) continue;
    const key = `${repository.toLowerCase()}#${subject.number}`;
    const thread: ThreadState = threads.get(key) ?? {
      repository,
      number: subject.number,
      kind: subject.type,
      title: null,
      url: null,
      author: null,
      state: null,
      triggers: [],
      participated: false,
      head: null,
      headSha: null,
    };
    threads.set(key, thread);
    Object.assign(thread, {
      title: subject.title ?? thread.title,
      url: subject.url ?? thread.url,
      state: subject.state ?? thread.state,
      author: lower(event.details.author) ?? thread.author,
      head: typeof event.details.head === "string" ? event.details.head : thread.head,
      headSha: typeof event.details.head_sha === "string" ? event.details.head_sha : thread.headSha,
    });
    settle(thread, event, login);
    if (lower(event.sender?.login) === login) {
      if (says(event)) thread.participated = true;
      continue;
    }
    for (const reason of reasonsOn(thread, event, login)) thread.triggers.push({ reason, record });
  }
  for (const record of ci) for (const thread of pullRequestsOf(record.event, threads)) if (thread.author === login) thread.triggers.push({ reason: "ci_activity", record });
  return [...threads.values()].filter((thread) => thread.triggers.length > 0).map(({ participated: _p, head: _h, headSha: _s, ...thread }) => thread);
}

/** The pull requests a CI event ran for: the numbers it names, or for a commit status those whose head it is. */
function pullRequestsOf(event: NormalizedEvent, threads: Map<string, ThreadState>): ThreadState[] {
  const repository = event.repository!.full_name.toLowerCase();
  const named = numbers(event.details.pull_requests);
  const branches = strings(event.details.branches);
  return [...threads.values()].filter(
    (thread) =>
      thread.kind === "pull_request" &&
      thread.repository.toLowerCase() === repository &&
      (named.includes(thread.number) ||
        (event.event_type === "status" && ((thread.headSha !== null && thread.headSha === event.details.sha) || (thread.head !== null && branches.includes(thread.head))))),
  );
}
