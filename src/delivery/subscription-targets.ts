import { list, sql, type SqlRunner } from "../store/sql.js";
import type { TargetKind } from "./outbox-router.js";

/** Where a subscription's deliveries go. */
export interface SubscriptionTarget {
  id: number;
  name: string;
  target: TargetKind;
  url: string;
  secret: string;
  agentId: string | null;
}

type Row = Omit<SubscriptionTarget, "agentId"> & { agent_id: string | null };

/**
 * Subscriptions' targets by id, read once: a subscription's target never
 * changes (the CLI removes and adds, which gives a new id), so the worker
 * pays no query per delivery for it.
 */
export class SubscriptionTargets {
  readonly #known = new Map<number, SubscriptionTarget>();

  constructor(private readonly db: SqlRunner) {}

  /** The targets of these ids that still exist. */
  async get(ids: Iterable<number>): Promise<Map<number, SubscriptionTarget>> {
    const missing = [...new Set(ids)].filter((id) => !this.#known.has(id));
    if (missing.length > 0) {
      const rows = await this.db.rows<Row>(sql`SELECT id, name, target, url, secret, agent_id FROM subscriptions WHERE id IN ${list(missing)}`);
      for (const { agent_id, ...row } of rows) this.#known.set(row.id, { ...row, agentId: agent_id });
    }
    return this.#known;
  }
}
