// `npm run bench:agent`: what an agent pays in context, in cl100k_base tokens (js-tiktoken), on a generated busy day
// (BENCH_EVENTS signed webhooks, default 520, over BENCH_REPOSITORIES repositories, default 12) served by the app in a
// child process and read with the official MCP SDK client over Streamable HTTP:
//   - tools/list, total and per tool, against the same definitions as zod's default JSON Schema would list them;
//   - a listed event, compact (the default) against detail "full" (the normalized event, what lists returned before);
//   - the busy day's activity digest, against listing every event of the day;
//   - get_attention, when the server offers it.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { getEncoding } from "js-tiktoken";
import { z } from "zod";
import { createToken } from "../dist/auth/tokens.js";
import { getActivityDigest } from "../dist/mcp/tools/get-activity-digest.js";
import { getAttention } from "../dist/mcp/tools/get-attention.js";
import { getEventById } from "../dist/mcp/tools/get-event-by-id.js";
import { getEventStats } from "../dist/mcp/tools/get-event-stats.js";
import { getRecentEvents } from "../dist/mcp/tools/get-recent-events.js";
import { getThread } from "../dist/mcp/tools/get-thread.js";
import { getUnreadEvents } from "../dist/mcp/tools/get-unread-events.js";
import { listRepositories } from "../dist/mcp/tools/list-repositories.js";
import { markEventsRead } from "../dist/mcp/tools/mark-events-read.js";
import { searchEvents } from "../dist/mcp/tools/search-events.js";
import { waitForEvents } from "../dist/mcp/tools/wait-for-events.js";
import { openDb } from "../dist/store/db.js";
import { applyMigrations } from "../dist/store/migrate.js";
import { busyDay } from "./agent/busy-day.mjs";
import { startChild } from "./child.mjs";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 520);
const REPOSITORIES = Number(process.env.BENCH_REPOSITORIES ?? 12);
/**
 * Whose attention get_attention is asked about: the author of the example payloads' issues and pull requests
 * (the generator changes who acts, not who opened the thread), so the answer is a typical one; a generated
 * actor such as alice only acts, and nothing asks for her attention.
 */
const ATTENTION_LOGIN = process.env.BENCH_ATTENTION_LOGIN ?? "Codertocat";
const TARGETS = { toolsList: 3500, compactPerEvent: 80 };

const cl100k = getEncoding("cl100k_base");
const tokens = (value) => cl100k.encode(typeof value === "string" ? value : JSON.stringify(value)).length;
const int = (n) => Math.round(n).toLocaleString("en-US");
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const verdict = (value, target) => `target ≤ ${int(target)}: ${value <= target ? "met" : "NOT MET"}`;

/** The tools of a default deployment (no LETTA_AGENT_ID) as zod's own JSON Schema conversion lists them: the baseline. */
const DEFINITIONS = [
  getRecentEvents,
  getEventStats,
  getEventById,
  searchEvents,
  getThread,
  listRepositories,
  getActivityDigest,
  getUnreadEvents,
  markEventsRead,
  waitForEvents,
  getAttention,
];
function zodDefault({ name, description, inputSchema, outputSchema, annotations }) {
  const json = (shape, io) => ({ type: "object", ...z.toJSONSchema(z.object(shape), { target: "draft-2020-12", io }) });
  return { name, description, inputSchema: json(inputSchema, "input"), outputSchema: json(outputSchema, "output"), annotations };
}

function textOf(result) {
  if (result.isError) throw new Error(`tool failed: ${JSON.stringify(result.content)}`);
  return result.content
    .filter((part) => part.type === "text")
    .map((part) => part.text)
    .join("\n");
}

/** Every event of the day through get_recent_events at one detail: the text tokens over the events listed. */
async function listAll(client, detail) {
  let total = 0;
  let structured = 0;
  let listed = 0;
  for (let args = { limit: 100, detail }; args;) {
    const result = await client.callTool({ name: "get_recent_events", arguments: args });
    total += tokens(textOf(result));
    structured += tokens(result.structuredContent);
    listed += result.structuredContent.events.length;
    args = result.structuredContent.next_cursor ? { limit: 100, detail, cursor: result.structuredContent.next_cursor } : null;
  }
  return { total, listed, perEvent: total / listed, structuredPerEvent: structured / listed };
}

