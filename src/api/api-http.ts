import type { Logger } from "pino";
import { createOriginCheck, type CheckOrigin } from "../auth/origin.js";
import type { ResolvePrincipal } from "../auth/principal.js";
import { isHttps } from "../auth/session-cookie.js";
import type { ApiConfig, PushConfig } from "../config.js";
import type { Fetch } from "../delivery/http-post.js";
import type { EventBus } from "../events/event-bus.js";
import type { Handler } from "../http/route.js";
import type { Db } from "../store/db.js";
import { openApiDocument } from "./openapi.js";
import { createApiRouter } from "./router.js";
import { adminRoutes } from "./routes/admin-routes.js";
import { eventRoutes } from "./routes/event-routes.js";
import { meRoute } from "./routes/me-route.js";
import { createEventStreams } from "./stream/event-stream.js";

export interface ApiDeps {
  config: ApiConfig;
  /** The browser origins allowed besides the server's own (MCP_ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  db: Db;
  events: Pick<EventBus, "subscribe">;
  resolvePrincipal: ResolvePrincipal;
  push: PushConfig;
  clock: () => Date;
  log: Logger;
  fetch?: Fetch;
}

export interface ApiHttp {
  handler: Handler;
  /** Ends the open event streams. */
  close(): void;
}

/** The console's own pages call the API from the server's origin: allowed whatever the list says. */
export function sameOriginOrListed(allowedOrigins: readonly string[]): CheckOrigin {
  const listed = createOriginCheck(allowedOrigins);
  return (req) => {
    const origin = req.headers.origin?.toLowerCase();
    if (origin !== undefined && req.headers.host !== undefined && origin === `${isHttps(req) ? "https" : "http"}://${req.headers.host.toLowerCase()}`) return;
    listed(req);
  };
}

/** The REST API (/api/v1): its routes, the live stream, the OpenAPI document generated from the same schemas. */
export function createApiHttp({ config, allowedOrigins, db, events, resolvePrincipal, push, clock, log, fetch: fetchImpl = fetch }: ApiDeps): ApiHttp {
  const apiLog = log.child({ name: "api" });
  const streams = createEventStreams({ prisma: db.prisma, events, resolvePrincipal, keepAliveMs: config.keepAliveMs, maxStreams: config.maxStreams, log: apiLog });
  const routes = [streams.route, ...eventRoutes({ db, clock }), meRoute, ...adminRoutes({ db, clock, push, fetch: fetchImpl })];
  const document = openApiDocument(routes);
  return {
    handler: createApiRouter({ routes, resolvePrincipal, checkOrigin: sameOriginOrListed(allowedOrigins), openapi: () => document, log: apiLog }),
    close: () => streams.close(),
  };
}
