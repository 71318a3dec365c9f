import { eventSchema } from "../src/normalize/event-schema.js";
import { normalize } from "../src/normalize/index.js";
import { extractMentions } from "../src/normalize/mentions.js";
import { excerpt, oneLine, truncate } from "../src/normalize/text.js";
import type { Normalized } from "../src/normalize/types.js";
import { EXAMPLES, example } from "./support/webhooks.js";

const receivedAt = new Date("2026-11-21T10:30:00Z");

function run(name: string, payload: unknown): Normalized {
  return normalize({ deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958", name, payload, receivedAt });
}

// Example payloads are edited field by field; restating their webhook types here would add nothing.
type EditablePayload = Record<string, any>;

/** GitHub's (first) example for `name` with this action, after `change`, normalized. */
function normalizeExample(name: string, action?: string, change: (payload: EditablePayload) => void = () => {}): Normalized {
  const payload: EditablePayload = example(name, (candidate) => action === undefined || candidate.action === action);
  change(payload);
  return run(name, payload);
}

function eventOf(name: string, action?: string, change?: (payload: EditablePayload) => void) {
  return normalizeExample(name, action, change).event;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const ALL_EXAMPLES = EXAMPLES.flatMap(({ name, examples }) => examples.map((payload, index) => ({ name, index, payload })));

const nullableString = (value: unknown) => value === null || typeof value === "string";

describe("normalize: every example payload GitHub documents", () => {
  test("the examples cover 58 event types in 329 payloads", () => {
    expect(EXAMPLES).toHaveLength(58);
    expect(ALL_EXAMPLES).toHaveLength(329);
  });

  test.each(ALL_EXAMPLES)("$name #$index", ({ name, payload }) => {
    const { event, searchText } = run(name, payload);
    const repository = payload.repository as { full_name: string; html_url: string } | undefined;
    const sender = payload.sender as { login: string } | undefined;
    const installation = payload.installation as { id: number } | undefined;

    // The schema tools and the REST API describe is the event produced: parsing (which drops unknown keys) changes nothing.
    expect(eventSchema.parse(event)).toEqual(event);
    expect(event.delivery_id).toBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    expect(event.event_type).toBe(name);
    expect(event.timestamp).toBe("2026-11-21T10:30:00.000Z");
    expect(event.action).toBe(typeof payload.action === "string" ? payload.action : null);
    expect(event.installation_id).toBe(installation?.id ?? null);
    expect(event.repository?.full_name ?? null).toBe(repository?.full_name ?? null);
    expect(event.repository?.url ?? null).toBe(repository?.html_url ?? null);
    expect(event.sender?.login ?? null).toBe(sender?.login ?? null);

    // A person's sentence: one line, no leaked placeholders, and never the generic fallback for an event we know.
    expect(event.summary).toMatch(/^\S(.*\S)?$/);
    expect(event.summary).not.toMatch(/\s{2}|undefined|\[object Object\]|\bnull\b|"\s*"/);
    expect(event.summary).not.toContain(`triggered ${name}`);
    if (repository) expect(event.summary).toContain(repository.full_name);

    if (event.subject !== null) {
      expect(typeof event.subject.type).toBe("string");
      expect(event.subject.number === null || Number.isInteger(event.subject.number)).toBe(true);
      expect(nullableString(event.subject.title)).toBe(true);
      expect(nullableString(event.subject.state)).toBe(true);
      expect(nullableString(event.subject.url)).toBe(true);
    }

    expect(JSON.stringify(event.details).length).toBeLessThan(1024);
    expect(new Set(event.mentions.map((login) => login.toLowerCase())).size).toBe(event.mentions.length);
    expect(searchText.split("\n")[0]).toBe(event.summary);
    expect(searchText.length).toBeLessThanOrEqual(4000);
  });
});

describe("normalize: summaries and subjects", () => {
  const PR_TITLE = '"Update the README with new information."';

  test("pull request opened", () => {
    const event = eventOf("pull_request", "opened");
    expect(event.summary).toBe(`Codertocat opened pull request #2 ${PR_TITLE} in Codertocat/Hello-World`);
    expect(event.subject).toEqual({
      type: "pull_request",
      number: 2,
      title: "Update the README with new information.",
      state: "open",
      url: "https://github.com/Codertocat/Hello-World/pull/2",
    });
    expect(event.details).toEqual({
      author: "Codertocat",
      base: "master",
      head: "changes",
      head_sha: "ec26c3e",
      draft: false,
      merged: false,
      labels: [],
      requested_reviewers: [],
      assignees: [],
      additions: 1,
      deletions: 1,
      changed_files: 1,
      body: "This is a pretty simple change that we need to pull into master.",
    });
  });

  test("pull request closed: merged and unmerged read differently", () => {
    const merged = eventOf("pull_request", "closed", (payload) => {
      payload.pull_request.merged = true;
      payload.pull_request.merged_by = { ...payload.sender, login: "alice" };
    });
    expect(merged.summary).toBe(`Codertocat merged pull request #2 ${PR_TITLE} in Codertocat/Hello-World`);
    expect(merged.subject?.state).toBe("merged");
    expect(merged.details).toMatchObject({ merged: true, merged_by: "alice" });

    const closed = eventOf("pull_request", "closed");
    expect(closed.summary).toBe(`Codertocat closed pull request #2 ${PR_TITLE} without merging in Codertocat/Hello-World`);
    expect(closed.subject?.state).toBe("closed");
    expect(closed.details).toMatchObject({ merged: false, labels: ["bug"], requested_reviewers: ["octocat"] });
  });

  test("pull request review requested names the reviewer", () => {
    expect(eventOf("pull_request", "review_requested").summary).toBe(`Codertocat requested a review from octocat on pull request #2 ${PR_TITLE} in Codertocat/Hello-World`);
  });

  test("pull request review: the state decides the verb", () => {
    const approved = eventOf("pull_request_review", "submitted", (payload) => {
      payload.review.state = "approved";
      payload.review.body = "LGTM, thanks @octocat!";
    });
    expect(approved.summary).toBe(`Codertocat approved pull request #2 ${PR_TITLE} in Codertocat/Hello-World`);
    expect(approved.details).toMatchObject({ review_state: "approved", reviewer: "Codertocat", review_body: "LGTM, thanks @octocat!" });
    expect(approved.mentions).toEqual(["octocat"]);

    const changes = eventOf("pull_request_review", "submitted", (payload) => (payload.review.state = "changes_requested"));
    expect(changes.summary).toBe(`Codertocat requested changes on pull request #2 ${PR_TITLE} in Codertocat/Hello-World`);

    expect(eventOf("pull_request_review", "submitted").summary).toBe(`Codertocat reviewed pull request #2 ${PR_TITLE} in Codertocat/Hello-World`);
    expect(eventOf("pull_request_review", "dismissed").summary).toBe(`Codertocat dismissed Codertocat's review on pull request #2 ${PR_TITLE} in Codertocat/Hello-World`);
  });

  test("issue opened", () => {
    const event = eventOf("issues", "opened");
    expect(event.summary).toBe('Codertocat opened issue #1 "Spelling error in the README file" in Codertocat/Hello-World');
    expect(event.subject).toEqual({
      type: "issue",
      number: 1,
      title: "Spelling error in the README file",
      state: "open",
      url: "https://github.com/Codertocat/Hello-World/issues/1",
    });
    expect(event.details).toEqual({
      author: "Codertocat",
      labels: ["bug"],
      assignees: ["Codertocat"],
      milestone: "v1.0",
      body: "It looks like you accidently spelled 'commit' with two 't's.",
    });
  });

  test("issue closed as not planned", () => {
    const event = eventOf("issues", "opened", (payload) => {
      payload.action = "closed";
      payload.issue.state = "closed";
      payload.issue.state_reason = "not_planned";
    });
    expect(event.summary).toBe('Codertocat closed issue #1 "Spelling error in the README file" as not planned in Codertocat/Hello-World');
    expect(event.subject?.state).toBe("closed");
  });

  test("issue comment created: excerpt of the body and its @mentions", () => {
    const body = "Thanks @octocat and @Hubot!\n\ncc @octo-org/reviewers, mail dev@example.com, not `@in-code`, again @OctoCat.";
    const event = eventOf("issue_comment", "created", (payload) => (payload.comment.body = body));
    expect(event.summary).toBe('Codertocat commented on issue #1 "Spelling error in the README file" in Codertocat/Hello-World');
    expect(event.subject?.type).toBe("issue");
    expect(event.details).toMatchObject({
      comment_author: "Codertocat",
      comment_body: "Thanks @octocat and @Hubot! cc @octo-org/reviewers, mail dev@example.com, not `@in-code`, again @OctoCat.",
      comment_url: "https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400",
    });
    expect(event.mentions).toEqual(["octocat", "Hubot"]);
  });

  test("a comment on a pull request's conversation is about the pull request", () => {
    const event = eventOf("issue_comment", "created", (payload) => {
      payload.issue.pull_request = { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/1" };
      payload.issue.html_url = "https://github.com/Codertocat/Hello-World/pull/1";
    });
    expect(event.summary).toBe('Codertocat commented on pull request #1 "Spelling error in the README file" in Codertocat/Hello-World');
    expect(event.subject).toMatchObject({ type: "pull_request", number: 1, url: "https://github.com/Codertocat/Hello-World/pull/1" });
  });

  test("only events that bring new text announce its @mentions", () => {
    const withMention = (payload: Record<string, any>) => (payload.comment.body = "ping @octocat");
    expect(eventOf("issue_comment", "created", withMention).mentions).toEqual(["octocat"]);
    expect(eventOf("issue_comment", "deleted", withMention).mentions).toEqual([]);
    const labeled = eventOf("issues", "labeled", (payload) => (payload.issue.body = "ping @octocat"));
    expect(labeled.mentions).toEqual([]);
  });

  test("push of commits to a branch", () => {
    const commit = (id: string, message: string) => ({
      id: id.repeat(40),
      message,
      author: { name: "Codertocat", email: "c@example.com", username: "Codertocat" },
    });
    const event = eventOf("push", undefined, (payload) => {
      const compare = "https://github.com/Codertocat/Hello-World/compare/aaaaaaaaaaaa...cccccccccccc";
      Object.assign(payload, { ref: "refs/heads/main", created: false, deleted: false, before: "a".repeat(40), after: "c".repeat(40), compare });
      payload.commits = [commit("a", `Fix login\n\nThe session cookie expired too early, reported by @hubot.`), commit("b", "x".repeat(300)), commit("c", "Update README")];
    });
    expect(event.summary).toBe("Codertocat pushed 3 commits to main in Codertocat/Hello-World");
    expect(event.subject).toEqual({ type: "push", number: null, title: "main", state: null, url: "https://github.com/Codertocat/Hello-World/compare/aaaaaaaaaaaa...cccccccccccc" });
    expect(event.details).toEqual({
      ref: "refs/heads/main",
      branch: "main",
      before: "aaaaaaa",
      after: "ccccccc",
      commit_count: 3,
      created: false,
      deleted: false,
      forced: false,
      commits: [
        { sha: "aaaaaaa", message: "Fix login", author: "Codertocat" },
        { sha: "bbbbbbb", message: `${"x".repeat(199)}…`, author: "Codertocat" },
        { sha: "ccccccc", message: "Update README", author: "Codertocat" },
      ],
    });
    expect(event.mentions).toEqual(["hubot"]);
  });

  test("push: new branch, force-push, more than five commits, deleted tag", () => {
    const created = run(
      "push",
      example("push", (payload) => payload.ref === "refs/heads/master"),
    ).event;
    expect(created.summary).toBe("Codertocat created branch master with 1 commit in Codertocat/Hello-World");

    const many = eventOf("push", undefined, (payload) => {
      const [first] = (example("push", (candidate) => candidate.ref === "refs/heads/master") as EditablePayload).commits;
      Object.assign(payload, { ref: "refs/heads/main", created: false, deleted: false, forced: true, commits: Array.from({ length: 8 }, () => first) });
    });
    expect(many.summary).toBe("Codertocat force-pushed 8 commits to main in Codertocat/Hello-World");
    expect(many.details).toMatchObject({ commit_count: 8, forced: true });
    expect(many.details.commits).toHaveLength(5);

    const deletedTag = run(
      "push",
      example("push", (payload) => payload.deleted === true),
    ).event;
    expect(deletedTag.summary).toBe("Codertocat deleted tag simple-tag in Codertocat/Hello-World");
  });

  test("workflow run completed with a failure", () => {
    const payload: EditablePayload = example("workflow_run", (candidate) => (candidate as EditablePayload).workflow_run.conclusion === "success");
    payload.workflow_run.conclusion = "failure";
    const { event } = run("workflow_run", payload);
    expect(event.summary).toBe('Workflow "test" run #163 failed on master in octo-org/octo-repo');
    expect(event.subject).toEqual({ type: "workflow_run", number: 163, title: "test", state: "failure", url: "https://github.com/octo-org/octo-repo/actions/runs/289782451" });
    expect(event.details).toMatchObject({
      name: "test",
      status: "completed",
      conclusion: "failure",
      head_branch: "master",
      head_sha: "3484a3f",
      run_number: 163,
      event: "repository_dispatch",
    });
  });

  test("check run completed with a failure", () => {
    const { event } = run(
      "check_run",
      example("check_run", (payload) => (payload as EditablePayload).check_run.conclusion === "failure"),
    );
    expect(event.summary).toBe('Check run "Octocoders-linter" failed on changes in Codertocat/Hello-World');
    expect(event.subject).toEqual({
      type: "check_run",
      number: null,
      title: "Octocoders-linter",
      state: "failure",
      url: "https://github.com/Codertocat/Hello-World/runs/128620228",
    });
    expect(event.details).toMatchObject({ status: "completed", conclusion: "failure", head_branch: "changes", head_sha: "ec26c3e" });
  });

  test("release published, with and without a name of its own", () => {
    const event = eventOf("release", "published");
    expect(event.summary).toBe("Codertocat published release 0.0.1 in Codertocat/Hello-World");
    expect(event.subject).toEqual({ type: "release", number: null, title: "0.0.1", state: "published", url: "https://github.com/Codertocat/Hello-World/releases/tag/0.0.1" });
    expect(event.details).toMatchObject({ tag: "0.0.1", draft: false, prerelease: false });

    const named = eventOf("release", "published", (payload) => (payload.release.name = "Dark mode"));
    expect(named.summary).toBe('Codertocat published release "Dark mode" (0.0.1) in Codertocat/Hello-World');
    expect(named.subject?.title).toBe("Dark mode");
  });

  test("branch created and deleted", () => {
    const toBranch = (payload: Record<string, any>) => Object.assign(payload, { ref: "feature/dark-mode", ref_type: "branch" });
    const created = eventOf("create", undefined, toBranch);
    expect(created.summary).toBe("Codertocat created branch feature/dark-mode in Codertocat/Hello-World");
    expect(created.subject).toEqual({
      type: "branch",
      number: null,
      title: "feature/dark-mode",
      state: null,
      url: "https://github.com/Codertocat/Hello-World/tree/feature/dark-mode",
    });

    const deleted = eventOf("delete", undefined, toBranch);
    expect(deleted.summary).toBe("Codertocat deleted branch feature/dark-mode in Codertocat/Hello-World");
    expect(deleted.subject).toEqual({ type: "branch", number: null, title: "feature/dark-mode", state: null, url: null });
  });

  test("star and fork name the repository themselves", () => {
    expect(eventOf("star", "created").summary).toBe("Codertocat starred Codertocat/Hello-World");
    expect(eventOf("star", "deleted").summary).toBe("Codertocat unstarred Codertocat/Hello-World");
    const fork = eventOf("fork");
    expect(fork.summary).toBe("Octocoders forked Codertocat/Hello-World to Octocoders/Hello-World");
    expect(fork.subject).toEqual({ type: "repository", number: null, title: "Octocoders/Hello-World", state: "public", url: "https://github.com/Octocoders/Hello-World" });
  });

  test("discussion created", () => {
    const event = eventOf("discussion", "created");
    expect(event.summary).toBe('Codertocat started discussion #90 "Welcome to discussions!" in octo-org/octo-repo');
    expect(event.subject).toEqual({ type: "discussion", number: 90, title: "Welcome to discussions!", state: "open", url: "https://github.com/octo-org/octo-repo/discussions/90" });
    expect(event.details).toMatchObject({ category: "General", body: "We're glad to have you here!" });
  });

  test("installation created has no repository, only the installation", () => {
    const event = eventOf("installation", "created");
    expect(event.summary).toBe("Codertocat installed the app on Codertocat");
    expect(event.repository).toBeNull();
    expect(event.installation_id).toBe(957387);
    expect(event.subject).toMatchObject({ type: "installation", title: "Codertocat", url: "https://github.com/settings/installations/957387" });
  });

  test("ping, and webhook configs (with their secrets) never reach the event", () => {
    expect(eventOf("ping").summary).toBe('GitHub pinged webhook 109948940: "Anything added dilutes everything else." in Octocoders/Hello-World');
    for (const name of ["ping", "meta"]) {
      for (const payload of EXAMPLES.find((definition) => definition.name === name)?.examples ?? []) {
        const normalized = JSON.stringify(run(name, payload));
        expect(normalized).not.toContain('"secret"');
        expect(normalized).not.toContain("********");
        expect(normalized).not.toContain((payload.hook as { config: { url: string } }).config.url);
      }
    }
  });

  test("organization-level events end with the organization", () => {
    expect(
      run(
        "membership",
        example("membership", (payload) => payload.action === "added"),
      ).event.summary,
    ).toBe('Codertocat added Codertocat to team "github" in Octocoders');
  });

  test("a global security advisory has no sender and still reads as a sentence", () => {
    const event = eventOf("security_advisory", "withdrawn");
    expect(event.sender).toBeNull();
    expect(event.summary).toBe('Security advisory GHSA-8v27-2fg9-7h62 "Withdrawn: Arbitrary Code Execution in static-eval" (critical) was withdrawn');
  });

  test("titles are collapsed to one line and cut at 120 characters in summaries", () => {
    const title = `Fix\nlogin   ${"very ".repeat(40)}long`;
    const event = eventOf("pull_request", "opened", (payload) => (payload.pull_request.title = title));
    expect(event.summary).toBe(`Codertocat opened pull request #2 "${truncate(oneLine(title), 120)}" in Codertocat/Hello-World`);
    expect(event.summary).toContain('…"');
    expect(event.subject?.title).toBe(title);
  });

  test("bodies are excerpts, and searchText is bounded", () => {
    const { event, searchText } = normalizeExample("pull_request", "opened");
    expect(searchText).toBe(`${event.summary}\nUpdate the README with new information.\nThis is a pretty simple change that we need to pull into master.`);

    const long = normalizeExample("pull_request", "opened", (payload) => (payload.pull_request.body = `Please review, @octocat. ${"word ".repeat(3000)}`));
    expect((long.event.details.body as string).length).toBe(500);
    expect(long.event.mentions).toEqual(["octocat"]);
    expect(long.searchText.length).toBe(4000);
    expect(long.searchText.startsWith(`${long.event.summary}\n`)).toBe(true);
  });
});

describe("normalize: events it has no normalizer for", () => {
  const repository = { id: 1, name: "repo", full_name: "octo/repo", private: true, html_url: "https://github.com/octo/repo" };
  const sender = { login: "octocat", id: 1, type: "User" };

  test("an unknown event name gets a generic event, not an error", () => {
    const { event, searchText } = run("some_future_event", { action: "created", repository, sender, installation: { id: 7 } });
    expect(event).toEqual({
      delivery_id: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      source: "webhook",
      event_type: "some_future_event",
      action: "created",
      timestamp: "2026-11-21T10:30:00.000Z",
      installation_id: 7,
      repository: { id: 1, name: "repo", full_name: "octo/repo", private: true, url: "https://github.com/octo/repo" },
      sender: { login: "octocat", id: 1, type: "User" },
      organization: null,
      subject: null,
      summary: "octocat triggered some_future_event (created) in octo/repo",
      details: {},
      mentions: [],
    });
    expect(searchText).toBe("octocat triggered some_future_event (created) in octo/repo");
    expect(run("some_future_event", { sender, organization: { login: "octo", id: 9 } }).event.summary).toBe("octocat triggered some_future_event in octo");
  });

  test("a payload that does not match its event's schema degrades to the generic event", () => {
    expect(run("pull_request", { action: "opened", repository, sender }).event.summary).toBe("octocat triggered pull_request (opened) in octo/repo");
    expect(run("push", { ref: 42, commits: "none" }).event.summary).toBe("someone triggered push");
    expect(run("issue_comment", { action: "created", issue: { number: 1, title: "T" }, comment: { body: 7 } }).event.mentions).toEqual([]);
  });

  test.each([null, undefined, "text", 42, [], [{ action: "opened" }]])("a non-object payload (%p) still yields an event", (payload) => {
    const { event } = run("pull_request", payload);
    expect(event).toMatchObject({
      event_type: "pull_request",
      action: null,
      repository: null,
      sender: null,
      subject: null,
      summary: "someone triggered pull_request",
      details: {},
    });
  });

  test("fields of the wrong type are left out rather than trusted", () => {
    const { event } = run("some_future_event", { action: 3, repository: { id: "1", full_name: "octo/repo" }, sender: { login: "octocat" }, installation: { id: "7" } });
    expect(event).toMatchObject({ action: null, repository: null, sender: null, installation_id: null, summary: "someone triggered some_future_event" });
  });
});

describe("normalize is pure", () => {
  test.each(ALL_EXAMPLES)("$name #$index: the same input gives the same output and is not mutated", ({ name, payload }) => {
    const original = structuredClone(payload);
    const frozen = deepFreeze(structuredClone(payload));
    const first = run(name, frozen);
    expect(run(name, frozen)).toEqual(first);
    expect(frozen).toEqual(original);
  });
});

describe("extractMentions", () => {
  test("finds logins after an @, keeping the first spelling of each", () => {
    expect(extractMentions(["@Alice and @alice, then @ALICE and @bob-smith"])).toEqual(["Alice", "bob-smith"]);
    expect(extractMentions(["first @carol", "then @dave and @Carol"])).toEqual(["carol", "dave"]);
  });

  test("punctuation after a login ends it", () => {
    expect(extractMentions(['thanks @bob, @carol. (@dave) @erin! @frank? @gina: @hal\'s "@ivy"'])).toEqual(["bob", "carol", "dave", "erin", "frank", "gina", "hal", "ivy"]);
  });

  test("emails, team mentions and code are not mentions", () => {
    expect(extractMentions(["write to alice@example.com or foo@bar"])).toEqual([]);
    expect(extractMentions(["@octo-org/core please review"])).toEqual([]);
    expect(extractMentions(["run `npm i foo@latest` or `@inline`\n```\n@fenced\n```\nbut @real"])).toEqual(["real"]);
    expect(extractMentions(["see @example.com and @@twice"])).toEqual([]);
  });

  test("logins follow GitHub's rules: 1 to 39 alphanumerics or inner hyphens", () => {
    expect(extractMentions([`@${"a".repeat(39)}`])).toEqual(["a".repeat(39)]);
    expect(extractMentions([`@${"a".repeat(40)}`, "@-bob", "@bob-", "@bob_smith", "@ alone"])).toEqual([]);
    expect(extractMentions(["@x"])).toEqual(["x"]);
  });
});

describe("text helpers", () => {
  test("oneLine collapses all whitespace", () => {
    expect(oneLine("  a\n\tb  \r\n c ")).toBe("a b c");
  });

  test("truncate marks the cut and never splits an emoji", () => {
    expect(truncate("abcdef", 6)).toBe("abcdef");
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("ab😀cd", 4)).toBe("ab…");
  });

  test("excerpt is one line, bounded, and null when there is no text", () => {
    expect(excerpt("a\n\nb", 500)).toBe("a b");
    expect(excerpt("x".repeat(600))).toHaveLength(500);
    expect(excerpt("   ")).toBeNull();
    expect(excerpt(null)).toBeNull();
  });
});
