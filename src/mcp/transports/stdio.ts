import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { Readable, Writable } from "node:stream";
import type { Scope } from "../../auth/scope.js";
import type { OpenSession } from "../session-factory.js";

export interface StdioDeps {
  openSession: OpenSession;
  scope: Scope;
  input: Readable;
  output: Writable;
  /**
   * Asked before each message, as HTTP asks on each request: null to go on,
   * or why the session must end (its token was revoked).
   */
  refusal?: () => Promise<string | null>;
}

/** JSON-RPC's range for server errors; the SDK's own codes sit at its top. */
const SESSION_REFUSED = -32001;

/**
 * One MCP session over a pair of streams (the process's stdin and stdout);
 * resolves when the client closes its end, or when `refusal` ends it: the
 * message that found it refused is answered with the reason, then the
 * session closes.
 */
export async function serveStdio({ openSession, scope, input, output, refusal }: StdioDeps): Promise<void> {
  const transport = new StdioServerTransport(input, output);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  // The SDK's stdio transport does not notice the end of its input by itself.
  input.once("end", () => void transport.close());
  await openSession(scope, transport);
  if (refusal) {
    const handle = transport.onmessage!;
    const answer = async (message: JSONRPCMessage, reason: string) => {
      if ("id" in message && "method" in message) await transport.send({ jsonrpc: "2.0", id: message.id, error: { code: SESSION_REFUSED, message: reason } });
    };
    const check = async (message: JSONRPCMessage) => {
      let reason: string | null;
      try {
        reason = await refusal();
      } catch (error) {
        // Fails closed for this message only: the database may be back for the next one.
        return answer(message, `Could not check this session's token (${(error as Error).message}); nothing was done. Try again.`);
      }
      if (reason === null) return handle(message);
      await answer(message, reason);
      await transport.close();
    };
    // Checked one after another, so messages reach the server in the order they came.
    let checked = Promise.resolve();
    transport.onmessage = (message) => {
      // A message that cannot be answered means the output is gone: the session with it.
      checked = checked.then(() => check(message)).catch(() => transport.close());
    };
  }
  await closed;
}
