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

const STRING = '{"type":"string"}';
/** An identifier's length limit (a login, a consumer, a delivery id) that no real one comes near; zod still refuses a longer one, saying so. */
const IDENTIFIER_MAX = 200;
/** From this many plain-string properties, naming them once costs fewer tokens than a `{"type":"string"}` each. */
const GROUPED_STRINGS = 5;

/**
 * An output object with many plain-string properties as `propertyNames` (every
 * field, still closed to others) plus `additionalProperties: {type: "string"}`,
 * keeping in `properties` only the fields of other types: the same fields and
 * types, at about two thirds of the tokens (a compact event goes from 68 to 44).
 */
function groupStrings(node: Json): Json {
  const properties = node.properties as Record<string, unknown> | undefined;
  if (node.additionalProperties !== undefined || properties === undefined) return node;
  const strings = Object.keys(properties).filter((name) => JSON.stringify(properties[name]) === STRING);
  if (strings.length < GROUPED_STRINGS) return node;
  const others = Object.fromEntries(Object.entries(properties).filter(([name]) => !strings.includes(name)));
  const { properties: _, ...rest } = node;
  return { ...rest, propertyNames: { enum: Object.keys(properties) }, properties: others, additionalProperties: { type: "string" } };
}

/**
 * An output anyOf's branches, each requiring one key that only it declares
 * (the first such; all of its required keys when none is its own): enough to
 * tell the branches apart, which is all `required` is kept for in an output.
 */
function telling(branches: Json[]): Json[] {
  const declared = branches.map((branch) => [
    ...Object.keys((branch.properties as Json | undefined) ?? {}),
    ...(((branch.propertyNames as Json | undefined)?.enum as string[] | undefined) ?? []),
  ]);
  return branches.map((branch, index) => {
    if (!Array.isArray(branch.required)) return branch;
    const own = (branch.required as string[]).find((key) => declared.every((keys, other) => other === index || !keys.includes(key)));
    return own === undefined ? branch : { ...branch, required: [own] };
  });
}

/**
 * zod's JSON Schema, without what costs a model tokens and tells it nothing:
 * the `$schema` line (2020-12 is MCP's default), the 400-character pattern
 * zod adds beside `format: "date-time"`, `propertyNames: {type: "string"}`
 * (JSON keys are strings), `additionalProperties: {}` (the default), `.int()`'s
 * ±2^53 bounds, an input's `minLength: 1`, `minimum: 1` and an identifier's
 * `maxLength` (zod still refuses an empty string, a 0 or a 300-character
 * login, with a message saying so), an output's `type` beside its enum, and
 * null-only anyOf branches.
 *
 * Output schemas keep every field's type but drop `additionalProperties:
 * false` and `required` (but in anyOf branches, one key each to tell them
 * apart): the server still checks each result against the whole zod schema
 * before sending it, the tests check that every field returned is declared,
 * and a client holding a cached definition does not reject a result for a
 * field added later. That halves what the output schemas cost. Objects with
 * many string fields list them by name (groupStrings).
 */
export function leanJson(node: unknown, io: "input" | "output", branch = false): unknown {
  if (Array.isArray(node)) return node.map((item) => leanJson(item, io));
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(mergeNull(node as Json))) {
    if (key === "$schema" || (key === "propertyNames" && JSON.stringify(value) === '{"type":"string"}')) continue;
    if (key === "additionalProperties" && (JSON.stringify(value) === "{}" || (io === "output" && value === false))) continue;
    if (io === "input" && (key === "minLength" || key === "minimum") && value === 1) continue;
    if (io === "input" && key === "maxLength" && typeof value === "number" && value <= IDENTIFIER_MAX) continue;
    if (io === "output" && key === "required" && !branch) continue;
    if (key !== "anyOf" || !Array.isArray(value)) out[key] = leanJson(value, io);
    else {
      const branches = value.map((option) => leanJson(option, io, true) as Json);
      out[key] = io === "output" ? telling(branches) : branches;
    }
  }
  if (out.format === "date-time" && typeof out.pattern === "string") delete out.pattern;
  // .int()'s bounds when no other is set: any JSON integer a client sends is within them.
  if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  // An output's enum says its type; an input keeps it, for hosts that require a type on every parameter.
  if (io === "output" && out.type === "string" && Array.isArray(out.enum)) delete out.type;
  if (out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum;
  return io === "output" ? groupStrings(out) : out;
}

/** A zod schema as the MCP SDK takes it: zod validates (and words the errors), tools/list shows the lean JSON Schema. */
export function leanSchema<T extends z.ZodType>(schema: T): StandardSchemaWithJSON<z.input<T>, z.output<T>> {
  const cache: Partial<Record<"input" | "output", Record<string, unknown>>> = {};
  const json = (io: "input" | "output") => () => (cache[io] ??= leanJson(z.toJSONSchema(schema, { target: "draft-2020-12", io }), io) as Record<string, unknown>);
  return { "~standard": { ...schema["~standard"], jsonSchema: { input: json("input"), output: json("output") } } };
}
