// The floor to compare the app with: verify, parse, one insert, nothing else.
import Database from "better-sqlite3";
import { timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { signature } from "../signed-bodies.mjs";
import { announce } from "./ready.mjs";

const [dbPath] = process.argv.slice(2);
const secret = process.env.WEBHOOK_SECRET;

const db = new Database(dbPath);
db.pragma("journal_mode = WAL");
db.exec("CREATE TABLE events (id INTEGER PRIMARY KEY, delivery_id TEXT NOT NULL UNIQUE, event_type TEXT NOT NULL, payload TEXT NOT NULL)");
const insert = db.prepare("INSERT INTO events(delivery_id, event_type, payload) VALUES (?, ?, ?)");

function verified(body, given = "") {
  const expected = Buffer.from(signature(secret, body));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function ingest(req, body) {
  if (!verified(body, req.headers["x-hub-signature-256"])) return 401;
  const text = body.toString("utf8");
  JSON.parse(text);
  insert.run(req.headers["x-github-delivery"], req.headers["x-github-event"], text);
  return 200;
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    let status;
    try {
      status = ingest(req, Buffer.concat(chunks));
    } catch (error) {
      console.error(error);
      status = 500;
    }
    res.writeHead(status, { "content-type": "application/json" }).end(`{"ok":${status === 200}}`);
  });
});

server.listen(0, "127.0.0.1", () => {
  announce(`http://127.0.0.1:${server.address().port}`, async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    db.close();
  });
});
