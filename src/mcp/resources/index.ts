import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError, ResourceTemplate, type McpServer, type ReadResourceResult } from "@modelcontextprotocol/server";
import { eventByDeliveryId } from "../../query/event-by-delivery-id.js";
import { QueryError } from "../../query/errors.js";
import { recentEvents } from "../../query/recent-events.js";
import { threadEvents } from "../../query/thread-events.js";
import { completionsFor } from "../completions.js";
import type { McpContext } from "../context.js";
import { RESOURCE_URIS } from "./uris.js";

const RECENT_LIMIT = 50;
/** 2025-era code for a resource that does not exist; 2026-07-28 uses invalid params (SEP-2164), as ResourceNotFoundError does. */
const LEGACY_RESOURCE_NOT_FOUND = -32002;
/** Every read reflects the newest events, and what it holds depends on the caller's token. */
const LIVE = { cacheHint: { ttlMs: 0, cacheScope: "private" } } as const;

export type Era = "legacy" | "modern";

function notFound(era: Era, uri: URL, message: string): ProtocolError {
  return era === "modern" ? new ResourceNotFoundError(uri.href, message) : new ProtocolError(LEGACY_RESOURCE_NOT_FOUND, message, { uri: uri.href });
}

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
    if (error instanceof QueryError) throw new ProtocolError(ProtocolErrorCode.InvalidParams, error.message);
    throw error;
  }
}

/** Registers every Code Buddy resource and resource template on a server; `era` picks the protocol's not-found error. */
export function registerResources(server: McpServer, { db, scope }: McpContext, era: Era): void {
  const { owner, repo } = completionsFor({ db, scope });
  const repositoryVariables = { complete: { owner, repo } };
  server.registerResource(
    "recent-events",
    RESOURCE_URIS.recentEvents,
    {
      title: "Recent GitHub events",
      description: `The ${RECENT_LIMIT} newest events this token may see. Subscribe to be told when a new one arrives.`,
      mimeType: "application/json",
      ...LIVE,
    },
    (uri) => reading(async () => json(uri, { events: (await recentEvents(db, scope, {}, { limit: RECENT_LIMIT })).events.map((record) => record.event) })),
  );

  server.registerResource(
    "event",
    new ResourceTemplate(RESOURCE_URIS.event, { list: undefined }),
    { title: "One GitHub event", description: "One event by its delivery_id, with its raw webhook payload.", mimeType: "application/json", ...LIVE },
    (uri, { delivery_id }) =>
      reading(async () => {
        const found = await eventByDeliveryId(db, scope, variable(delivery_id), { includePayload: true });
        if (!found) throw notFound(era, uri, `No event with delivery_id "${variable(delivery_id)}" is visible to this token.`);
        return json(uri, { event: found.event, payload: found.payload });
      }),
  );

  server.registerResource(
    "repository-events",
    new ResourceTemplate(RESOURCE_URIS.repositoryEvents, { list: undefined, ...repositoryVariables }),
    {
      title: "A repository's recent events",
      description: `The ${RECENT_LIMIT} newest events of one repository. Subscribe to be told of each new one.`,
      mimeType: "application/json",
      ...LIVE,
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
    new ResourceTemplate(RESOURCE_URIS.thread, { list: undefined, ...repositoryVariables }),
    {
      title: "An issue or pull request timeline",
      description: "Every stored event of one issue, pull request or discussion, oldest first. Subscribe to follow the conversation.",
      mimeType: "application/json",
      ...LIVE,
    },
    (uri, { owner, repo, number }) =>
      reading(async () => {
        const repository = `${variable(owner)}/${variable(repo)}`;
        const parsed = Number(variable(number));
        if (!Number.isInteger(parsed) || parsed <= 0)
          throw new ProtocolError(
            ProtocolErrorCode.InvalidParams,
            `"${variable(number)}" is not an issue or pull request number: use e.g. ${RESOURCE_URIS.thread.replace("{owner}/{repo}", repository).replace("{number}", "42")}.`,
          );
        const thread = await threadEvents(db, scope, repository, parsed);
        return json(uri, { repository, number: parsed, events: thread.events.map((record) => record.event), truncated: thread.truncated });
      }),
  );
}
