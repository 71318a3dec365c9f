import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { bearer } from "./mcp.js";

/** A JSON-RPC message POSTed to /mcp as a client would, without the SDK: for the status codes the SDK hides. */
export async function postMcp(baseUrl: string, message: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(message),
  });
}

export function initializeMessage(protocolVersion = LATEST_PROTOCOL_VERSION) {
  return { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion, capabilities: {}, clientInfo: { name: "raw-test", version: "1.0.0" } } };
}

export const ping = (id = 2) => ({ jsonrpc: "2.0", id, method: "ping" });

/** The JSON-RPC answer in a response, whether sent as JSON or as one event of an SSE stream. */
export async function rpcAnswer(response: Response): Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }> {
  const text = await response.text();
  if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) return JSON.parse(text);
  const data = text.split("\n").find((line) => line.startsWith("data: "));
  if (!data) throw new Error(`no data in SSE response: ${text}`);
  return JSON.parse(data.slice("data: ".length));
}

/** Starts a session with a bare initialize; returns its id and negotiated version. */
export async function rawSession(baseUrl: string, token: string, protocolVersion = LATEST_PROTOCOL_VERSION): Promise<{ sessionId: string; protocolVersion: string }> {
  const response = await postMcp(baseUrl, initializeMessage(protocolVersion), bearer(token));
  if (response.status !== 200) throw new Error(`initialize answered ${response.status}: ${await response.text()}`);
  const sessionId = response.headers.get("mcp-session-id")!;
  const answer = await rpcAnswer(response);
  await postMcp(baseUrl, { jsonrpc: "2.0", method: "notifications/initialized" }, { ...bearer(token), "mcp-session-id": sessionId });
  return { sessionId, protocolVersion: answer.result!.protocolVersion as string };
}

export function inSession(token: string, sessionId: string, protocolVersion = LATEST_PROTOCOL_VERSION): Record<string, string> {
  return { ...bearer(token), "mcp-session-id": sessionId, "mcp-protocol-version": protocolVersion };
}

/** The error of a JSON-RPC error answer, checked to be one: every refusal on the MCP endpoints is a JSON-RPC message. */
export async function rpcError(response: Response): Promise<{ code: number; message: string; data?: unknown; id: string | number | null }> {
  const body = (await response.json()) as { jsonrpc?: string; error?: { code: number; message: string; data?: unknown }; id?: string | number | null };
  expect(body.jsonrpc).toBe("2.0");
  expect(body.error).toEqual(expect.objectContaining({ code: expect.any(Number), message: expect.any(String) }));
  expect(body).toHaveProperty("id");
  return { ...body.error!, id: body.id ?? null };
}
