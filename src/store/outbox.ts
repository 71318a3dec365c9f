/** One outbox row to write with an event: which subscription, in which ordered queue (src/delivery). */
export interface OutboxEntry {
  subscriptionId: number;
  orderKey: string;
}
