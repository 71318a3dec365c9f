import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { createToken } from "../../src/auth/tokens.js";
import { EventBus, type StoredEventListener } from "../../src/events/event-bus.js";
import type { PrismaDb } from "../../src/store/db.js";

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A token made through the same function `code-buddy token create` uses. */
export async function newToken(prisma: PrismaDb, name: string, repositories: string[], allowPrivate = false): Promise<string> {
  return (await createToken(prisma, { name, repositories, allowPrivate })).token;
}

/** An MCP client that records the resource updates it is sent. */
export class RecordingClient {
  readonly client = new Client({ name: "code-buddy-test", version: "1.0.0" });
  readonly updates: string[] = [];
  #waiters: { uri: string; resolve(): void }[] = [];

  constructor() {
    this.client.setNotificationHandler(ResourceUpdatedNotificationSchema, ({ params: { uri } }) => {
      this.updates.push(uri);
      this.#waiters = this.#waiters.filter((waiter) => (waiter.uri === uri ? (waiter.resolve(), false) : true));
    });
  }

  async connect(transport: Transport): Promise<this> {
    await this.client.connect(transport);
    return this;
  }

  /** Resolves with the time it took for an update of `uri` to arrive; rejects after `withinMs`. */
  nextUpdate(uri: string, withinMs: number): Promise<number> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no notifications/resources/updated for ${uri} within ${withinMs} ms`)), withinMs);
      this.#waiters.push({
        uri,
        resolve: () => {
          clearTimeout(timer);
          resolve(Date.now() - started);
        },
      });
    });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export function streamableTransport(baseUrl: string, token: string): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL("/mcp", baseUrl), { requestInit: { headers: bearer(token) } });
}

/** The SSE client sends requestInit's headers on the stream's GET as well as on the message POSTs. */
export function sseTransport(baseUrl: string, token: string): SSEClientTransport {
  return new SSEClientTransport(new URL("/sse", baseUrl), { requestInit: { headers: bearer(token) } });
}

/** The client opens its notification stream (GET /mcp) just after initialize; notifications sent before it is open are lost. */
export const streamOpen = () => new Promise((resolve) => setTimeout(resolve, 200));

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An EventBus that counts its listeners: a session must drop its listener when it ends. */
export class CountingBus extends EventBus {
  listeners = 0;

  override subscribe(listener: StoredEventListener): () => void {
    this.listeners += 1;
    const unsubscribe = super.subscribe(listener);
    return () => {
      this.listeners -= 1;
      unsubscribe();
    };
  }
}

/**
 * A tool result read back from its text part alone, as Letta reads it: list
 * results carry their events as rows under a `columns` header (null: absent),
 * everything else is the structured result's JSON.
 */
export function resultFromText(text: string): unknown {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  if (!Array.isArray(parsed.columns)) return parsed;
  const { columns, events, ...rest } = parsed as { columns: string[]; events: unknown[][] };
  const objects = events.map((row) => Object.fromEntries(columns.flatMap((column, i) => (row[i] === null ? [] : [[column, row[i]]]))));
  return { events: objects, ...rest };
}
