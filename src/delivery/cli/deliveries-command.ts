import { parseArgs } from "node:util";
import { openDb } from "../../store/db.js";
import { deliveryDetail, listDeliveries, retryDelivery, retryFailed, type DeliveryInfo } from "../deliveries.js";
import { consoleIo, oneLine, runCommand, table, UsageError, when, type CommandIo } from "./output.js";

export const DELIVERIES_USAGE = `  deliveries list [--failed] [--subscription <name>] [--limit <n>]
                    the newest deliveries (default 50): status, tries, last error
  deliveries show <id>
                    one delivery and every try: its number, what triggered it (scheduled
                    or manual retry), time, duration, status code, answer or error
  deliveries retry <id>
  deliveries retry --failed [--since <ISO time>] [--subscription <name>]
                    queue failed deliveries (or replay a delivered one) with a fresh
                    retry schedule (the count of tries goes on); they go out in their
                    place in the order`;

const OPTIONS = {
  failed: { type: "boolean" },
  subscription: { type: "string" },
  limit: { type: "string" },
  since: { type: "string" },
} as const;

const DEFAULT_LIMIT = 50;

const FLAGS_OF: Record<string, readonly string[]> = { list: ["failed", "subscription", "limit"], show: [], retry: ["failed", "since", "subscription"] };

function checkFlags(sub: string | undefined, given: string[]): void {
  const allowed = FLAGS_OF[sub ?? ""] ?? [];
  const wrong = given.filter((flag) => !allowed.includes(flag));
  if (wrong.length > 0) throw new UsageError(`Not an option of "deliveries ${sub ?? ""}": ${wrong.map((flag) => `--${flag}`).join(", ")}.`);
}

function positiveInteger(text: string, what: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${what} must be a positive whole number, got "${text}".`);
  return Number(text);
}

function sinceOf(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--since must be an ISO time such as 2026-11-20T00:00:00Z, got "${text}".`);
  return date;
}

function printList(deliveries: DeliveryInfo[], io: CommandIo): void {
  if (deliveries.length === 0) {
    io.out("No deliveries match.");
    return;
  }
  const rows = deliveries.map((d) => [
    String(d.id),
    d.status,
    d.subscription,
    d.event,
    d.repository ?? "-",
    String(d.attempts),
    when(d.createdAt),
    d.status === "pending" ? when(d.nextAttemptAt) : "-",
    oneLine(d.lastError, 80),
  ]);
  table(["ID", "STATUS", "SUBSCRIPTION", "EVENT", "REPOSITORY", "TRIES", "CREATED", "NEXT TRY", "LAST ERROR"], rows).forEach((line) => io.out(line));
}

function printDetail(detail: Awaited<ReturnType<typeof deliveryDetail>>, io: CommandIo): void {
  const { delivery: d, attempts } = detail;
  io.out(`Delivery ${d.id} to "${d.subscription}": ${d.status} after ${d.attempts} tries.`);
  io.out(`Event: ${d.event} in ${d.repository ?? "-"}: ${d.summary}`);
  io.out(
    `Created ${when(d.createdAt)}; ${d.status === "pending" ? `next try ${when(d.nextAttemptAt)}` : d.status === "delivered" ? `delivered ${when(d.deliveredAt)}` : "failed for good"}.`,
  );
  if (attempts.length === 0) {
    io.out("No tries yet.");
    return;
  }
  const rows = attempts.map((a) => [
    String(a.number),
    a.trigger,
    when(a.startedAt),
    `${a.durationMs} ms`,
    a.statusCode === null ? "-" : String(a.statusCode),
    oneLine(a.error ?? a.response, 100),
  ]);
  table(["TRY", "TRIGGER", "STARTED", "DURATION", "STATUS", "ANSWER OR ERROR"], rows).forEach((line) => io.out(line));
}

/** `code-buddy deliveries list|show|retry`. */
export function runDeliveriesCommand(config: { databaseUrl: string }, args: string[], io: CommandIo = consoleIo): Promise<number> {
  return runCommand(io, DELIVERIES_USAGE, async () => {
    const { positionals, values } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
    const [sub, id, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`Unexpected argument(s): ${extra.join(" ")}.`);
    checkFlags(sub, Object.keys(values));
    const db = await openDb(config.databaseUrl);
    try {
      switch (sub) {
        case "list": {
          const limit = values.limit === undefined ? DEFAULT_LIMIT : positiveInteger(values.limit, "--limit");
          printList(
            await listDeliveries(db.prisma, { ...(values.failed ? { status: "failed" } : {}), ...(values.subscription ? { subscription: values.subscription } : {}), limit }),
            io,
          );
          return 0;
        }
        case "show":
          if (id === undefined) throw new UsageError("deliveries show needs a delivery id (see code-buddy deliveries list).");
          printDetail(await deliveryDetail(db.prisma, positiveInteger(id, "The delivery id")), io);
          return 0;
        case "retry": {
          if ((id === undefined) === !values.failed) throw new UsageError("deliveries retry takes a delivery id, or --failed for every failed delivery.");
          if (id !== undefined) {
            const delivery = await retryDelivery(db, positiveInteger(id, "The delivery id"), new Date());
            io.out(`Delivery ${delivery.id} (${delivery.event} to "${delivery.subscription}") is queued again with a fresh retry schedule.`);
            return 0;
          }
          const { requeued, disabled } = await retryFailed(
            db,
            { ...(values.subscription ? { subscription: values.subscription } : {}), ...(values.since ? { since: sinceOf(values.since)! } : {}) },
            new Date(),
          );
          io.out(`Queued ${requeued} failed deliveries again with a fresh retry schedule.`);
          if (disabled > 0) io.out(`${disabled} more belong to disabled subscriptions: enable them first (code-buddy subscription enable <name>), then retry.`);
          return 0;
        }
        default:
          throw new UsageError(sub === undefined ? "deliveries needs a command." : `Unknown command "deliveries ${sub}".`);
      }
    } finally {
      await db.close();
    }
  });
}
