import { RESOURCE_URIS } from "../../src/mcp/resources/uris.js";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { ModernClient } from "../support/mcp-modern.js";
import { newToken, RecordingClient, streamableTransport } from "../support/mcp.js";
import { deliver, example } from "../support/webhooks.js";

const databases = await testDatabases();

function inRepository(name: string, fullName: string, predicate?: (payload: Record<string, unknown>) => boolean): Record<string, unknown> {
  const payload = example(name, predicate) as Record<string, any>;
  const [owner, repo] = fullName.split("/");
  Object.assign(payload.repository, { full_name: fullName, name: repo, private: false, owner: { ...payload.repository.owner, login: owner } });
  return payload;
}

type Ref = { type: "ref/prompt"; name: string } | { type: "ref/resource"; uri: string };
interface Completer {
  complete(params: { ref: Ref; argument: { name: string; value: string }; context?: { arguments?: Record<string, string> } }): Promise<{ completion: { values: string[] } }>;
}

describe.each(databases)("completion/complete on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let server: RunningServer;
  let helloOnly: string;
  let everything: string;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    server = await startTestServer({ db });
    helloOnly = await newToken(db.prisma, "hello-only", ["Codertocat/Hello-World"]);
    everything = await newToken(db.prisma, "everything", ["*"]);
    for (const [name, repository, predicate] of [
      ["pull_request", "Codertocat/Hello-World", (p: Record<string, unknown>) => p.action === "opened"],
      ["issues", "Codertocat/Hello-World", (p: Record<string, unknown>) => p.action === "labeled"],
      ["pull_request", "Codertocat/Hello-Secret-Plans", (p: Record<string, unknown>) => p.action === "closed"],
      ["release", "other-org/tools", undefined],
    ] as const) {
      expect((await deliver(server.url, { name, payload: inRepository(name, repository, predicate) })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await Promise.all(closers.map((close) => close()));
    await server.close();
    await drop();
  });

  const clients: [string, (token: string) => Promise<Completer>][] = [
    [
      "2025-11-25",
      async (token) => {
        const recorder = await new RecordingClient().connect(streamableTransport(server.url, token));
        closers.push(() => recorder.close());
        return recorder.client;
      },
    ],
    [
      "2026-07-28",
      async (token) => {
        const modern = await ModernClient.connect(server.url, token);
        closers.push(() => modern.close());
        return modern.client;
      },
    ],
  ];

  describe.each(clients)("over Streamable HTTP, %s", (_label, connect) => {
    const values = async (client: Completer, ref: Ref, name: string, value: string, context?: Record<string, string>) =>
      (await client.complete({ ref, argument: { name, value }, ...(context && { context: { arguments: context } }) })).completion.values;
    const digest: Ref = { type: "ref/prompt", name: "daily_digest" };
    const recent: Ref = { type: "ref/prompt", name: "recent_events" };
    const repositoryEvents: Ref = { type: "ref/resource", uri: RESOURCE_URIS.repositoryEvents };
    const thread: Ref = { type: "ref/resource", uri: RESOURCE_URIS.thread };

    test("a token scoped to one repository never completes another's", async () => {
      const scoped = await connect(helloOnly);
      expect(await values(scoped, digest, "repository", "")).toEqual(["codertocat/hello-world"]);
      expect(await values(scoped, digest, "repository", "Codertocat/Hello-")).toEqual(["codertocat/hello-world"]);
      expect(await values(scoped, digest, "repository", "other")).toEqual([]);
      expect(await values(scoped, repositoryEvents, "owner", "")).toEqual(["codertocat"]);
      expect(await values(scoped, thread, "repo", "hello", { owner: "Codertocat" })).toEqual(["hello-world"]);
      expect(await values(scoped, repositoryEvents, "repo", "", { owner: "other-org" })).toEqual([]);
      // Event types and actions too come only from what it may see: no release, no closed pull request.
      expect(await values(scoped, recent, "event_type", "")).toEqual(["issues", "pull_request"]);
      expect(await values(scoped, recent, "action", "", { event_type: "pull_request" })).toEqual(["opened"]);
    });

    test("a token that sees everything completes every repository, owner, type and action", async () => {
      const all = await connect(everything);
      expect(await values(all, digest, "repository", "")).toEqual(["codertocat/hello-secret-plans", "codertocat/hello-world", "other-org/tools"]);
      expect(await values(all, repositoryEvents, "owner", "")).toEqual(["codertocat", "other-org"]);
      expect(await values(all, repositoryEvents, "repo", "Hello-", { owner: "codertocat" })).toEqual(["hello-secret-plans", "hello-world"]);
      expect(await values(all, recent, "event_type", "p")).toEqual(["pull_request"]);
      expect(await values(all, recent, "action", "", { event_type: "pull_request" })).toEqual(["closed", "opened"]);
      expect(await values(all, recent, "action", "")).toEqual(["closed", "labeled", "opened", "published"]);
      // A prefix with LIKE's wildcards matches them literally; a malformed event type completes to nothing.
      expect(await values(all, digest, "repository", "%")).toEqual([]);
      expect(await values(all, recent, "action", "", { event_type: "Not A Type" })).toEqual([]);
    });
  });
});
