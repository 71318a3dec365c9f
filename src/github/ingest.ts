import type { Logger } from "pino";
import { normalize } from "../normalize/index.js";
import type { PrismaDb } from "../store/db.js";
import { insertEvent, type StoreOutcome } from "../store/events.js";
import { rawBodyOf } from "./raw-bodies.js";

export interface IngestDeps {
  prisma: PrismaDb;
  log: Logger;
  clock: () => Date;
}

export interface IncomingDelivery {
  id: string;
  name: string;
  payload: object;
}

/** Normalizes one verified delivery and stores it with its raw payload; no network call happens here. */
export function createIngest({ prisma, log, clock }: IngestDeps) {
  return async ({ id, name, payload }: IncomingDelivery): Promise<StoreOutcome> => {
    const receivedAt = clock();
    const normalized = normalize({ deliveryId: id, name, payload, receivedAt });
    const outcome = await insertEvent(prisma, { normalized, raw: rawBodyOf(payload), receivedAt });
    log.debug({ delivery: id, event: name, action: normalized.event.action, outcome }, normalized.event.summary);
    return outcome;
  };
}
