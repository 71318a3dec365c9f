import { createHash } from "node:crypto";
import type { Adapter, AdapterFactory, AdapterPayload } from "oidc-provider";
import type { PrismaDb } from "../../store/db.js";
import { seal, unseal } from "../secret-box.js";

export interface PrismaAdapterDeps {
  prisma: PrismaDb;
  /** Seals what must be readable again: a client's secret, a session's id (findByUid returns it). */
  sealingKey: Buffer;
  clock: () => Date;
}

const keyHash = (id: string) => createHash("sha256").update(id, "utf8").digest("hex");

/**
 * oidc-provider's storage in the oauth_records table. Every record is found
 * by the SHA-256 of its id, and the id itself is not stored: for codes and
 * tokens the id is the secret, so the table holds nothing that could be
 * presented. The two values that must be read back are sealed instead: a
 * confidential client's secret (compared at the token endpoint) and a
 * session's id (findByUid returns the session).
 */
export function prismaAdapter({ prisma, sealingKey, clock }: PrismaAdapterDeps): AdapterFactory {
  return (kind: string): Adapter => {
    const where = (id: string) => ({ kind_keyHash: { kind, keyHash: keyHash(id) } });

    const stored = (payload: AdapterPayload): string => {
      const { jti, ...rest } = payload;
      if (kind === "Session" && jti !== undefined) return JSON.stringify({ ...rest, jti: seal(sealingKey, jti) });
      if (kind === "Client" && typeof rest.client_secret === "string") return JSON.stringify({ ...rest, client_secret: seal(sealingKey, rest.client_secret) });
      return JSON.stringify(rest);
    };

    const revived = (id: string | null, row: { payload: string; expiresAt: Date | null; consumedAt: Date | null }): AdapterPayload | undefined => {
      if (row.expiresAt !== null && row.expiresAt <= clock()) return undefined;
      const payload = JSON.parse(row.payload) as AdapterPayload;
      if (kind === "Session" && typeof payload.jti === "string") payload.jti = unseal(sealingKey, payload.jti);
      else if (id !== null) payload.jti = id;
      if (kind === "Client" && typeof payload.client_secret === "string") payload.client_secret = unseal(sealingKey, payload.client_secret);
      if (row.consumedAt !== null) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
      return payload;
    };

    return {
      async upsert(id, payload, expiresIn) {
        const data = {
          payload: stored(payload),
          grantId: typeof payload.grantId === "string" ? payload.grantId : null,
          uid: typeof payload.uid === "string" ? payload.uid : null,
          expiresAt: expiresIn ? new Date(clock().getTime() + expiresIn * 1000) : null,
        };
        await prisma.oAuthRecord.upsert({ where: where(id), create: { kind, keyHash: keyHash(id), ...data }, update: data });
      },
      async find(id) {
        const row = await prisma.oAuthRecord.findUnique({ where: where(id) });
        return row ? revived(id, row) : undefined;
      },
      async findByUid(uid) {
        const row = await prisma.oAuthRecord.findFirst({ where: { kind, uid } });
        return row ? revived(null, row) : undefined;
      },
      async findByUserCode() {
        // The device flow is not enabled: nothing is ever stored by user code.
        return undefined;
      },
      async consume(id) {
        await prisma.oAuthRecord.updateMany({ where: { kind, keyHash: keyHash(id) }, data: { consumedAt: clock() } });
      },
      async destroy(id) {
        await prisma.oAuthRecord.deleteMany({ where: { kind, keyHash: keyHash(id) } });
      },
      async revokeByGrantId(grantId) {
        await prisma.oAuthRecord.deleteMany({ where: { kind, grantId } });
      },
    };
  };
}

/** Deletes the records past their expiry, which find() already treats as absent. */
export async function pruneOAuthRecords(prisma: PrismaDb, now: Date): Promise<number> {
  const { count } = await prisma.oAuthRecord.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
