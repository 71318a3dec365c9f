import type { Normalized } from "../normalize/types.js";
import type { PrismaDb } from "./db.js";
import { prismaErrorCode, StoreUnavailableError } from "./errors.js";
import { encodePayload } from "./payload-codec.js";

export interface NewEvent {
  normalized: Normalized;
  raw: Buffer;
  receivedAt: Date;
}

export type StoreOutcome = "stored" | "duplicate";

const UNIQUE_CONSTRAINT_FAILED = "P2002";

/**
 * Writes one delivery. The full-text index is maintained by the database
 * (trigger / expression index), so the single INSERT is the whole transaction.
 * A delivery id seen before is a redelivery: acknowledged, not stored twice.
 */
export async function insertEvent(prisma: PrismaDb, { normalized, raw, receivedAt }: NewEvent): Promise<StoreOutcome> {
  const { event, searchText } = normalized;
  const payload = encodePayload(raw);
  try {
    await prisma.event.create({
      data: {
        deliveryId: event.delivery_id,
        eventType: event.event_type,
        action: event.action,
        repository: event.repository?.full_name ?? null,
        private: event.repository?.private ?? false,
        actor: event.sender?.login ?? null,
        installationId: event.installation_id,
        subjectType: event.subject?.type ?? null,
        subjectNumber: event.subject?.number ?? null,
        summary: event.summary,
        occurredAt: new Date(event.timestamp),
        receivedAt,
        event: JSON.stringify(event),
        searchText,
        payload: new Uint8Array(payload.data),
        payloadCodec: payload.codec,
        payloadBytes: raw.byteLength,
      },
      select: { id: true },
    });
    return "stored";
  } catch (error) {
    if (prismaErrorCode(error) === UNIQUE_CONSTRAINT_FAILED) return "duplicate";
    throw new StoreUnavailableError(error);
  }
}
