import type { McpServer, ToolAnnotations } from "@modelcontextprotocol/server";
import { z } from "zod";
import { QueryError } from "../query/errors.js";
import type { McpContext } from "./context.js";

type Shape = z.ZodRawShape;

/**
 * One MCP tool: its schemas, annotations and a description that tells a model
 * when to use it (with an example), and a handler returning the structured
 * result. A handler throws ToolError (or the query layer's QueryError) for a
 * call the agent can fix; the message says how.
 */
export interface ToolDefinition<In extends Shape, Out extends Shape> {
  name: string;
  title: string;
  description: string;
  inputSchema: In;
  outputSchema: Out;
  annotations: ToolAnnotations;
  run(args: z.infer<z.ZodObject<In>>, ctx: McpContext): Promise<z.infer<z.ZodObject<Out>>>;
}

export class ToolError extends Error {
  override name = "ToolError";
}

/** Infers a definition's types at its declaration. */
export function defineTool<In extends Shape, Out extends Shape>(definition: ToolDefinition<In, Out>): ToolDefinition<In, Out> {
  return definition;
}

export function registerTool<In extends Shape, Out extends Shape>(server: McpServer, tool: ToolDefinition<In, Out>, ctx: McpContext): void {
  const { name, title, description, annotations } = tool;
  const inputSchema = z.object(tool.inputSchema);
  const outputSchema = z.object(tool.outputSchema);
  server.registerTool(name, { title, description, inputSchema, outputSchema, annotations }, async (args, request) => {
    try {
      const structuredContent = await tool.run(args, ctx);
      ctx.onToolCall?.(name, "ok");
      return { content: [{ type: "text", text: JSON.stringify(structuredContent) }], structuredContent };
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
