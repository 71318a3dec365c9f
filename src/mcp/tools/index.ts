import type { McpServer } from "@modelcontextprotocol/server";
import type { McpContext } from "../context.js";
import { registerTool } from "../tool.js";
import { getActivityDigest } from "./get-activity-digest.js";
import { getAttention } from "./get-attention.js";
import { getEventById } from "./get-event-by-id.js";
import { getEventStats } from "./get-event-stats.js";
import { getRecentEvents } from "./get-recent-events.js";
import { getThread } from "./get-thread.js";
import { getUnreadEvents } from "./get-unread-events.js";
import { listRepositories } from "./list-repositories.js";
import { markEventsRead } from "./mark-events-read.js";
import { searchEvents } from "./search-events.js";
import { sendMessageToLettaTool } from "./send-message-to-letta.js";
import { waitForEvents } from "./wait-for-events.js";

/** Registers every Code Buddy tool on a server, always in this order (tools/list is stable). */
export function registerTools(server: McpServer, ctx: McpContext): void {
  registerTool(server, getRecentEvents, ctx);
  registerTool(server, getEventStats, ctx);
  registerTool(server, getEventById, ctx);
  registerTool(server, searchEvents, ctx);
  registerTool(server, getThread, ctx);
  registerTool(server, listRepositories, ctx);
  registerTool(server, getActivityDigest, ctx);
  registerTool(server, getUnreadEvents, ctx);
  registerTool(server, markEventsRead, ctx);
  registerTool(server, waitForEvents, ctx);
  registerTool(server, getAttention, ctx);
  // Offered only once an operator names the agent (LETTA_AGENT_ID): otherwise any token could message any agent the key reaches.
  if (ctx.letta.agentId !== null) registerTool(server, sendMessageToLettaTool({ letta: ctx.letta }), ctx);
}
