import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { bearer } from "./mcp.js";

export const MODERN_VERSION = "2026-07-28";

/** The per-request envelope a 2026-07-28 client sends in _meta. */
export const ENVELOPE = {
  "io.modelcontextprotocol/protocolVersion": MODERN_VERSION,
  "io.modelcontextprotocol/clientInfo": { name: "raw-test", version: "1.0.0" },
  "io.modelcontextprotocol/clientCapabilities": {},
};

/** A 2026-07-28 request as the wire carries it: the envelope in params._meta. */
export function modernRequest(method: string, params: Record<string, unknown> = {}, id: number | string = 1) {
  return { jsonrpc: "2.0", id, method, params: { ...params, _meta: ENVELOPE } };
}

/** The standard headers (SEP-2243) a 2026-07-28 request carries; `name` mirrors params.name or params.uri. */
export function modernHeaders(method: string, name?: string): Record<string, string> {
  return { "mcp-protocol-version": MODERN_VERSION, "mcp-method": method, ...(name !== undefined && { "mcp-name": name }) };
}

/** The official v2 SDK client, pinned to 2026-07-28 (no initialize), recording the resource updates its listen streams carry. */
export class ModernClient {
  readonly client = new Client({ name: "code-buddy-test", version: "1.0.0" }, { versionNegotiation: { mode: { pin: MODERN_VERSION } } });
  readonly updates: { uri: string; subscriptionId: unknown }[] = [];
  #waiters: { uri: string; resolve(): void }[] = [];

  constructor() {
    this.client.setNotificationHandler("notifications/resources/updated", ({ params }) => {
      this.updates.push({ uri: params.uri, subscriptionId: params._meta?.["io.modelcontextprotocol/subscriptionId"] });
      this.#waiters = this.#waiters.filter((waiter) => (waiter.uri === params.uri ? (waiter.resolve(), false) : true));
    });
  }

  static async connect(baseUrl: string, token: string): Promise<ModernClient> {
    const modern = new ModernClient();
    await modern.client.connect(new StreamableHTTPClientTransport(new URL("/mcp", baseUrl), { requestInit: { headers: bearer(token) } }));
    return modern;
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
