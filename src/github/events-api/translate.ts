/**
 * GitHub's Events API (GET /orgs/{org}/events, /repos/{owner}/{repo}/events, /users/{login}/events…)
 * reports the same activity as webhooks in another shape: `repo: {id, name, url}` instead of a
 * `repository` object, `actor` instead of `sender`, PascalCase types ("PullRequestEvent"), and
 * payloads GitHub trims (since October 2025 github.com sends a pull request's number, head and base
 * but no title, and a push's before and head but no commits; GitHub Enterprise Server sends more).
 * This module turns one such event into the webhook delivery it corresponds to, so that the one
 * normalizer reads both. Pure: no I/O, the web host is given.
 */

/** One event as the Events API lists it. */
export interface ApiEvent {
  id: string;
  type: string | null;
  actor: { id: number; login: string; display_login?: string; avatar_url?: string };
  repo: { id: number; name: string; url?: string };
  org?: { id: number; login: string };
  payload: Record<string, unknown>;
  public: boolean;
  created_at: string | null;
}

export interface TranslateContext {
  /** The web site links point to (config.github.webBaseUrl): https://github.com or the GHE host. */
  webBaseUrl: string;
  /** The installation whose token read the feed; null for a personal token. */
  installationId: number | null;
}

/** The webhook delivery an Events API event stands for: its X-GitHub-Event name and payload. */
export interface TranslatedEvent {
  name: string;
  payload: Record<string, unknown>;
}

type Json = Record<string, unknown>;
type Translator = (payload: Json, place: Place) => TranslatedEvent;

interface Place {
  repository: Json;
  webBaseUrl: string;
}

const ZERO_SHA = /^0+$/;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const object = (value: unknown): Json => (isObject(value) ? value : {});
/** A string or number as text, anything else as "" (payload fields are untyped JSON). */
const text = (value: unknown): string => (typeof value === "string" || typeof value === "number" ? String(value) : "");

/** A pull request object completed with what a trimmed one lacks, so that it reads like a webhook's. */
function pullRequest(payload: Json, place: Place): Json {
  const pr = object(payload.pull_request);
  const number = typeof pr.number === "number" ? pr.number : payload.number;
  return {
    ...pr,
    number,
    title: typeof pr.title === "string" ? pr.title : null,
    state: typeof pr.state === "string" ? pr.state : payload.action === "closed" ? "closed" : "open",
    html_url: typeof pr.html_url === "string" ? pr.html_url : `${text(place.repository.html_url)}/pull/${text(number)}`,
    head: object(pr.head),
    base: object(pr.base),
  };
}

function commit(value: unknown, place: Place): Json {
  const c = object(value);
  const author = object(c.author);
  return {
    id: c.sha,
    message: typeof c.message === "string" ? c.message : "",
    author: { name: author.name, email: author.email },
    url: `${text(place.repository.html_url)}/commit/${text(c.sha)}`,
    distinct: c.distinct !== false,
  };
}

