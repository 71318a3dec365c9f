import { readFileSync } from "node:fs";
import { eventsApiDeliveryId, translateApiEvent, type ApiEvent } from "../../src/github/events-api/translate.js";
import { normalize } from "../../src/normalize/index.js";

/** Events API events shaped as GitHub lists them: github.com's trimmed pull requests and pushes, and GHES's fuller push. */
const fixtures = JSON.parse(readFileSync(new URL("../fixtures/events-api.json", import.meta.url), "utf8")) as ApiEvent[];
const byId = (id: string) => fixtures.find((event) => event.id === id)!;

function normalized(event: ApiEvent, webBaseUrl = "https://github.com") {
  const { name, payload } = translateApiEvent(event, { webBaseUrl, installationId: 7 });
  return normalize({
    deliveryId: eventsApiDeliveryId(event),
    name,
    payload,
    receivedAt: new Date("2026-12-01T00:00:00Z"),
    source: "events-api",
    occurredAt: new Date(event.created_at!),
  }).event;
}

describe("Events API → webhook translation", () => {
  test.each([
    ["52001000001", "pull_request", "opened", "octocat opened pull request #42 in octo-org/hello"],
    ["52001000002", "pull_request", "closed", "octocat closed pull request #42 in octo-org/hello"],
    ["52001000003", "pull_request", "closed", 'alice merged pull request #7 "Rotate the signing keys" in octo-org/secret'],
    ["52001000004", "issues", "opened", 'alice opened issue #43 "Login fails on Safari" in octo-org/hello'],
    ["52001000005", "issue_comment", "created", 'octocat commented on issue #43 "Login fails on Safari" in octo-org/hello'],
    ["52001000006", "push", null, "octocat pushed to main in octo-org/hello"],
    ["52001000007", "push", null, "alice pushed 2 commits to dark-mode in octo-org/hello"],
    ["52001000008", "pull_request_review", "submitted", "bob approved pull request #42 in octo-org/hello"],
    ["52001000009", "pull_request_review_comment", "created", "bob commented on src/theme.css in pull request #42 in octo-org/hello"],
    ["52001000010", "create", null, "alice created branch dark-mode in octo-org/hello"],
    ["52001000011", "repository", "created", "octocat created repository octo-org/new-service"],
    ["52001000012", "delete", null, "alice deleted branch dark-mode in octo-org/hello"],
    ["52001000013", "fork", null, "dave forked octo-org/hello to dave/hello"],
    ["52001000014", "watch", "started", "dave starred octo-org/hello"],
    ["52001000015", "release", "published", 'octocat published release "Dark mode" (v1.2.0) in octo-org/hello'],
    ["52001000016", "member", "added", "octocat added erin as a collaborator in octo-org/hello"],
    ["52001000017", "public", null, "octocat made octo-org/new-service public"],
    ["52001000018", "gollum", null, 'alice edited wiki page "Release process" in octo-org/hello'],
    ["52001000019", "commit_comment", "created", "bob commented on commit 7638417 in octo-org/hello"],
    ["52001000020", "discussion", "created", 'alice started discussion #44 "Roadmap for 2027" in octo-org/hello'],
    ["52001000021", "CopilotWorkspaceEvent", "started", "octocat triggered CopilotWorkspaceEvent (started) in octo-org/hello"],
  ])("%s is %s.%s: %s", (id, eventType, action, summary) => {
    const event = normalized(byId(id));
    expect(event).toMatchObject({ delivery_id: `events-api:${id}`, source: "events-api", event_type: eventType, action, summary });
  });

  test("every fixture is covered, each type once at least", () => {
    const types = new Set(fixtures.map((event) => event.type));
    expect([...types].sort()).toEqual(
      [
        "CommitCommentEvent",
        "CopilotWorkspaceEvent",
        "CreateEvent",
        "DeleteEvent",
        "DiscussionEvent",
        "ForkEvent",
        "GollumEvent",
        "IssueCommentEvent",
        "IssuesEvent",
        "MemberEvent",
        "PublicEvent",
        "PullRequestEvent",
        "PullRequestReviewCommentEvent",
        "PullRequestReviewEvent",
        "PushEvent",
        "ReleaseEvent",
        "WatchEvent",
      ].sort(),
    );
  });

  test("the fields every event carries come from repo, actor and org; the time is when it happened on GitHub", () => {
    const event = normalized(byId("52001000004"));
    expect(event).toMatchObject({
      timestamp: "2026-11-30T10:10:00.000Z",
      installation_id: 7,
      repository: { id: 1296269, name: "hello", full_name: "octo-org/hello", private: false, url: "https://github.com/octo-org/hello" },
      sender: { login: "alice", id: 1024, type: "User" },
      organization: { login: "octo-org", id: 9919 },
      subject: { type: "issue", number: 43, title: "Login fails on Safari", state: "open", url: "https://github.com/octo-org/hello/issues/43" },
      mentions: ["octocat"],
    });
  });

  test("an event not shown to everyone is a private repository's, so scopes without private access never see it", () => {
    expect(normalized(byId("52001000003")).repository?.private).toBe(true);
    expect(normalized({ ...byId("52001000004"), public: undefined as unknown as boolean }).repository?.private).toBe(true);
  });

  test("a trimmed pull request gets its link on the configured host, and its branches", () => {
    const event = normalized(byId("52001000001"), "https://github.example.com");
    expect(event.subject).toEqual({ type: "pull_request", number: 42, title: null, state: "open", url: "https://github.example.com/octo-org/hello/pull/42" });
    expect(event.repository?.url).toBe("https://github.example.com/octo-org/hello");
    expect(event.details).toMatchObject({ base: "main", head: "dark-mode" });
    expect(event.details).not.toHaveProperty("merged");
  });

  test("a GHES push with commits lists them and their mentions; github.com's carries the range only", () => {
    const full = normalized(byId("52001000007"));
    expect(full.details).toMatchObject({
      branch: "dark-mode",
      commit_count: 2,
      before: "7638417",
      after: "184cb4b",
      commits: [{ sha: "c0ffee0", message: "Add the dark palette", author: "Alice" }, { sha: "184cb4b" }],
    });
    expect(full.mentions).toEqual(["octocat"]);
    const trimmed = normalized(byId("52001000006"));
    expect(trimmed.details).toMatchObject({ branch: "main", before: "6113728", after: "7638417", commit_count: 0 });
    expect(trimmed.subject?.url).toBe("https://github.com/octo-org/hello/compare/6113728f27ae...7638417db6d5");
  });

  test("a bot actor is a Bot, as webhooks say", () => {
    const event = normalized({ ...byId("52001000006"), actor: { id: 49699333, login: "dependabot[bot]" } });
    expect(event.sender).toEqual({ login: "dependabot[bot]", id: 49699333, type: "Bot" });
  });

  test("a payload that is not an object still yields an event", () => {
    const event = normalized({ ...byId("52001000004"), payload: null as unknown as Record<string, unknown> });
    expect(event).toMatchObject({ event_type: "issues", summary: "alice triggered issues in octo-org/hello", source: "events-api" });
  });
});
