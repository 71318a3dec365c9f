import type { StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import { z } from "zod";

type Json = { [key: string]: unknown };

/** A nullable object as `type: ["object", "null"]` rather than an anyOf with a second, null-only schema. */
function mergeNull(node: Json): Json {
  const options = node.anyOf;
  if (!Array.isArray(options) || options.length !== 2) return node;
  const [schema, none] = options as Json[];
  if (JSON.stringify(none) !== '{"type":"null"}' || typeof schema?.type !== "string") return node;
  const { anyOf: _, ...rest } = node;
  return { ...schema, ...rest, type: [schema.type, "null"] };
}

/**
 * zod's JSON Schema, without what costs a model tokens and tells it nothing:
 * the `$schema` line (2020-12 is MCP's default), the 400-character pattern
 * zod adds beside `format: "date-time"`, `propertyNames: {type: "string"}`
 * (JSON keys are strings), `additionalProperties: {}` (the default), an
 * input's `minLength: 1` (zod still refuses an empty string, with a message
 * saying so), and null-only anyOf branches.
 *
 * Output schemas keep every field's type but drop `additionalProperties:
 * false` and `required` (but in anyOf branches, where `required` tells them
 * apart): the server still checks each result against the whole zod schema
 * before sending it, the tests check that every field returned is declared,
 * and a client holding a cached definition does not reject a result for a
 * field added later. That halves what the output schemas cost.
 */
export function leanJson(node: unknown, io: "input" | "output", branch = false): unknown {
  if (Array.isArray(node)) return node.map((item) => leanJson(item, io));
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(mergeNull(node as Json))) {
    if (key === "$schema" || (key === "propertyNames" && JSON.stringify(value) === '{"type":"string"}')) continue;
    if (key === "additionalProperties" && (JSON.stringify(value) === "{}" || (io === "output" && value === false))) continue;
    if (io === "input" && key === "minLength" && value === 1) continue;
    if (io === "output" && key === "required" && !branch) continue;
    out[key] = key === "anyOf" && Array.isArray(value) ? value.map((option) => leanJson(option, io, true)) : leanJson(value, io);
  }
  if (out.format === "date-time" && typeof out.pattern === "string") delete out.pattern;
  return out;
}

/** A zod schema as the MCP SDK takes it: zod validates (and words the errors), tools/list shows the lean JSON Schema. */
export function leanSchema<T extends z.ZodType>(schema: T): StandardSchemaWithJSON<z.input<T>, z.output<T>> {
  const cache: Partial<Record<"input" | "output", Record<string, unknown>>> = {};
  const json = (io: "input" | "output") => () => (cache[io] ??= leanJson(z.toJSONSchema(schema, { target: "draft-2020-12", io }), io) as Record<string, unknown>);
  return { "~standard": { ...schema["~standard"], jsonSchema: { input: json("input"), output: json("output") } } };
}
