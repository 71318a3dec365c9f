import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Scope } from "../auth/scope.js";
import { VERSION } from "../version.js";
import type { McpContext } from "./context.js";
import { registerPrompts } from "./prompts/index.js";
import { registerResources } from "./resources/index.js";
import { installSubscriptions, type StoredEventSource } from "./subscriptions.js";
import { registerTools } from "./tools/index.js";

export interface McpServerOptions {
  /** Stored events, for resource subscriptions. */
  events: StoredEventSource;
}

function instructionsFor({ repositories, allowPrivate }: Scope): string {
  const what = repositories.includes("*") ? "every repository" : `the repositories ${repositories.join(", ")}`;
  return (
    "Code Buddy stores the GitHub webhook events of an organization (issues, pull requests, reviews, pushes, CI runs, releases…) in one normalized shape. " +
    `This session sees events of ${what}${allowPrivate ? ", private ones included" : ", public repositories only"}. ` +
    "Subscribe to a codebuddy:// resource to be told when a new event changes it."
  );
}

/**
 * One MCP server for one session: Code Buddy's tools, resources and prompts,
 * bound to the session's scope, plus resource subscriptions. Closing the
 * server (or its transport) drops the subscriptions.
 */
export function createMcpServer(ctx: McpContext, { events }: McpServerOptions): McpServer {
  // McpServer adds listChanged to each capability it declares.
  const server = new McpServer(
    { name: "code-buddy", title: "Code Buddy", version: VERSION },
    { capabilities: { tools: {}, resources: { subscribe: true }, prompts: {} }, instructions: instructionsFor(ctx.scope) },
  );
  registerTools(server, ctx);
  registerResources(server, ctx);
  registerPrompts(server, ctx);
  server.server.onclose = installSubscriptions(server, { scope: ctx.scope, events, log: ctx.log });
  return server;
}
