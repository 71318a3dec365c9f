import type { ApplicationFunction } from "probot";
import type { Logger } from "pino";
import { createIngest } from "./github/ingest.js";
import { healthRoute, statsRoute } from "./http/health-routes.js";
import type { Db } from "./store/db.js";

export interface AppDeps {
  db: Db;
  log: Logger;
  clock: () => Date;
  startedAt: Date;
}

/** The Probot app: wiring only. Every delivery of every event type goes to ingest. */
export function codeBuddyApp(deps: AppDeps): ApplicationFunction {
  const ingest = createIngest({ prisma: deps.db.prisma, log: deps.log, clock: deps.clock });
  return (app, { addHandler }) => {
    app.onAny(async (context) => {
      await ingest(context);
    });
    addHandler(healthRoute(deps));
    addHandler(statsRoute(deps));
  };
}
