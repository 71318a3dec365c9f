import type { McpServer, ServerContext, ToolAnnotations } from "@modelcontextprotocol/server";
import { z } from "zod";
import { QueryError } from "../query/errors.js";
import type { McpContext } from "./context.js";
import { leanSchema } from "./lean-schema.js";

type Shape = z.ZodRawShape;

/**
 * One MCP tool: its schemas, annotations and a description that tells a model
 * when to use it (with an example), and a handler returning the structured
 * result. A handler throws ToolError (or the query layer's QueryError) for a
 * call the agent can fix; the message says how.
 */
export interface ToolDefinition<In extends Shape, Out extends Shape> {
  name: string;
  description: string;
  inputSchema: In;
  outputSchema: Out;
  annotations: ToolAnnotations;
  run(args: z.infer<z.ZodObject<In>>, ctx: McpContext, call: ToolCall): Promise<z.infer<z.ZodObject<Out>>>;
  /** The result as the text part (default: its JSON); it must carry the whole result, as many hosts show the model only the text. */
  text?(output: z.infer<z.ZodObject<Out>>, args: z.infer<z.ZodObject<In>>): string;
}

/** What one call carries besides its arguments. */
export interface ToolCall {
  /**
   * The X-Agent-Id header of the HTTP request that carried the call (Letta sends each agent's id in it), or null:
   * the default read position of get_unread_events and mark_events_read, so agents sharing a token keep their own.
   */
  agentId: string | null;
  /** Aborts when the client cancels the call or its connection ends: a tool that waits stops waiting. */
  signal: AbortSignal;
}

export class ToolError extends Error {
  override name = "ToolError";
}

/** Infers a definition's types at its declaration. */
export function defineTool<In extends Shape, Out extends Shape>(definition: ToolDefinition<In, Out>): ToolDefinition<In, Out> {
  return definition;
}

const AGENT_ID_HEADER = "x-agent-id";

function toolCall({ mcpReq, http }: ServerContext): ToolCall {
  const agentId = http?.req?.headers.get(AGENT_ID_HEADER)?.trim() || null;
  // The HTTP request's signal ends with its connection (a 2025-era SSE answer, a 2026-07-28 response); the SDK's with the session or a cancellation.
  const signal = http?.req?.signal ? AbortSignal.any([mcpReq.signal, http.req.signal]) : mcpReq.signal;
  return { agentId, signal };
}

export function registerTool<In extends Shape, Out extends Shape>(server: McpServer, tool: ToolDefinition<In, Out>, ctx: McpContext): void {
  const { name, description, annotations } = tool;
  const inputSchema = leanSchema(z.object(tool.inputSchema));
  const outputSchema = leanSchema(z.object(tool.outputSchema));
  // No title: hosts show the name, and every token of tools/list sits in some agents' context on every step.
  server.registerTool(name, { description, inputSchema, outputSchema, annotations }, async (args, request) => {
    try {
      const input = args as z.infer<z.ZodObject<In>>;
      const structuredContent = await tool.run(input, ctx, toolCall(request));
      ctx.onToolCall?.(name, "ok");
      const text = tool.text ? tool.text(structuredContent, input) : JSON.stringify(structuredContent);
      return { content: [{ type: "text", text }], structuredContent };
    } catch (error) {
      if (error instanceof ToolError || error instanceof QueryError) {
        ctx.onToolCall?.(name, "refused");
        return { isError: true, content: [{ type: "text", text: error.message }] };
      }
      ctx.onToolCall?.(name, "failed");
      ctx.log.error({ err: error, tool: name }, "MCP tool failed");
      const text = `${name} failed on the server's side; the error is logged. Try again, or report it if it persists.`;
      // Also to the client's log, at the level it asked for (logging/setLevel, or 2026-07-28's per-request logLevel).
      await request.mcpReq.log("error", text, "code-buddy").catch(() => {});
      return { isError: true, content: [{ type: "text", text }] };
    }
  });
}
