import { LOCAL_SCOPE } from "../auth/scope.js";
import { listSubscriptions } from "../delivery/subscriptions.js";
import { eventStats } from "../query/event-stats.js";
import type { Db } from "../store/db.js";
import { storeHealth } from "../store/health.js";
import type { MigrationStatus } from "../store/migrate.js";
import { lastRecoveryRun, type RecoveryOutcome } from "../store/recovery-runs.js";

export interface DeploymentStatus {
  database: { provider: Db["provider"]; reachable: boolean; migrations_up_to_date: boolean; pending_migrations: string[] };
  events: { stored: number | null; last_24_hours: number; last_event_at: string | null };
  deliveries: {
    pending: number;
    failed: number;
    subscriptions: { name: string; enabled: boolean; pending: number; failed: number; failing_since: string | null; problem: string | null }[];
  };
  /** The last check of GitHub's delivery log for missed deliveries, by any instance; null before the first. */
  last_recovery: { finished_at: string; outcome: RecoveryOutcome; checked: number; redelivered: number; error: string | null } | null;
  console_sessions: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a deployment is doing, read from its database: what every instance sharing it writes there. */
export async function deploymentStatus(db: Db, migrations: Pick<MigrationStatus, "upToDate" | "pending">, now: Date): Promise<DeploymentStatus> {
  const health = await storeHealth(db);
  const [recent, subscriptions, sessions, recovery] = await Promise.all([
    eventStats(db, LOCAL_SCOPE, { since: new Date(now.getTime() - DAY_MS), until: now }),
    listSubscriptions(db.prisma),
    db.prisma.consoleSession.count({ where: { expiresAt: { gte: now } } }),
    lastRecoveryRun(db.prisma),
  ]);
  return {
    database: { provider: health.provider, reachable: health.reachable, migrations_up_to_date: migrations.upToDate, pending_migrations: migrations.pending },
    events: { stored: health.events_stored, last_24_hours: recent.total_events, last_event_at: health.last_event_at },
    deliveries: {
      pending: subscriptions.reduce((sum, subscription) => sum + subscription.pending, 0),
      failed: subscriptions.reduce((sum, subscription) => sum + subscription.failed, 0),
      subscriptions: subscriptions.map((subscription) => ({
        name: subscription.name,
        enabled: subscription.enabled,
        pending: subscription.pending,
        failed: subscription.failed,
        failing_since: subscription.failingSince?.toISOString() ?? null,
        problem: subscription.enabled ? subscription.lastError : subscription.disabledReason,
      })),
    },
    last_recovery:
      recovery === null
        ? null
        : { finished_at: recovery.finishedAt.toISOString(), outcome: recovery.outcome, checked: recovery.checked, redelivered: recovery.redelivered, error: recovery.error },
    console_sessions: sessions,
  };
}

/** The status as an operator reads it in a terminal. */
export function describeStatus(status: DeploymentStatus): string[] {
  const { database, events, deliveries } = status;
  const lines = [
    `Database: ${database.provider}, ${database.reachable ? "reachable" : "NOT reachable"}, ${database.migrations_up_to_date ? "migrations up to date" : `${database.pending_migrations.length} migration(s) pending: run code-buddy migrate`}`,
    `Events: ${events.stored ?? "?"} stored, ${events.last_24_hours} in the last 24 hours, last at ${events.last_event_at ?? "never"}`,
    `Deliveries: ${deliveries.pending} pending, ${deliveries.failed} failed (dead letters) over ${deliveries.subscriptions.length} subscription(s)`,
  ];
  for (const subscription of deliveries.subscriptions) {
    const state = !subscription.enabled ? "DISABLED" : subscription.failing_since ? `failing since ${subscription.failing_since}` : "ok";
    lines.push(`  ${subscription.name}: ${state}, ${subscription.pending} pending, ${subscription.failed} failed${subscription.problem ? ` (${subscription.problem})` : ""}`);
  }
  const recovery = status.last_recovery;
  lines.push(
    recovery === null
      ? "Recovery: no check of GitHub's delivery log yet"
      : recovery.outcome === "ok"
        ? `Recovery: last at ${recovery.finished_at}, ${recovery.checked} delivery(ies) checked, ${recovery.redelivered} redelivered`
        : `Recovery: last at ${recovery.finished_at} FAILED (${recovery.error ?? "no reason recorded"})`,
  );
  lines.push(`Console: ${status.console_sessions} open session(s)`);
  return lines;
}
