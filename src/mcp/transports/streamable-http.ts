import { toWebRequest } from "@modelcontextprotocol/node";
import { isLegacyRequest } from "@modelcontextprotocol/server";
import type { CheckOrigin } from "../../auth/origin.js";
import type { Handler } from "../../http/route.js";
import type { LegacyAnswer } from "./legacy-sessions.js";
import { McpHttpError, mcpRoute, type Guard } from "./mcp-route.js";
import type { ModernHttp } from "./modern-http.js";
import { nodeRequest } from "./node-request.js";

export interface StreamableHttpDeps {
  path: string;
  guard: Guard;
  checkOrigin: CheckOrigin;
  legacy: LegacyAnswer;
  modern: ModernHttp;
}

/**
 * The Streamable HTTP endpoint for every protocol revision: the origin and
 * token are checked first, then the SDK's own classification (isLegacyRequest)
 * sends 2025-era traffic (initialize, sessions, GET streams, DELETE) to the
 * sessions and 2026-07-28 traffic (a per-request _meta envelope) to the
 * sessionless handler. Every refusal is a JSON-RPC message.
 */
export function createStreamableHttpEndpoint({ path, guard, checkOrigin, legacy, modern }: StreamableHttpDeps): Handler {
  const methods = ["GET", "POST", "DELETE"];
  return mcpRoute({ path, methods: methods.join(", "), checkOrigin, readsBody: true }, async (req, res, _url, body) => {
    if (!methods.includes(req.method!))
      throw new McpHttpError(405, `${req.method} is not allowed on ${path}: POST JSON-RPC messages, GET a 2025-era session's stream, DELETE to end it.`, {
        headers: { allow: methods.join(", ") },
      });
    const caller = await guard(req);
    if (await isLegacyRequest(await toWebRequest(nodeRequest(req), body), body)) return legacy(req, res, caller, body);
    await modern.answer(req, res, caller, body);
  });
}
