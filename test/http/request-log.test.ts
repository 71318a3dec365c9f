import { Writable } from "node:stream";
import { pino } from "pino";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { signedRequest } from "../support/webhooks.js";

const [sqlite] = await testDatabases();

const TOKEN = "cb_request_log_test_0123456789abcdefghijklmnop";
const COOKIE = "code_buddy_session=cookie-value-that-must-not-show";
const QUERY_SECRET = "query-secret-that-must-not-show";

interface Line {
  name?: string;
  msg: string;
  level: number;
  req?: { method: string; path: string; delivery?: string };
  res?: { status: number };
  durationMs?: number;
}

describe("request log", () => {
  let db: Db;
  let drop: () => Promise<void>;
  let server: RunningServer;
  const written: string[] = [];

  beforeAll(async () => {
    ({ db, drop } = await sqlite!.create());
    // No redaction configured here: what keeps secrets out is the request logger's own choice of fields.
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (written.push(chunk.toString("utf8")), done()) });
    server = await startTestServer({ db, log: pino({ level: "info" }, sink) });
  });

  afterAll(async () => {
    await server.close();
    await drop();
  });

  const requestLines = () =>
    written
      .join("")
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Line)
      .filter((line) => line.name === "http");

  const waitForLine = async (predicate: (line: Line) => boolean) => {
    // The line is written when the response finishes, which can be just after the client has read it.
    for (;;) {
      const found = requestLines().find(predicate);
      if (found) return found;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  test("logs method, path, status and duration of a request with a bearer token, and none of its secrets", async () => {
    const answer = await fetch(`${server.url}/api/v1/events?limit=5&access_token=${QUERY_SECRET}`, { headers: { authorization: `Bearer ${TOKEN}`, cookie: COOKIE } });
    expect(answer.status).toBe(401);
    await answer.text();

    const line = await waitForLine((candidate) => candidate.req?.path === "/api/v1/events");
    expect(line.req).toEqual({ method: "GET", path: "/api/v1/events" });
    expect(line.res).toEqual({ status: 401 });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.msg).toMatch(/^GET \/api\/v1\/events 401 - \d+ms$/);

    const everything = written.join("");
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain("cookie-value-that-must-not-show");
    expect(everything).not.toContain(QUERY_SECRET);
    expect(everything).not.toMatch(/authorization/i);
  });

  test("names GitHub's delivery id for a webhook, and not its body or signature", async () => {
    const { id, body, headers } = await signedRequest({ name: "issues", payload: { action: "opened", marker: "body-text-that-must-not-show" } });
    const answer = await fetch(`${server.url}/api/github/webhooks`, { method: "POST", headers, body });
    await answer.text();

    const line = await waitForLine((candidate) => candidate.req?.delivery === id);
    expect(line.req).toEqual({ method: "POST", path: "/api/github/webhooks", delivery: id });
    expect(line.res).toEqual({ status: answer.status });
    const everything = written.join("");
    expect(everything).not.toContain("body-text-that-must-not-show");
    expect(everything).not.toContain(headers["x-hub-signature-256"]!);
  });
});
