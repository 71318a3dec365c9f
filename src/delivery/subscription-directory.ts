import type { Logger } from "pino";
import { runPeriodically, type Periodic } from "../periodic.js";
import type { PrismaDb } from "../store/db.js";
import type { OutboxRoute } from "../store/events.js";
import { outboxEntries, type ActiveSubscription, type TargetKind } from "./outbox-router.js";
import { rulesSchema } from "./rules.js";

/** How often enabled subscriptions are re-read, so changes made by the CLI in another process apply. */
const REFRESH_MS = 2000;

/**
 * The enabled subscriptions, held in memory so that routing an event to the
 * outbox costs no query on the webhook path.
 */
export class SubscriptionDirectory {
  #subscriptions: ActiveSubscription[] = [];
  #ownLogins: ReadonlySet<string> = new Set();
  #refreshing: Periodic | null = null;

  constructor(
    private readonly prisma: PrismaDb,
    private readonly log: Logger,
  ) {}

  /** Loads now, then keeps refreshing until stop(). */
  async start(): Promise<void> {
    await this.refresh();
    this.#refreshing = runPeriodically(
      REFRESH_MS,
      () => this.refresh(),
      (error) => this.log.warn({ err: error }, "could not reload subscriptions; keeping the last ones"),
    );
  }

  async stop(): Promise<void> {
    await this.#refreshing?.stop();
  }

  /** The app's own bot logins, whose events are never pushed (feedback-loop guard). */
  setOwnLogins(logins: Iterable<string>): void {
    this.#ownLogins = new Set([...logins].map((login) => login.toLowerCase()));
  }

  async refresh(): Promise<void> {
    const rows = await this.prisma.subscription.findMany({ where: { enabled: true }, select: { id: true, name: true, target: true, rules: true }, orderBy: { id: "asc" } });
    const subscriptions: ActiveSubscription[] = [];
    for (const row of rows) {
      const rules = rulesSchema.safeParse(JSON.parse(row.rules));
      if (rules.success) subscriptions.push({ id: row.id, target: row.target as TargetKind, rules: rules.data });
      else this.log.error({ subscription: row.name, problems: rules.error.issues }, "subscription has invalid rules and receives nothing; fix it with code-buddy subscription add");
    }
    this.#subscriptions = subscriptions;
  }

  /** The outbox rows an event needs now: what ingest writes with it. */
  readonly route: OutboxRoute = (event) => outboxEntries(this.#subscriptions, event, this.#ownLogins);
}
