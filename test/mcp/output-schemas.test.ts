import type { Client, Tool } from "@modelcontextprotocol/client";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/client/validators/ajv";
import { loadConfig } from "../../src/config.js";
import { fullEventReference } from "../../src/mcp/schemas.js";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { busyDay, DAY, randomDay } from "../support/agent-datasets.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { FakeLetta } from "../support/delivery-fake-letta.js";
import { newToken } from "../support/mcp.js";
import { ModernClient } from "../support/mcp-modern.js";
import { storeAll, type Stored } from "../support/stored-events.js";

const databases = await testDatabases();

type Structured = Record<string, any>;
type Check = (structured: unknown) => { valid: boolean; errorMessage?: string | undefined };

/**
 * The listed schema with every object closed (additionalProperties: false where
 * it lists properties), and a list's full events checked against
 * get_event_by_id's event: the definitions leave objects open for clients
 * holding an older copy, but every field a tool returns must be declared.
 */
function closed(schema: unknown, event: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((item) => closed(item, event));
  if (schema === null || typeof schema !== "object") return schema;
  if ((schema as { description?: string }).description === fullEventReference.description) return closed(event, event);
  const copy = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === "properties" ? Object.fromEntries(Object.entries(value as object).map(([name, property]) => [name, closed(property, event)])) : closed(value, event),
    ]),
  );
  return "properties" in copy && !("additionalProperties" in copy) ? { ...copy, additionalProperties: false } : copy;
}

/**
 * Every tool's structuredContent against its own output schema, as listed, with
 * the validator the official client checks results with (the SDK's default
 * AjvJsonSchemaValidator: Ajv 2020-12 with ajv-formats). A mismatch makes the
 * client reject the result (-32602), so the agent gets nothing at all.
 */
class SchemaChecker {
  readonly calls = new Map<string, number>();
  #checks = new Map<string, Check[]>();

  constructor(readonly client: Client) {}

  async load(): Promise<Tool[]> {
    const { tools } = await this.client.listTools();
    const validator = new AjvJsonSchemaValidator();
    const event = (tools.find((tool) => tool.name === "get_event_by_id")!.outputSchema as { properties: { event: unknown } }).properties.event;
    for (const tool of tools)
      this.#checks.set(
        tool.name,
        [tool.outputSchema, closed(tool.outputSchema, event)].map((schema) => validator.getValidator(schema as never) as Check),
      );
    return tools;
  }

  async call(name: string, args: Record<string, unknown> = {}): Promise<Structured> {
    // The client validates too (and would throw); the explicit check names the tool and arguments on failure.
    const result = await this.client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(`${name} ${JSON.stringify(args).slice(0, 200)} failed: ${JSON.stringify(result.content).slice(0, 500)}`);
    for (const check of this.#checks.get(name)!) {
      const verdict = check(result.structuredContent);
      if (!verdict.valid) throw new Error(`${name} ${JSON.stringify(args).slice(0, 200)}: ${verdict.errorMessage?.slice(0, 1000)}`);
    }
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    return result.structuredContent as Structured;
  }
}

const EMPTY = { since: "2026-11-25T00:00:00Z", until: "2026-11-26T00:00:00Z" };
const PERIOD = { since: DAY.since.toISOString(), until: DAY.until.toISOString() };

