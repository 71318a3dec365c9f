import type { JSONRPCMessage, Transport } from "@modelcontextprotocol/server";
import { serveStdio as serveStdioEntry, StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import type { Readable, Writable } from "node:stream";
import type { Scope } from "../../auth/scope.js";
import type { ScopedServers } from "../scoped-servers.js";

export interface StdioDeps {
  servers: ScopedServers;
  scope: Scope;
  input: Readable;
  output: Writable;
  /**
   * Asked before each message, as HTTP asks on each request: null to go on,
   * or why the session must end (its token was revoked).
   */
  refusal?: () => Promise<string | null>;
  onerror?: (error: Error) => void;
}

/** JSON-RPC's range for server errors; the SDK's own codes sit at its top. */
const SESSION_REFUSED = -32001;

/**
 * The process's stdio as the SDK's entry sees it, with every inbound message
 * first passing `refusal`: a refused request is answered with the reason and
 * the connection closes. Messages reach the entry in the order they came.
 */
class GuardedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  #checked = Promise.resolve();

  constructor(
    private readonly inner: StdioServerTransport,
    private readonly refusal: (() => Promise<string | null>) | undefined,
    ended: () => void,
  ) {
    inner.onclose = () => {
      this.onclose?.();
      ended();
    };
    inner.onerror = (error) => this.onerror?.(error);
    inner.onmessage = (message) => {
      // A message that cannot be answered means the output is gone: the session with it.
      this.#checked = this.#checked.then(() => this.#receive(message)).catch(() => this.close());
    };
  }

  async #receive(message: JSONRPCMessage): Promise<void> {
    let reason: string | null = null;
    try {
      reason = (await this.refusal?.()) ?? null;
    } catch (error) {
      // Fails closed for this message only: the database may be back for the next one.
      return this.#answer(message, `Could not check this session's token (${(error as Error).message}); nothing was done. Try again.`);
    }
    if (reason === null) return this.onmessage?.(message);
    await this.#answer(message, reason);
    await this.close();
  }

  async #answer(message: JSONRPCMessage, reason: string): Promise<void> {
    if ("id" in message && "method" in message) await this.inner.send({ jsonrpc: "2.0", id: message.id, error: { code: SESSION_REFUSED, message: reason } });
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.inner.send(message);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * One MCP connection over a pair of streams (the process's stdin and stdout),
 * served by the SDK's stdio entry: the opening exchange picks the era
 * (initialize for 2025, server/discover or an enveloped request for
 * 2026-07-28) and one server bound to `scope` serves the connection. On 2025
 * the client subscribes with resources/subscribe; on 2026-07-28 with
 * subscriptions/listen, which the entry filters itself. Resolves when the
 * client closes its end, or when `refusal` ends the connection.
 */
export async function serveStdio({ servers, scope, input, output, refusal, onerror }: StdioDeps): Promise<void> {
  let ended!: () => void;
  const closed = new Promise<void>((resolve) => {
    ended = resolve;
  });
  const transport = new GuardedTransport(new StdioServerTransport(input, output), refusal, ended);
  serveStdioEntry(({ era }) => servers.build(scope, { era, updates: { kind: era === "legacy" ? "subscribe" : "announce", events: servers.events } }), {
    transport,
    ...(onerror && { onerror }),
  });
  await closed;
}
