import { z } from "zod";
import { VERSION } from "../version.js";
import type { ApiRoute } from "./route.js";
import { API_PREFIX } from "./router.js";
import { errorSchema } from "./schemas/error.js";

type JsonSchema = Record<string, unknown>;

const COMPONENTS = "#/components/schemas/";

/**
 * JSON Schema of one zod schema, as OpenAPI 3.1 embeds it: schemas with a
 * meta id (Event, Delivery…) become shared components, referenced by $ref.
 */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const { $schema: _, $defs, ...converted } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [id, definition] of Object.entries($defs ?? {})) {
      const component = this.#rewrite(definition) as JsonSchema;
      const known = this.components[id];
      if (known && JSON.stringify(known) !== JSON.stringify(component))
        throw new Error(`Two different schemas are both named ${id} in the OpenAPI document (one as input, one as output?).`);
      this.components[id] = component;
    }
    return this.#rewrite(converted) as JsonSchema;
  }

  #rewrite(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.#rewrite(item));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, key === "$ref" && typeof inner === "string" ? inner.replace("#/$defs/", COMPONENTS) : this.#rewrite(inner)]),
    );
  }
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

function parametersOf(collector: SchemaCollector, schema: z.ZodObject | undefined, where: "path" | "query"): Parameter[] {
  if (!schema) return [];
  const object = collector.convert(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || (object.required ?? []).includes(name),
      ...(typeof description === "string" && { description }),
      schema: rest,
    };
  });
}

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: `${COMPONENTS}Error` } } } });

function operationOf(collector: SchemaCollector, route: ApiRoute) {
  const parameters = [...parametersOf(collector, route.params, "path"), ...parametersOf(collector, route.query, "query")];
  if (route.stream)
    parameters.push({
      name: "Last-Event-ID",
      in: "header",
      required: false,
      description: "Resume after this position (EventSource sends it on reconnection).",
      schema: { type: "string", pattern: "^\\d+$" },
    });
  const success = route.stream
    ? { description: "Server-Sent Events; each `github` message's data is this event.", content: { "text/event-stream": { schema: collector.convert(route.response, "output") } } }
    : { description: route.summary, content: { "application/json": { schema: collector.convert(route.response, "output") } } };
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description && { description: route.description }),
    ...(parameters.length > 0 && { parameters }),
    ...(route.body && { requestBody: { required: true, content: { "application/json": { schema: collector.convert(route.body, "input") } } } }),
    responses: {
      [String(route.status ?? 200)]: success,
      "400": errorResponse("A parameter or body field is unknown or malformed; the message names it."),
      "401": errorResponse("No credential, or one that is not valid."),
      ...(route.access === "admin" && { "403": errorResponse("The credential is not an admin's.") }),
      ...(route.path.includes("{") && { "404": errorResponse("Nothing by that name or id (visible to the caller).") }),
    },
  };
}

/** The OpenAPI 3.1 document of the routes, generated from the zod schemas they validate with. */
export function openApiDocument(routes: readonly ApiRoute[]) {
  const collector = new SchemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(collector, route);
  collector.convert(errorSchema, "output");
  return {
    openapi: "3.1.0",
    info: {
      title: "Code Buddy",
      version: VERSION,
      description:
        "GitHub events of the app's installations, as the caller's scope allows them, and (for admins) the subscriptions that push them, their deliveries and the tokens. " +
        'Errors: {"error": {"code", "message", "parameter"?}}.',
    },
    servers: [{ url: API_PREFIX }],
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      schemas: collector.components,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A cb_ token: code-buddy token create <name> --repo <pattern> [--private] [--admin]." },
        session: { type: "apiKey", in: "cookie", name: "cb_session", description: "The web console's session; changes also need the X-CSRF-Token header." },
      },
    },
  };
}
