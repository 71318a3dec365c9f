import type { Client } from "@modelcontextprotocol/client";
import { getEncoding } from "js-tiktoken";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { ModernClient } from "../support/mcp-modern.js";
import { newToken, resultFromText } from "../support/mcp.js";
import { deliver, EXAMPLES } from "../support/webhooks.js";

const [sqlite] = await testDatabases();
const cl100k = getEncoding("cl100k_base");
const tokens = (text: string) => cl100k.encode(text).length;

/** The compact default's budget: what an event costs an agent in a list, on average. */
const COMPACT_BUDGET = 80;

async function text(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; structured: Record<string, any> }> {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  const [part] = result.content as { type: string; text: string }[];
  expect(resultFromText(part!.text)).toEqual(result.structuredContent);
  return { text: part!.text, structured: result.structuredContent as Record<string, any> };
}

/**
 * What listing events costs an agent, in cl100k_base tokens of the text part
 * (the part Letta and most hosts show the model), over every one of GitHub's
 * example payloads delivered as GitHub signs them.
 */
describe("the tokens an event costs in a list", () => {
  let db: Db;
  let drop: () => Promise<void>;
  let server: RunningServer;
  let modern: ModernClient;
  let delivered = 0;

  beforeAll(async () => {
    ({ db, drop } = await sqlite!.create());
    server = await startTestServer({ db });
    for (const { name, examples } of EXAMPLES) {
      for (const payload of examples) {
        expect((await deliver(server.url, { name, payload })).status).toBe(200);
        delivered += 1;
      }
    }
    modern = await ModernClient.connect(server.url, await newToken(db.prisma, "tokens", ["*"], true));
  }, 120_000);
  afterAll(async () => {
    await modern.close();
    await server.close();
    await drop();
  });

  /** Every stored event through one list tool, page by page: the tokens of all text parts over the events listed. */
  async function perEvent(name: string, args: Record<string, unknown>, next: (page: Record<string, any>) => Promise<Record<string, unknown> | null>) {
    let total = 0;
    let listed = 0;
    for (let call: Record<string, unknown> | null = args; call;) {
      const page = await text(modern.client, name, call);
      total += tokens(page.text);
      listed += page.structured.events.length;
      call = await next(page.structured);
    }
    expect(listed).toBe(delivered);
    return total / listed;
  }

  const recent = (detail: string) =>
    perEvent("get_recent_events", { limit: 100, detail }, async (page) => (page.next_cursor ? { limit: 100, detail, cursor: page.next_cursor } : null));

  test(`get_recent_events: compact by default, at most ${COMPACT_BUDGET} tokens an event; "full" gives the normalized events`, async () => {
    const compact = await recent("compact");
    const full = await recent("full");
    expect(compact).toBeLessThanOrEqual(COMPACT_BUDGET);
    expect(full).toBeGreaterThan(2 * compact);
    const { structured } = await text(modern.client, "get_recent_events", { limit: 1 });
    expect(Object.keys(structured.events[0]).sort()).toEqual(expect.arrayContaining(["at", "delivery_id", "summary", "type"]));
    expect(structured.events[0]).not.toHaveProperty("details");
  });

  test(`get_unread_events: compact too, at most ${COMPACT_BUDGET} tokens an event`, async () => {
    const consumer = "token-count";
    const unread = await perEvent("get_unread_events", { consumer, limit: 100 }, async (page) => {
      await text(modern.client, "mark_events_read", { consumer, cursor: page.cursor });
      return page.remaining ? { consumer, limit: 100 } : null;
    });
    expect(unread).toBeLessThanOrEqual(COMPACT_BUDGET);
  });

  test("get_event_by_id gives everything a compact entry leaves out", async () => {
    const { structured: page } = await text(modern.client, "get_recent_events", { event_type: "pull_request", action: "opened", limit: 1 });
    const [entry] = page.events;
    const { structured } = await text(modern.client, "get_event_by_id", { delivery_id: entry.delivery_id, include_payload: true });
    expect(structured.event).toMatchObject({ delivery_id: entry.delivery_id, event_type: "pull_request", action: "opened", summary: `${entry.summary} in ${entry.repository}` });
    expect(structured.event.subject.url).toMatch(/^https:\/\/github\.com\/.+\/pull\/\d+$/);
    expect(structured.payload).toHaveProperty("pull_request");
  });
});
