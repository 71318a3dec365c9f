import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { z } from "zod";
import type { CheckOrigin } from "../auth/origin.js";
import type { Principal, ResolvePrincipal } from "../auth/principal.js";
import { csrfMatches } from "../auth/session-cookie.js";
import { answerCors } from "../http/cors.js";
import { HttpError } from "../http/http-error.js";
import { readBody } from "../http/read-body.js";
import type { Handler } from "../http/route.js";
import { ApiError, sendApiError, toApiError } from "./api-error.js";
import type { ApiRoute } from "./route.js";

export const API_PREFIX = "/api/v1";
export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;
/** Subscriptions and tokens are small: a body larger than this is a mistake. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface RouterDeps {
  routes: readonly ApiRoute[];
  resolvePrincipal: ResolvePrincipal;
  checkOrigin: CheckOrigin;
  openapi: () => unknown;
  log: Logger;
}

interface CompiledRoute {
  route: ApiRoute;
  pattern: RegExp;
  names: string[];
}

function compile(route: ApiRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${API_PREFIX}${source}$`), names };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(text);
}

/** The first problem zod found, as an answer naming the parameter (or body field) and how to fix it. */
function invalid(error: z.ZodError, where: "path" | "query" | "body", accepted: readonly string[]): ApiError {
  const issue = error.issues[0]!;
  const field = where === "body" ? "field" : "parameter";
  if (issue.code === "unrecognized_keys") {
    const name = [...issue.path, issue.keys[0]!].join(".");
    const takes = accepted.length === 0 ? `This endpoint takes no ${where === "body" ? "fields" : "query parameters"}.` : `This endpoint takes: ${accepted.join(", ")}.`;
    return new ApiError(400, "unknown_parameter", `Unknown ${field} "${name}". ${takes}`, name);
  }
  const name = issue.path.join(".");
  if (name === "") return new ApiError(400, where === "body" ? "invalid_body" : "invalid_parameter", `The ${where === "body" ? "body" : where} ${issue.message}.`);
  return new ApiError(400, where === "body" ? "invalid_body" : "invalid_parameter", `The ${field} "${name}" ${issue.message}.`, name);
}

function parse<T>(schema: z.ZodType<T> | undefined, input: unknown, where: "path" | "query" | "body"): T {
  if (schema === undefined) return undefined as T;
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  throw invalid(parsed.error, where, shape ? Object.keys(shape) : []);
}

function queryOf(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in query) throw new ApiError(400, "invalid_parameter", `The parameter "${name}" is given more than once; give it once.`, name);
    if (value === "") throw new ApiError(400, "invalid_parameter", `The parameter "${name}" is empty; give a value or leave it out.`, name);
    query[name] = value;
  }
  return query;
}

function paramsOf({ names }: CompiledRoute, match: RegExpExecArray): Record<string, string> {
  const params: Record<string, string> = {};
  names.forEach((name, index) => {
    try {
      params[name] = decodeURIComponent(match[index + 1]!);
    } catch {
      throw new ApiError(400, "invalid_parameter", `The path segment "${name}" is not valid percent-encoding.`, name);
    }
  });
  return params;
}

const hasBody = (req: IncomingMessage) => req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;

async function bodyOf(req: IncomingMessage, route: ApiRoute): Promise<unknown> {
  if (route.body === undefined) {
    if (hasBody(req)) throw new ApiError(400, "invalid_body", `${route.method} ${API_PREFIX}${route.path} takes no body; send the request without one.`);
    return undefined;
  }
  const type = (req.headers["content-type"] ?? "").split(";", 1)[0]!.trim().toLowerCase();
  if (type !== "application/json")
    throw new ApiError(415, "unsupported_media_type", `Send the body as JSON, with Content-Type: application/json (got ${type === "" ? "none" : JSON.stringify(type)}).`);
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413)
      throw new ApiError(413, "payload_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`, undefined, { connection: "close" });
    throw error;
  }
  if (raw.length === 0) throw new ApiError(400, "invalid_body", "The body is empty; send a JSON object.");
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw new ApiError(400, "invalid_body", `The body is not valid JSON (${(error as Error).message}).`);
  }
}

function checkAccess(route: ApiRoute, principal: Principal, req: IncomingMessage): void {
  if (route.access === "admin" && !principal.isAdmin)
    throw new ApiError(403, "forbidden", `${route.method} ${API_PREFIX}${route.path} is for admins: use a token created with code-buddy token create <name> --repo "*" --admin.`);
  // A cookie goes along by itself, even with a request another site's page makes: a change must also carry what only our page can read.
  if (principal.csrfToken !== null && req.method !== "GET" && !csrfMatches(principal.csrfToken, req.headers["x-csrf-token"] as string | undefined))
    throw new ApiError(403, "forbidden", "A change made with a console session must carry its X-CSRF-Token header (the console's pages do); scripts use a bearer token instead.");
}

/**
 * /api/v1: CORS and the Origin allow-list as on /mcp, the OpenAPI document,
 * then each route: its credential, its access, its input validated with its
 * zod schemas (unknown parameters refused by name), its answer. Every
 * failure has the one error shape.
 */
export function createApiRouter({ routes, resolvePrincipal, checkOrigin, openapi, log }: RouterDeps): Handler {
  const compiled = routes.map(compile);
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) return false;
    try {
      checkOrigin(req);
      const candidates = compiled.flatMap((entry) => {
        const match = entry.pattern.exec(url.pathname);
        return match ? [{ entry, match }] : [];
      });
      const methods = url.pathname === OPENAPI_PATH ? ["GET"] : [...new Set(candidates.map(({ entry }) => entry.route.method))];
      if (answerCors(req, res, methods.join(", "))) return true;
      if (url.pathname === OPENAPI_PATH) {
        if (req.method !== "GET") throw new ApiError(405, "method_not_allowed", `${req.method} is not allowed on ${OPENAPI_PATH}; use GET.`, undefined, { allow: "GET" });
        send(res, 200, openapi());
        return true;
      }
      if (candidates.length === 0) throw new ApiError(404, "not_found", `Nothing at ${req.method} ${url.pathname}. The API's endpoints are listed in GET ${OPENAPI_PATH}.`);
      const chosen = candidates.find(({ entry }) => entry.route.method === req.method);
      if (!chosen)
        throw new ApiError(405, "method_not_allowed", `${req.method} is not allowed on ${url.pathname}; use ${methods.join(" or ")}.`, undefined, { allow: methods.join(", ") });
      const { route } = chosen.entry;
      const principal = await resolvePrincipal(req);
      checkAccess(route, principal, req);
      const params = parse(route.params, paramsOf(chosen.entry, chosen.match), "path");
      const query = parse(route.query, queryOf(url), "query");
      const body = parse(route.body, await bodyOf(req, route), "body");
      const answer = await route.handle({ params, query, body, principal, req, res });
      if (!route.stream) send(res, route.status ?? 200, answer);
    } catch (error) {
      const known = toApiError(error);
      if (res.headersSent) res.destroy();
      else if (known) sendApiError(res, known);
      else {
        log.error({ err: error, method: req.method, url: url.pathname }, "API request failed");
        sendApiError(res, new ApiError(500, "internal", "Internal error; see the server log."));
      }
    }
    return true;
  };
}
