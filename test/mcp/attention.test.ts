import { createToken } from "../../src/auth/tokens.js";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { newToken, RecordingClient, streamableTransport } from "../support/mcp.js";
import { deliver, example } from "../support/webhooks.js";

const databases = await testDatabases();

type Structured = Record<string, unknown>;
interface Item {
  repository: string;
  number: number;
  reason: string;
  reasons: string[];
  unread: boolean;
  delivery_id: string;
}

const octocat = { login: "octocat", id: 583231, node_id: "MDQ6VXNlcjU4MzIzMQ==", type: "User" };

/** GitHub's example payloads, in the order a pull request's life sends them: all on Codertocat/Hello-World#2, opened by Codertocat. */
const script = {
  opened: () => example("pull_request", (p) => p.action === "opened" && (p.pull_request as { number: number }).number === 2),
  reviewRequested: () => example("pull_request", (p) => p.action === "review_requested"),
  changesRequested: () => {
    const payload = example("pull_request_review", (p) => p.action === "submitted") as Record<string, any>;
    Object.assign(payload.review, { state: "changes_requested", body: "The README needs a section on set-up.", user: { ...payload.review.user, ...octocat } });
    payload.sender = { ...payload.sender, ...octocat };
    return payload;
  },
  ciFailed: () => example("check_run", (p) => p.action === "completed" && (p.check_run as { conclusion: string }).conclusion === "failure"),
  authorReplies: () => {
    const payload = example("issue_comment") as Record<string, any>;
    Object.assign(payload.issue, {
      number: 2,
      title: "Update the README with new information.",
      pull_request: { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/2" },
    });
    payload.comment.body = "Added it, thanks.";
    return payload;
  },
};

describe.each(databases)("get_attention on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let server: RunningServer;
  /** Moved past PostgreSQL's unread settle window (src/query/unread-events.ts) before reading. */
  let clockOffsetMs = 0;
  const clients: RecordingClient[] = [];
  const ids: Record<keyof typeof script, string> = {} as never;

  const connect = async (token: string) => {
    const client = await new RecordingClient().connect(streamableTransport(server.url, token));
    clients.push(client);
    return client;
  };
  const call = async (client: RecordingClient, name: string, args: Record<string, unknown> = {}): Promise<Structured> => {
    const result = await client.client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
    return result.structuredContent as Structured;
  };
  const step = async (name: keyof typeof script, event: string) => {
    const { id, status } = await deliver(server.url, { name: event, payload: script[name]() });
    expect(status).toBe(200);
    ids[name] = id;
  };
  const thread2 = (answer: Structured) => (answer.items as Item[]).find((item) => item.repository === "Codertocat/Hello-World" && item.number === 2);

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    server = await startTestServer({ db, clock: () => new Date(Date.now() + clockOffsetMs) });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server.close();
    await drop();
  });

  test("review requested → review submitted → CI failed: each person's reasons, unread until read", async () => {
    const authorToken = (await createToken(db.prisma, { name: "codertocat-assistant", repositories: ["Codertocat/*"], allowPrivate: false, login: "Codertocat" })).token;
    const author = await connect(authorToken);
    const reviewer = await connect(await newToken(db.prisma, "team-bot", ["*"]));
    const elsewhere = await connect(await newToken(db.prisma, "elsewhere", ["octo-org/*"]));

    await step("opened", "pull_request");
    await step("reviewRequested", "pull_request");
    expect(thread2(await call(reviewer, "get_attention", { login: "octocat" }))).toMatchObject({
      reason: "review_requested",
      reasons: ["review_requested"],
      unread: true,
      delivery_id: ids.reviewRequested,
    });
    // Opening a pull request and asking for a review need nothing from its author.
    expect(thread2(await call(author, "get_attention"))).toBeUndefined();

    await step("changesRequested", "pull_request_review");
    // The reviewer answered the request: nothing left for them.
    expect(thread2(await call(reviewer, "get_attention", { login: "octocat" }))).toBeUndefined();
    expect(thread2(await call(author, "get_attention"))).toMatchObject({
      reason: "state_change",
      reasons: ["state_change", "author"],
      unread: true,
      delivery_id: ids.changesRequested,
    });

    await step("ciFailed", "check_run");
    const forAuthor = await call(author, "get_attention");
    expect(forAuthor).toMatchObject({ login: "codertocat", unread: 1, count: 1 });
    expect(thread2(forAuthor)).toMatchObject({ reason: "ci_activity", reasons: ["ci_activity", "state_change", "author"], unread: true, delivery_id: ids.ciFailed });

    // The author answers on the thread: the reviewer, who took part, is told (comment).
    await step("authorReplies", "issue_comment");
    expect(thread2(await call(reviewer, "get_attention", { login: "@Octocat" }))).toMatchObject({
      reason: "comment",
      reasons: ["comment"],
      unread: true,
      delivery_id: ids.authorReplies,
    });

    // Read: marking the author's position past the events turns the thread read.
    clockOffsetMs = 60_000;
    const { cursor } = await call(author, "get_unread_events", { limit: 100 });
    await call(author, "mark_events_read", { cursor });
    expect(thread2(await call(author, "get_attention"))).toMatchObject({ reason: "ci_activity", unread: false });
    expect(await call(author, "get_attention", { unread_only: true })).toMatchObject({ items: [], count: 0, unread: 0, cursor });

    // Another token's scope sees none of it.
    expect(await call(elsewhere, "get_attention", { login: "Codertocat" })).toMatchObject({ items: [], count: 0 });
  });

  test("no login given and none on the token: the error says how to name one", async () => {
    const client = await connect(await newToken(db.prisma, "nameless", ["*"]));
    const result = await client.client.callTool({ name: "get_attention", arguments: {} });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/Pass login/);
    const bad = await client.client.callTool({ name: "get_attention", arguments: { login: "not a login" } });
    expect(JSON.stringify(bad.content)).toMatch(/login must be a GitHub login/);
  });
});
