import type { Db } from "./db.js";

export interface StoreHealth {
  provider: Db["provider"];
  reachable: boolean;
  events_stored: number | null;
  last_event_at: string | null;
}

export async function storeHealth({ provider, prisma }: Db): Promise<StoreHealth> {
  try {
    const [count, latest] = await Promise.all([prisma.event.count(), prisma.event.findFirst({ orderBy: { occurredAt: "desc" }, select: { occurredAt: true } })]);
    return { provider, reachable: true, events_stored: count, last_event_at: latest?.occurredAt.toISOString() ?? null };
  } catch {
    return { provider, reachable: false, events_stored: null, last_event_at: null };
  }
}
