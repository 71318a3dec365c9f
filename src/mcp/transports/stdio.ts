import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Readable, Writable } from "node:stream";
import type { Scope } from "../../auth/scope.js";
import type { OpenSession } from "../session-factory.js";

export interface StdioDeps {
  openSession: OpenSession;
  scope: Scope;
  input: Readable;
  output: Writable;
}

/** One MCP session over a pair of streams (the process's stdin and stdout); resolves when the client closes its end. */
export async function serveStdio({ openSession, scope, input, output }: StdioDeps): Promise<void> {
  const transport = new StdioServerTransport(input, output);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  // The SDK's stdio transport does not notice the end of its input by itself.
  input.once("end", () => void transport.close());
  await openSession(scope, transport);
  await closed;
}
