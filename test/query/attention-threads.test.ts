import { normalize } from "../../src/normalize/index.js";
import { attentionThreads } from "../../src/query/attention-threads.js";
import type { EventRecord } from "../../src/query/types.js";
import { example } from "../support/webhooks.js";

type Payload = Record<string, any>;
const alice = { login: "alice", id: 9001, node_id: "U_alice", type: "User" };

/** GitHub's example payloads, normalized as ingest stores them, one position each in this order. */
function story(...steps: [string, Payload][]): EventRecord[] {
  return steps.map(([name, payload], index) => ({
    id: index + 1,
    event: normalize({ deliveryId: `delivery-${index + 1}`, name, payload, receivedAt: new Date(Date.UTC(2026, 10, 21, 10, index)) }).event,
  }));
}

const pick = (name: string, test: (payload: Payload) => boolean, edit: (payload: Payload) => void = () => {}): [string, Payload] => {
  const payload = example(name, test) as Payload;
  edit(payload);
  return [name, payload];
};

const reasonsOf = (records: EventRecord[], login: string) => attentionThreads(records, login).map((thread) => [`#${thread.number}`, thread.triggers.map((t) => t.reason)]);

describe("attentionThreads (the rules, over normalized example payloads)", () => {
  test("assigned, then unassigned: the assignment stops counting", () => {
    const assigned = pick(
      "issues",
      (p) => p.action === "assigned",
      (p) => (p.assignee = { ...p.assignee, ...alice }),
    );
    const unassigned = pick(
      "issues",
      (p) => p.action === "unassigned",
      (p) => (p.assignee = { ...p.assignee, ...alice }),
    );
    expect(reasonsOf(story(assigned), "alice")).toEqual([["#1", ["assign"]]]);
    expect(reasonsOf(story(assigned, unassigned), "alice")).toEqual([]);
  });

  test("@mentioned in someone's comment; nothing for what one writes oneself", () => {
    const mention = pick(
      "issue_comment",
      () => true,
      (p) => (p.comment.body = "What do you think, @Alice?"),
    );
    expect(reasonsOf(story(mention), "alice")).toEqual([["#1", ["mention"]]]);
    const own = pick(
      "issue_comment",
      () => true,
      (p) => {
        p.comment.body = "Note to self, @alice";
        p.sender = { ...p.sender, ...alice };
      },
    );
    expect(reasonsOf(story(own), "alice")).toEqual([]);
  });

  test("a failed commit status on the head of one's pull request is ci_activity; a passing one is nothing", () => {
    const opened = pick("pull_request", (p) => p.action === "opened" && p.pull_request.number === 2);
    const status = (state: string) =>
      pick(
        "status",
        () => true,
        (p) => {
          p.state = state;
          p.sha = opened[1].pull_request.head.sha;
        },
      );
    expect(reasonsOf(story(opened, status("success")), "codertocat")).toEqual([]);
    expect(reasonsOf(story(opened, status("failure")), "codertocat")).toEqual([["#2", ["ci_activity"]]]);
    // Someone else's pull request failing CI is not theirs to fix.
    expect(reasonsOf(story(opened, status("failure")), "alice")).toEqual([]);
  });

  test("a thread one took part in, closed by someone else, is a state_change", () => {
    const comment = pick(
      "issue_comment",
      () => true,
      (p) => (p.sender = { ...p.sender, ...alice }),
    );
    const closed = pick(
      "issues",
      (p) => p.action === "opened",
      (p) => {
        p.action = "closed";
        p.issue.state = "closed";
      },
    );
    expect(reasonsOf(story(comment, closed), "alice")).toEqual([["#1", ["state_change"]]]);
  });
});
