import { matchesRules, rulesSchema, type Rules } from "../../src/delivery/rules.js";
import type { NormalizedEvent } from "../../src/normalize/types.js";

function event(overrides: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return {
    delivery_id: "d-1",
    source: "webhook",
    event_type: "pull_request",
    action: "opened",
    timestamp: "2026-11-21T10:30:00.000Z",
    installation_id: 2,
    repository: { id: 1, name: "hello", full_name: "octo-org/hello", private: false, url: "https://github.com/octo-org/hello" },
    sender: { login: "octocat", id: 1, type: "User" },
    organization: { login: "octo-org", id: 9 },
    subject: null,
    summary: "octocat opened pull request #42",
    details: {},
    mentions: [],
    ...overrides,
  };
}

const rules = (input: Record<string, unknown> = {}): Rules => rulesSchema.parse(input);
const inRepo = (fullName: string, isPrivate = false) => ({
  repository: { id: 2, name: fullName.split("/")[1]!, full_name: fullName, private: isPrivate, url: `https://github.com/${fullName}` },
});
const by = (login: string, type = "User") => ({ sender: { login, id: 3, type } });

describe("matchesRules", () => {
  test("the defaults take every public event of anyone but bots", () => {
    expect(matchesRules(rules(), event())).toBe(true);
    expect(matchesRules(rules(), event({ event_type: "push", action: null }))).toBe(true);
    expect(matchesRules(rules(), event({ repository: null, organization: { login: "octo-org", id: 9 } }))).toBe(true);
    expect(matchesRules(rules(), event(inRepo("octo-org/secret", true)))).toBe(false);
    expect(matchesRules(rules(), event(by("dependabot[bot]", "Bot")))).toBe(false);
  });

  test("events: a type matches every action; type.action only that action; type.* any action", () => {
    expect(matchesRules(rules({ events: ["pull_request"] }), event())).toBe(true);
    expect(matchesRules(rules({ events: ["pull_request.opened"] }), event())).toBe(true);
    expect(matchesRules(rules({ events: ["pull_request.closed"] }), event())).toBe(false);
    expect(matchesRules(rules({ events: ["issues.*"] }), event())).toBe(false);
    expect(matchesRules(rules({ events: ["issues.*", "pull_request.opened"] }), event())).toBe(true);
    expect(matchesRules(rules({ events: ["push"] }), event({ event_type: "push", action: null }))).toBe(true);
    expect(matchesRules(rules({ events: ["push.created"] }), event({ event_type: "push", action: null }))).toBe(false);
  });

  test("repositories: names in any case, owner/* for an owner's repositories and its organization's events", () => {
    expect(matchesRules(rules({ repositories: ["Octo-Org/Hello"] }), event())).toBe(true);
    expect(matchesRules(rules({ repositories: ["octo-org/other"] }), event())).toBe(false);
    expect(matchesRules(rules({ repositories: ["octo-org/*"] }), event(inRepo("octo-org/anything")))).toBe(true);
    expect(matchesRules(rules({ repositories: ["octo-org/*"] }), event(inRepo("globex/web")))).toBe(false);
    expect(matchesRules(rules({ repositories: ["octo-org/*"] }), event({ repository: null }))).toBe(true);
    expect(matchesRules(rules({ repositories: ["octo-org/hello"] }), event({ repository: null }))).toBe(false);
  });

  test("private repositories only when opted in", () => {
    expect(matchesRules(rules({ includePrivate: true }), event(inRepo("octo-org/secret", true)))).toBe(true);
    expect(matchesRules(rules({ includePrivate: true, repositories: ["octo-org/hello"] }), event(inRepo("octo-org/secret", true)))).toBe(false);
  });

  test("actors: only those listed, in any case; exclusions win", () => {
    expect(matchesRules(rules({ actors: ["OctoCat"] }), event())).toBe(true);
    expect(matchesRules(rules({ actors: ["alice"] }), event())).toBe(false);
    expect(matchesRules(rules({ actors: ["alice"] }), event({ sender: null }))).toBe(false);
    expect(matchesRules(rules({ excludeActors: ["octocat"] }), event())).toBe(false);
    expect(matchesRules(rules({ excludeActors: ["alice"] }), event())).toBe(true);
    expect(matchesRules(rules({ actors: ["octocat"], excludeActors: ["octocat"] }), event())).toBe(false);
  });

  test("bots: skipped by type or [bot] login unless included; the app's own bot never", () => {
    const own = new Set(["code-buddy[bot]"]);
    expect(matchesRules(rules(), event(by("renovate[bot]")))).toBe(false);
    expect(matchesRules(rules({ includeBots: true }), event(by("dependabot[bot]", "Bot")))).toBe(true);
    expect(matchesRules(rules({ includeBots: true }), event(by("Code-Buddy[bot]", "Bot")), own)).toBe(false);
    expect(matchesRules(rules({ includeBots: true, actors: ["code-buddy[bot]"] }), event(by("code-buddy[bot]", "Bot")), own)).toBe(false);
  });

  test("mentions: only events that @mention a watched login; trigger users limit who may mention", () => {
    const mentioning = event({ mentions: ["Alice", "bob"] });
    expect(matchesRules(rules({ mentions: ["alice"] }), mentioning)).toBe(true);
    expect(matchesRules(rules({ mentions: ["carol"] }), mentioning)).toBe(false);
    expect(matchesRules(rules({ mentions: ["alice"] }), event())).toBe(false);
    expect(matchesRules(rules({ mentions: ["alice"], triggerUsers: ["octocat"] }), mentioning)).toBe(true);
    expect(matchesRules(rules({ mentions: ["alice"], triggerUsers: ["mallory"] }), mentioning)).toBe(false);
  });

  test("every condition must hold", () => {
    const strict = rules({ events: ["issue_comment.created"], repositories: ["octo-org/*"], actors: ["octocat"], mentions: ["alice"] });
    const comment = { event_type: "issue_comment", action: "created", mentions: ["alice"] };
    expect(matchesRules(strict, event(comment))).toBe(true);
    expect(matchesRules(strict, event({ ...comment, ...inRepo("globex/web") }))).toBe(false);
    expect(matchesRules(strict, event({ ...comment, ...by("bob") }))).toBe(false);
    expect(matchesRules(strict, event({ ...comment, mentions: [] }))).toBe(false);
  });
});

describe("rulesSchema", () => {
  test("fills in the defaults", () => {
    expect(rules()).toEqual({ events: ["*"], repositories: ["*"], actors: [], excludeActors: [], includeBots: false, mentions: [], triggerUsers: [], includePrivate: false });
  });

  test("rejects what it cannot match, saying what is expected", () => {
    const problems = (input: Record<string, unknown>) => rulesSchema.safeParse(input).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(problems({ events: ["PullRequest"] })).toEqual(['events.0: must be an event type with an optional action: "push", "pull_request.opened", "issues.*" or "*"']);
    expect(problems({ repositories: ["octo-org"] })).toEqual(['repositories.0: must be "owner/name", "owner/*" or "*"']);
    expect(problems({ actors: ["not a login"] })).toEqual(["actors.0: must be a GitHub login, e.g. octocat"]);
    expect(problems({ triggerUsers: ["octocat"] })).toEqual(["triggerUsers: triggerUsers only applies to mentions: add mentions, or use actors to choose senders"]);
  });
});
