import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { eventByDeliveryId } from "../../query/event-by-delivery-id.js";
import { QueryError } from "../../query/errors.js";
import { recentEvents } from "../../query/recent-events.js";
import { threadEvents } from "../../query/thread-events.js";
import type { McpContext } from "../context.js";
import { RESOURCE_URIS } from "./uris.js";

const RECENT_LIMIT = 50;
/** The spec's code for a resource that does not exist. */
const RESOURCE_NOT_FOUND = -32002;

function json(uri: URL, value: unknown): ReadResourceResult {
  return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(value) }] };
}

function variable(value: string | string[] | undefined): string {
  return decodeURIComponent(Array.isArray(value) ? (value[0] ?? "") : (value ?? ""));
}

/** Query mistakes become the protocol's invalid-params error, with the query layer's sentence. */
async function reading(work: () => Promise<ReadResourceResult>): Promise<ReadResourceResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof QueryError) throw new McpError(ErrorCode.InvalidParams, error.message);
    throw error;
  }
}

/** Registers every Code Buddy resource and resource template on a session's server. */
export function registerResources(server: McpServer, { db, scope }: McpContext): void {
  server.registerResource(
    "recent-events",
    RESOURCE_URIS.recentEvents,
    {
      title: "Recent GitHub events",
      description: `The ${RECENT_LIMIT} newest events this token may see. Subscribe to be told when a new one arrives.`,
      mimeType: "application/json",
    },
    (uri) => reading(async () => json(uri, { events: (await recentEvents(db, scope, {}, { limit: RECENT_LIMIT })).events.map((record) => record.event) })),
  );

  server.registerResource(
    "event",
    new ResourceTemplate(RESOURCE_URIS.event, { list: undefined }),
    { title: "One GitHub event", description: "One event by its delivery_id, with its raw webhook payload.", mimeType: "application/json" },
    (uri, { delivery_id }) =>
      reading(async () => {
        const found = await eventByDeliveryId(db, scope, variable(delivery_id), { includePayload: true });
        if (!found) throw new McpError(RESOURCE_NOT_FOUND, `No event with delivery_id "${variable(delivery_id)}" is visible to this token.`);
        return json(uri, { event: found.event, payload: found.payload });
      }),
  );

  server.registerResource(
    "repository-events",
    new ResourceTemplate(RESOURCE_URIS.repositoryEvents, { list: undefined }),
    {
      title: "A repository's recent events",
      description: `The ${RECENT_LIMIT} newest events of one repository. Subscribe to be told of each new one.`,
      mimeType: "application/json",
    },
    (uri, { owner, repo }) =>
      reading(async () => {
        const repository = `${variable(owner)}/${variable(repo)}`;
        const page = await recentEvents(db, scope, { repository }, { limit: RECENT_LIMIT });
        return json(uri, { repository, events: page.events.map((record) => record.event) });
      }),
  );

  server.registerResource(
    "thread",
    new ResourceTemplate(RESOURCE_URIS.thread, { list: undefined }),
    {
      title: "An issue or pull request timeline",
      description: "Every stored event of one issue, pull request or discussion, oldest first. Subscribe to follow the conversation.",
      mimeType: "application/json",
    },
    (uri, { owner, repo, number }) =>
      reading(async () => {
        const repository = `${variable(owner)}/${variable(repo)}`;
        const parsed = Number(variable(number));
        if (!Number.isInteger(parsed) || parsed <= 0) throw new McpError(ErrorCode.InvalidParams, `"${variable(number)}" is not an issue or pull request number: use e.g. ${RESOURCE_URIS.thread.replace("{owner}/{repo}", repository).replace("{number}", "42")}.`);
        const thread = await threadEvents(db, scope, repository, parsed);
        return json(uri, { repository, number: parsed, events: thread.events.map((record) => record.event), truncated: thread.truncated });
      }),
  );
}
