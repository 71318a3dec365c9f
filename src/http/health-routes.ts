import type { Db } from "../store/db.js";
import { storeHealth } from "../store/health.js";
import { PUBLIC_SCOPE } from "../auth/scope.js";
import { eventStats } from "../query/event-stats.js";
import { VERSION } from "../version.js";
import { sendJson } from "./http-error.js";
import { getRoute, type Handler } from "./route.js";

export interface HealthDeps {
  db: Db;
  startedAt: Date;
  clock: () => Date;
}

/** GET /health: public and free of secrets; 503 when the database cannot be reached, so load balancers notice. */
export function healthRoute({ db, startedAt, clock }: HealthDeps): Handler {
  return getRoute("/health", async (_req, res) => {
    const database = await storeHealth(db);
    const uptimeSeconds = Math.round((clock().getTime() - startedAt.getTime()) / 1000);
    sendJson(res, database.reachable ? 200 : 503, {
      status: database.reachable ? "ok" : "degraded",
      version: VERSION,
      uptime_seconds: uptimeSeconds,
      database: { provider: database.provider, reachable: database.reachable },
      events_stored: database.events_stored,
      last_event_at: database.last_event_at,
    });
  });
}

/** GET /stats: counts by event type and repository. Public: it counts only public repositories' events (MCP's get_event_stats shows a token its private ones). */
export function statsRoute({ db }: Pick<HealthDeps, "db">): Handler {
  return getRoute("/stats", async (_req, res) => {
    sendJson(res, 200, await eventStats(db, PUBLIC_SCOPE));
  });
}
