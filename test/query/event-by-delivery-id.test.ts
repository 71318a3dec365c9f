import { QueryError } from "../../src/query/errors.js";
import { eventByDeliveryId } from "../../src/query/event-by-delivery-id.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { EVERYTHING, minute, scope, store } from "../support/stored-events.js";
import { example } from "../support/webhooks.js";

const databases = await testDatabases();

describe.each(databases)("eventByDeliveryId on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let rowId: number;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    rowId = await store(db, { id: "push-1", name: "push", repository: "Acme/API", at: minute(0) });
    await store(db, { id: "private-push", name: "push", repository: "Acme/Secret", private: true, at: minute(1) });
  });
  afterAll(() => drop());

  test("returns the event without its payload unless asked", async () => {
    const found = await eventByDeliveryId(db, EVERYTHING, "push-1");
    expect(found).toEqual({
      id: rowId,
      event: expect.objectContaining({ delivery_id: "push-1", event_type: "push", repository: expect.objectContaining({ full_name: "Acme/API" }) }),
    });
    expect(found).not.toHaveProperty("payload");
  });

  test("returns the payload GitHub sent when asked", async () => {
    const found = await eventByDeliveryId(db, EVERYTHING, "push-1", { includePayload: true });
    const sent = example("push");
    expect(found!.payload).toMatchObject({ ref: sent.ref, commits: sent.commits, repository: { full_name: "Acme/API" } });
  });

  test("answers null alike for an unknown id and for one outside the caller's scope", async () => {
    expect(await eventByDeliveryId(db, EVERYTHING, "no-such-delivery")).toBeNull();
    expect(await eventByDeliveryId(db, scope(["*"], false), "private-push", { includePayload: true })).toBeNull();
    expect(await eventByDeliveryId(db, scope(["globex/*"]), "push-1")).toBeNull();
    expect((await eventByDeliveryId(db, scope(["ACME/secret"]), "private-push"))?.event.delivery_id).toBe("private-push");
  });

  test("rejects an empty id", async () => {
    await expect(eventByDeliveryId(db, EVERYTHING, "  ")).rejects.toBeInstanceOf(QueryError);
  });
});