async function deliverAll(url, deliveries) {
  for (const { id, event, body, signature } of deliveries) {
    const headers = { "content-type": "application/json", "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": signature };
    const response = await fetch(`${url}/api/github/webhooks`, { method: "POST", headers, body });
    if (response.status !== 200) throw new Error(`delivery ${id} (${event}) answered ${response.status}`);
    await response.arrayBuffer();
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "code-buddy-bench-agent-"));
  const path = join(dir, "events.db");
  const secret = randomBytes(32).toString("hex");
  const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  await applyMigrations(`file:${path}`);
  const db = await openDb(`file:${path}`);
  const { token } = await createToken(db.prisma, { name: "bench-agent", repositories: ["*"], allowPrivate: true });
  await db.close();
  const app = await startChild("servers/app.mjs", { args: [path], env: { WEBHOOK_SECRET: secret, APP_PRIVATE_KEY: privateKey } });
  const client = new Client({ name: "bench-agent", version: "1.0.0" });
  try {
    await deliverAll(app.url, busyDay({ count: EVENTS, repositories: REPOSITORIES, secret }));
    await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", app.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    console.log(`busy day: ${int(EVENTS)} signed webhooks over ${REPOSITORIES} repositories, SQLite, official SDK client over Streamable HTTP, cl100k_base tokens`);

    const { tools } = await client.listTools();
    const baseline = new Map(DEFINITIONS.map((definition) => [definition.name, zodDefault(definition)]));
    const listed = tokens(tools);
    const baselineTotal = tokens([...baseline.values()]);
    console.log(
      `\ntools/list: ${int(listed)} tokens for ${tools.length} tools (${verdict(listed, TARGETS.toolsList)}); zod's default conversion of the same definitions: ${int(baselineTotal)} (${ratio(listed, baselineTotal)})`,
    );
    for (const tool of tools) {
      const base = baseline.get(tool.name);
      console.log(
        `  ${tool.name.padEnd(24)}${int(tokens(tool)).padStart(6)}${base ? `   zod default ${int(tokens(base)).padStart(5)}  ${ratio(tokens(tool), tokens(base))}` : ""}`,
      );
    }

    const compact = await listAll(client, "compact");
    const full = await listAll(client, "full");
    console.log(`\nlisted events (get_recent_events, pages of 100, text part):`);
    console.log(`  compact (default)  ${compact.perEvent.toFixed(1).padStart(6)} tokens/event  ${verdict(compact.perEvent, TARGETS.compactPerEvent)}`);
    console.log(`  detail "full"      ${full.perEvent.toFixed(1).padStart(6)} tokens/event  compact/full ${ratio(compact.perEvent, full.perEvent)}`);
    console.log(`  structuredContent  ${compact.structuredPerEvent.toFixed(1).padStart(6)} tokens/event compact (JSON objects), ${full.structuredPerEvent.toFixed(1)} full`);
    console.log(`  50 events, compact ${int(compact.perEvent * 50).padStart(6)} tokens       full ${int(full.perEvent * 50)}`);

    const digest = tokens(textOf(await client.callTool({ name: "get_activity_digest", arguments: {} })));
    console.log(
      `\nbusy-day digest (get_activity_digest, last 24 hours): ${int(digest)} tokens; listing all ${int(compact.listed)} events instead: ${int(compact.total)} compact (${ratio(digest, compact.total)}), ${int(full.total)} full (${ratio(digest, full.total)})`,
    );

    if (tools.some((tool) => tool.name === "get_attention")) {
      const result = await client.callTool({ name: "get_attention", arguments: { login: ATTENTION_LOGIN } });
      const text = result.content
        .filter((part) => part.type === "text")
        .map((part) => part.text)
        .join("\n");
      const items = Array.isArray(result.structuredContent?.items) ? `, ${result.structuredContent.items.length} items` : "";
      console.log(`\nget_attention {"login": "${ATTENTION_LOGIN}"}: ${int(tokens(text))} tokens${items}${result.isError ? ` (error: ${text.slice(0, 200)})` : ""}`);
    } else console.log("\nget_attention: not offered by this server (absent from tools/list)");
  } finally {
    await client.close();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