function push(payload: Json, place: Place): TranslatedEvent {
  const before = text(payload.before);
  const after = text(payload.head ?? payload.after);
  const commits = (Array.isArray(payload.commits) ? payload.commits : []).map((c) => commit(c, place));
  return {
    name: "push",
    payload: {
      ref: payload.ref,
      before,
      after,
      created: ZERO_SHA.test(before),
      deleted: ZERO_SHA.test(after),
      // The Events API does not say; a webhook would.
      forced: false,
      compare: `${text(place.repository.html_url)}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits,
      head_commit: commits.at(-1) ?? null,
      ...(typeof payload.size === "number" && { size: payload.size }),
    },
  };
}

/** CreateEvent also reports a new repository, which webhooks send as repository.created. */
function create(payload: Json): TranslatedEvent {
  if (payload.ref_type === "repository") return { name: "repository", payload: { action: "created" } };
  return {
    name: "create",
    payload: { ref: payload.ref, ref_type: payload.ref_type, master_branch: payload.master_branch, description: payload.description, pusher_type: payload.pusher_type },
  };
}

const withPullRequest =
  (name: string, actions: Record<string, string> = {}): Translator =>
  (payload, place) => ({
    name,
    payload: { ...payload, action: actions[String(payload.action)] ?? payload.action, pull_request: pullRequest(payload, place) },
  });

const as =
  (name: string, defaults: Json = {}): Translator =>
  (payload) => ({ name, payload: { ...defaults, ...payload } });

/** Events API type → the webhook it corresponds to. */
const TRANSLATORS: Record<string, Translator> = {
  PullRequestEvent: withPullRequest("pull_request"),
  // The Events API says "created" for what webhooks call "submitted".
  PullRequestReviewEvent: withPullRequest("pull_request_review", { created: "submitted" }),
  PullRequestReviewCommentEvent: withPullRequest("pull_request_review_comment"),
  PullRequestReviewThreadEvent: withPullRequest("pull_request_review_thread"),
  IssuesEvent: as("issues"),
  IssueCommentEvent: as("issue_comment"),
  CommitCommentEvent: as("commit_comment", { action: "created" }),
  PushEvent: (payload, place) => push(payload, place),
  CreateEvent: (payload) => create(payload),
  DeleteEvent: (payload) => ({ name: "delete", payload: { ref: payload.ref, ref_type: payload.ref_type, pusher_type: payload.pusher_type } }),
  ForkEvent: (payload) => ({ name: "fork", payload: { forkee: { ...object(payload.forkee), private: object(payload.forkee).private === true } } }),
  // GitHub's "watch" webhook is a star, as WatchEvent is.
  WatchEvent: as("watch", { action: "started" }),
  ReleaseEvent: (payload) => ({ name: "release", payload: { ...payload, release: { assets: [], ...object(payload.release) } } }),
  MemberEvent: as("member", { action: "added" }),
  PublicEvent: as("public"),
  GollumEvent: (payload) => ({ name: "gollum", payload: { pages: Array.isArray(payload.pages) ? payload.pages : [] } }),
  DiscussionEvent: as("discussion"),
  DiscussionCommentEvent: as("discussion_comment"),
  SponsorshipEvent: as("sponsorship"),
};

/** The delivery id an Events API event is stored under: its own id, so that each is stored once whichever feed saw it. */
export function eventsApiDeliveryId(event: Pick<ApiEvent, "id">): string {
  return `events-api:${event.id}`;
}

/**
 * The webhook delivery `event` corresponds to, with the fields every webhook carries (repository,
 * sender, organization, installation) built from the event's own. A type without a webhook
 * counterpart keeps its Events API name, which the normalizer reads as a generic event.
 */
export function translateApiEvent(event: ApiEvent, { webBaseUrl, installationId }: TranslateContext): TranslatedEvent {
  const fullName = event.repo.name;
  const repository = {
    id: event.repo.id,
    name: fullName.slice(fullName.indexOf("/") + 1),
    full_name: fullName,
    // An event not shown to everyone is a private (or internal) repository's: readable only by tokens allowed private ones.
    private: event.public !== true,
    html_url: `${webBaseUrl}/${fullName}`,
    owner: { login: fullName.slice(0, fullName.indexOf("/")) },
  };
  const type = event.type ?? "UnknownEvent";
  const translator = Object.hasOwn(TRANSLATORS, type) ? TRANSLATORS[type] : undefined;
  const payload = object(event.payload);
  const translated = translator ? translator(payload, { repository, webBaseUrl }) : { name: type, payload };
  return {
    name: translated.name,
    payload: {
      ...translated.payload,
      repository,
      sender: { login: event.actor.login, id: event.actor.id, type: event.actor.login.endsWith("[bot]") ? "Bot" : "User", avatar_url: event.actor.avatar_url },
      ...(event.org && { organization: { login: event.org.login, id: event.org.id } }),
      ...(installationId !== null && { installation: { id: installationId } }),
    },
  };
}
