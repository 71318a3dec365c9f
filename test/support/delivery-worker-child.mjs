// A delivery worker in a process of its own, from the compiled dist/, so that a test can kill it (kill -9) mid-delivery.
// Usage: node delivery-worker-child.mjs <database url> <PushConfig as JSON>; prints "ready" once it runs.
import { pino } from "pino";
import { startDelivery } from "../../dist/delivery/start.js";
import { openDb } from "../../dist/store/db.js";

const [url, config] = process.argv.slice(2);
const db = await openDb(url);
await startDelivery({ db, databaseUrl: url, log: pino({ level: "warn" }, pino.destination(2)), clock: () => new Date(), config: JSON.parse(config) });
process.stdout.write("ready\n");
