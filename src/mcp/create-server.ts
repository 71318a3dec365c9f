import { McpServer, type CacheHint } from "@modelcontextprotocol/server";
import type { Scope } from "../auth/scope.js";
import { VERSION } from "../version.js";
import type { McpContext } from "./context.js";
import { registerPrompts } from "./prompts/index.js";
import { registerResources, type Era } from "./resources/index.js";
import { announceResourceChanges, installResourceSubscriptions, type StoredEventSource } from "./subscriptions.js";
import { registerTools } from "./tools/index.js";

/**
 * How the server's client hears of new events:
 * - `subscribe`: 2025-era resources/subscribe on this server (a session);
 * - `announce`: the serving entry routes resource updates to the client's
 *   subscriptions/listen streams (stdio on 2026-07-28), so every change is announced;
 * - `entry`: the serving entry answers subscriptions/listen itself (HTTP on 2026-07-28).
 */
export type LiveUpdates = { kind: "subscribe" | "announce"; events: StoredEventSource } | { kind: "entry" };

export interface McpServerOptions {
  era: Era;
  updates: LiveUpdates;
}

/** The definitions change only with a new version or configuration; five minutes of caching costs nothing. */
const DEFINITIONS: CacheHint = { ttlMs: 5 * 60_000, cacheScope: "private" };

/**
 * 2026-07-28 cache fields. Everything is `private`: what a caller sees depends on its token (the instructions
 * name its repositories). Reads are live (ttl 0; resources set it themselves).
 */
const CACHE_HINTS = {
  "tools/list": DEFINITIONS,
  "prompts/list": DEFINITIONS,
  "resources/list": DEFINITIONS,
  "resources/templates/list": DEFINITIONS,
  "server/discover": DEFINITIONS,
  "resources/read": { ttlMs: 0, cacheScope: "private" },
} as const;

function instructionsFor({ repositories, allowPrivate }: Scope): string {
  const what = repositories.includes("*") ? "every repository" : `the repositories ${repositories.join(", ")}`;
  return (
    "Code Buddy stores the GitHub webhook events of an organization (issues, pull requests, reviews, pushes, CI runs, releases…) in one normalized shape. " +
    `This session sees events of ${what}${allowPrivate ? ", private ones included" : ", public repositories only"}. ` +
    "Subscribe to a codebuddy:// resource to be told when a new event changes it."
  );
}

/**
 * One MCP server bound to one caller's scope: Code Buddy's tools, resources
 * and prompts, plus the live updates `updates` asks for. Closing the server
 * (or its transport) stops them.
 */
export function createMcpServer(ctx: McpContext, { era, updates }: McpServerOptions): McpServer {
  // The lists are fixed for the life of the process (tools depend on the configuration only), so no list_changed is ever sent.
  const server = new McpServer(
    { name: "code-buddy", title: "Code Buddy", version: VERSION },
    {
      capabilities: { tools: { listChanged: false }, resources: { subscribe: true, listChanged: false }, prompts: { listChanged: false }, logging: {} },
      instructions: instructionsFor(ctx.scope),
      cacheHints: CACHE_HINTS,
    },
  );
  registerTools(server, ctx);
  registerResources(server, ctx, era);
  registerPrompts(server, ctx);
  if (updates.kind !== "entry") {
    const deps = { scope: ctx.scope, events: updates.events, log: ctx.log };
    server.server.onclose = updates.kind === "subscribe" ? installResourceSubscriptions(server, deps) : announceResourceChanges(server, deps);
  }
  return server;
}
