import { lettaMessage } from "../../src/delivery/letta-message.js";
import { normalize } from "../../src/normalize/index.js";
import type { NormalizedEvent } from "../../src/normalize/types.js";
import { payloadOf, type EventSpec } from "../support/delivery-world.js";

const receivedAt = new Date("2026-11-21T10:30:00.000Z");
const eventOf = (id: string, spec: EventSpec): NormalizedEvent => normalize({ deliveryId: id, name: spec.name, payload: payloadOf(spec), receivedAt }).event;

describe("lettaMessage", () => {
  test("one event: its summary, link, mentions, key details and delivery id, in a few readable lines", () => {
    const event = eventOf("d-1", { name: "issue_comment", action: "created", repository: "octo-org/hello", actor: "octocat", comment: "@alice can you review this?" });
    expect(lettaMessage([event]).split("\n")).toEqual([
      "GitHub event:",
      'octocat commented on issue #1 "Spelling error in the README file" in octo-org/hello',
      "Link: https://github.com/Codertocat/Hello-World/issues/1",
      "Mentions: @alice",
      expect.stringMatching(
        /^Details: author: Codertocat; labels: bug; assignees: Codertocat; milestone: v1.0; comment_author: octocat; comment_body: @alice can you review this\?; comment_url: https:\/\/\S+$/,
      ),
      `Event: issue_comment.created at ${event.timestamp} (delivery_id d-1)`,
    ]);
  });

  test("several events: numbered, oldest first, under one header", () => {
    const events = [eventOf("d-1", { name: "push" }), eventOf("d-2", { name: "pull_request", action: "opened" })];
    const message = lettaMessage(events);
    expect(message.startsWith("2 GitHub events, oldest first:\n\n1. octocat pushed")).toBe(true);
    expect(message).toContain("\n\n2. octocat opened pull request #2");
    expect(message).toContain("   Event: pull_request.opened at");
    expect([...message.matchAll(/delivery_id (\S+)\)/g)].map((m) => m[1])).toEqual(["d-1", "d-2"]);
  });

  test("never the raw payload: long texts and lists are clipped", () => {
    const event = eventOf("d-1", { name: "issue_comment", action: "created", comment: "x".repeat(10_000) });
    const message = lettaMessage([event]);
    expect(message.length).toBeLessThan(1200);
    expect(message).toContain("…");
    const many = lettaMessage([{ ...event, details: { labels: Array.from({ length: 12 }, (_, i) => `l${i}`) } }]);
    expect(many).toContain("Details: labels: l0, l1, l2, l3, l4 (+7 more)");
  });
});
