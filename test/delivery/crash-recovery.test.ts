import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { openWorkerSql } from "../../src/delivery/open-worker-sql.js";
import { generateWebhookSecret } from "../../src/delivery/signing.js";
import { SubscriptionDirectory } from "../../src/delivery/subscription-directory.js";
import { addSubscription } from "../../src/delivery/subscriptions.js";
import { DeliveryWorker } from "../../src/delivery/worker.js";
import type { WorkerSql } from "../../src/delivery/worker-sql.js";
import { createIngest } from "../../src/github/ingest.js";
import type { Db } from "../../src/store/db.js";
import { buildCli } from "../support/cli.js";
import { testDatabases } from "../support/databases.js";
import { WebhookReceiver } from "../support/delivery-receiver.js";
import { fastConfig, payloadOf, silent, waitFor } from "../support/delivery-world.js";
import { incoming } from "../support/webhooks.js";

const databases = await testDatabases();
const CHILD = fileURLToPath(new URL("../support/delivery-worker-child.mjs", import.meta.url));
const config = fastConfig({ delivery: { leaseMs: 1500, webhookTimeoutMs: 1000 }, letta: { timeoutMs: 1000 } });

async function startChild(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CHILD, url, JSON.stringify(config)], { stdio: ["ignore", "pipe", "inherit"] });
  const ready = await Promise.race([once(createInterface({ input: child.stdout }), "line"), once(child, "exit").then(() => null)]);
  if (!ready) throw new Error(`the worker child exited with code ${child.exitCode} before it was ready`);
  return child;
}

describe.each(databases)("a worker killed mid-delivery, on $name", (database) => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  let receiver: WebhookReceiver;
  let child: ChildProcess | null = null;
  let worker: DeliveryWorker | null = null;
  let sql: WorkerSql | null = null;
  const secret = generateWebhookSecret();

  beforeAll(() => buildCli(), 120_000);
  beforeEach(async () => {
    ({ db, url, drop } = await database.create());
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await worker?.stop();
    await sql?.close();
    await receiver.close();
    await drop();
  });

  test("its deliveries are sent by the next worker once the lease expires: none lost, a duplicate only with the same webhook-id", async () => {
    // The first request is never answered: the worker is killed while it waits.
    receiver = await WebhookReceiver.start(secret, (_, index) => (index === 0 ? new Promise(() => {}) : { status: 204 }));
    await addSubscription(db.prisma, { name: "hooks", webhook: { url: receiver.url, secret }, rules: {} });
    const directory = new SubscriptionDirectory(db.prisma, silent);
    await directory.refresh();
    const ingest = createIngest({ db, log: silent, clock: () => new Date(), route: directory.route });
    const events = ["a-1", "b-1", "a-2", "b-2", "a-3"];
    for (const id of events) await ingest(incoming(id, "issues", payloadOf({ name: "issues", action: "opened", repository: id.startsWith("a") ? "octo-org/a" : "octo-org/b" })));

    child = await startChild(url);
    const held = await waitFor("the first request", () => receiver.received[0]);
    child.kill("SIGKILL");
    await once(child, "exit");

    sql = openWorkerSql(url, silent);
    worker = new DeliveryWorker({ sql, log: silent, clock: () => new Date(), config });
    worker.start();
    await waitFor("every delivery", async () => (await db.prisma.delivery.count({ where: { status: "delivered" } })) === events.length);

    expect(receiver.rejected).toEqual([]);
    expect(new Set(receiver.accepted.map((request) => request.payload.data.delivery_id))).toEqual(new Set(events));
    // What the killed worker sent but could not record is sent again: with the webhook-id it had, so the receiver can drop it.
    const webhookIds = new Map<string, Set<string>>();
    for (const request of receiver.received) webhookIds.set(request.payload.data.delivery_id, (webhookIds.get(request.payload.data.delivery_id) ?? new Set()).add(request.id));
    expect([...webhookIds.values()].every((ids) => ids.size === 1)).toBe(true);
    const resent = receiver.received.filter((request) => request.id === held.id);
    expect(resent).toHaveLength(2);
    expect(resent[1]!.body).toBe(held.body);
    const heldRow = await db.prisma.delivery.findFirstOrThrow({ where: { id: Number(held.id.replace("msg_", "")) }, include: { attemptLog: true } });
    expect(heldRow).toMatchObject({ status: "delivered", attempts: 1 });
    expect(heldRow.attemptLog).toHaveLength(1);
  });
});
