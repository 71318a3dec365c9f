import type { StoredEvent } from "../../events/event-bus.js";
import type { NormalizedEvent } from "../../normalize/types.js";
import type { PrismaDb } from "../../store/db.js";

/** Rows read per query while catching up. */
const BATCH = 500;

/** Every stored event after `afterId`, in id order, a batch at a time: what a resumed stream missed. */
export async function* storedAfter(prisma: PrismaDb, afterId: number): AsyncGenerator<StoredEvent[]> {
  for (let from = afterId; ;) {
    const rows = await prisma.event.findMany({ where: { id: { gt: from } }, orderBy: { id: "asc" }, take: BATCH, select: { id: true, private: true, event: true } });
    if (rows.length > 0) yield rows.map((row) => ({ id: row.id, private: row.private, event: JSON.parse(row.event) as NormalizedEvent }));
    if (rows.length < BATCH) return;
    from = rows.at(-1)!.id;
  }
}