/** Calls every tool with the argument sets an agent would use on `events`, checking each result. */
async function exercise(checker: SchemaChecker, events: Stored[]): Promise<void> {
  const repositories = [...new Set(events.flatMap((event) => (event.repository ? [event.repository] : [])))];
  const types = [...new Set(events.map((event) => event.name))];

  const seen: Structured[] = [];
  let page = await checker.call("get_recent_events", { limit: 100 });
  for (;;) {
    seen.push(...page.events);
    if (page.next_cursor === null) break;
    page = await checker.call("get_recent_events", { limit: 100, cursor: page.next_cursor });
  }
  expect(seen).toHaveLength(events.length);
  await checker.call("get_recent_events", {});
  await checker.call("get_recent_events", { limit: 100, detail: "full" });
  await checker.call("get_recent_events", EMPTY);
  for (const type of types.slice(0, 12)) await checker.call("get_recent_events", { event_type: type, ...PERIOD });
  for (const repository of repositories.slice(0, 12)) await checker.call("get_recent_events", { repository, actor: "Alice" });

  for (const query of ["flaky", "deploy*", "日本語", "zebra mode", "nothing-matches-this"]) await checker.call("search_events", { query, limit: 100 });
  await checker.call("search_events", { query: "login", ...EMPTY });
  await checker.call("search_events", { query: "deploy*", detail: "full" });

  for (const [index, event] of seen.filter((_, i) => i % 7 === 0).entries()) {
    await checker.call("get_event_by_id", { delivery_id: event.delivery_id, include_payload: index % 3 === 0 });
  }

  const threads = new Set<string>();
  for (const event of events) if (event.repository && event.number !== undefined) threads.add(`${event.repository}#${event.number}`);
  for (const [index, thread] of [...threads].slice(0, 25).entries()) {
    const [repository, number] = thread.split("#");
    await checker.call("get_thread", { repository, number: Number(number), detail: index % 2 === 0 ? "compact" : "full" });
  }
  await checker.call("get_thread", { repository: "nobody/nothing", number: 1 });

  await checker.call("list_repositories");
  for (const args of [{}, PERIOD, EMPTY, ...repositories.slice(0, 5).map((repository) => ({ repository }))]) await checker.call("get_event_stats", args);
  for (const args of [{}, PERIOD, EMPTY, ...repositories.slice(0, 5).map((repository) => ({ repository, ...PERIOD }))]) await checker.call("get_activity_digest", args);

  let read = 0;
  for (;;) {
    const unread = await checker.call("get_unread_events", { consumer: "schema-check", limit: 100 });
    read += unread.count;
    await checker.call("mark_events_read", { consumer: "schema-check", cursor: unread.cursor });
    if (!unread.remaining) break;
  }
  expect(read).toBeGreaterThan(0);
  await checker.call("get_unread_events", { consumer: "schema-check", repository: repositories[0] });
  await checker.call("get_unread_events", { consumer: "schema-check-full", detail: "full", limit: 100 });

  await checker.call("wait_for_events", { cursor: 0, limit: 100 });
  await checker.call("wait_for_events", { cursor: 0, detail: "full", limit: 100 });
  // Each finds an event at once: this server's clock stands still, so a wait with nothing to find would never time out.
  for (const type of types.slice(0, 5)) await checker.call("wait_for_events", { cursor: 0, event_type: type });
  await checker.call("wait_for_events", { cursor: 0, repository: repositories[0], limit: 100 });

  const logins = [...new Set(events.flatMap((event) => (event.actor ? [event.actor] : [])))];
  let needing = 0;
  for (const login of [...logins.slice(0, 8), "Codertocat", "octocat", "nobody-at-all"])
    needing += (await checker.call("get_attention", { login, since: PERIOD.since, limit: 100 })).count;
  expect(needing).toBeGreaterThan(0);
  await checker.call("get_attention", { login: logins[0] ?? "octocat", repository: repositories[0], unread_only: true, consumer: "schema-check-full" });

  await checker.call("send_message_to_letta", { message: `Digest: ${JSON.stringify(seen[0]).slice(0, 5000)}` });
}

const datasets: [string, () => Stored[]][] = [
  ["a busy day (every example payload, 12 repositories)", () => busyDay()],
  ...[7, 42, 1234].map((seed): [string, () => Stored[]] => [`a random day (seed ${seed})`, () => randomDay(seed, 150)]),
];

describe.each(databases)("every tool's result matches its output schema on $name", (database) => {
  let letta: FakeLetta;
  beforeAll(async () => {
    letta = await FakeLetta.start(() => ({ status: 200 }));
  });
  afterAll(() => letta.close());

  describe.each(datasets)("over %s", (_label, generate) => {
    let db: Db;
    let drop: () => Promise<void>;
    let server: RunningServer;
    let modern: ModernClient;
    let events: Stored[];

    beforeAll(async () => {
      ({ db, drop } = await database.create());
      events = generate();
      await storeAll(db, events);
      const push = loadConfig({ LETTA_BASE_URL: letta.url, LETTA_AGENT_ID: "agent-schema" }, { withApp: false }).push;
      // An hour after the day: the default periods (last 24 hours) cover it, and PostgreSQL's unread settle window has passed.
      server = await startTestServer({ db, clock: () => new Date(DAY.until.getTime() + 60 * 60 * 1000), config: { push } });
      modern = await ModernClient.connect(server.url, await newToken(db.prisma, "schema-check", ["*"], true));
    }, 120_000);
    afterAll(async () => {
      await modern?.close();
      await server?.close();
      await drop?.();
    });

    test("for every tool and the arguments an agent uses", async () => {
      const checker = new SchemaChecker(modern.client);
      const tools = await checker.load();
      await exercise(checker, events);
      expect([...checker.calls.keys()].sort()).toEqual(tools.map((tool) => tool.name).sort());
    }, 120_000);

    test("a busy repository's digest names its five most frequent other types and counts the rest (other_more)", async () => {
      const checker = new SchemaChecker(modern.client);
      await checker.load();
      const digest = await checker.call("get_activity_digest", { ...PERIOD, repository: "Busy-Org/repo-01" });
      const [repository] = digest.repositories;
      if (!events.some((event) => event.repository === "Busy-Org/repo-01")) return expect(repository).toBeUndefined();
      expect(Object.keys(repository.other)).toHaveLength(5);
      expect(repository.other_more.types).toBeGreaterThan(0);
    });
  });
});
