import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "../src/store/db.js";
import { buildCli, runCli } from "./support/cli.js";
import { FakeGitHub, resetIn } from "./support/fake-github.js";
import { WebhookReceiver } from "./support/delivery-receiver.js";
import { deliver, example, TEST_PRIVATE_KEY, TEST_SECRET } from "./support/webhooks.js";

const ROOT = join(import.meta.dirname, "..");

/** GitHub that cannot be reached: it takes every connection and never answers. */
class BlackHole {
  readonly requests: string[] = [];
  readonly #sockets = new Set<Socket>();
  readonly #server: Server;
  port = 0;

  constructor() {
    this.#server = createServer((socket) => {
      this.#sockets.add(socket);
      socket.on("data", (data) => this.requests.push(data.toString("utf8").split("\r\n", 1)[0]!));
      socket.on("error", () => {});
      socket.on("close", () => this.#sockets.delete(socket));
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.port = (this.#server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A port nothing listens on: every connection is refused, which Octokit retries with back-off. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Started {
  child: ChildProcess;
  url: string;
  lines: string[];
}

/** `node dist/main.js` as a platform runs it, logging JSON; resolves once it listens. */
function startMain(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [join(ROOT, "dist", "main.js")], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      for (let at = buffered.indexOf("\n"); at >= 0; at = buffered.indexOf("\n")) {
        const line = buffered.slice(0, at);
        buffered = buffered.slice(at + 1);
        lines.push(line);
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "Code Buddy is listening") resolve({ child, url: entry.url!, lines });
      }
    });
    child.stderr.on("data", (chunk: Buffer) => lines.push(chunk.toString("utf8")));
    child.once("exit", (code) => reject(new Error(`exited with ${code} before listening:\n${lines.join("\n")}`)));
  });
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await condition());) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sends SIGTERM and resolves with the exit code and how long the process took to exit. */
function terminate(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) => child.once("exit", (code) => resolve({ code, ms: Date.now() - started })));
  child.kill("SIGTERM");
  return exited;
}

describe("node dist/main.js stops when told to, whatever GitHub does", () => {
  let dir: string;
  let databaseUrl: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await buildCli();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "code-buddy-shutdown-"));
    databaseUrl = `file:${join(dir, "events.db")}`;
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  const baseEnv = (githubHost: string) => ({
    APP_ID: "123",
    PRIVATE_KEY: TEST_PRIVATE_KEY,
    WEBHOOK_SECRET: TEST_SECRET,
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    LOG_FORMAT: "json",
    GHE_HOST: githubHost,
    GHE_PROTOCOL: "http",
  });

  test("with GitHub taking connections and never answering, SIGTERM ends the process, cleanly, while its calls hang", async () => {
    const github = new BlackHole();
    await github.start();
    try {
      const { child, lines } = await startMain(baseEnv(`127.0.0.1:${github.port}`));
      children.push(child);
      // The App's own slug and the delivery log: both hanging now.
      await until(
        () => github.requests.some((line) => line.startsWith("GET /api/v3/app ")) && github.requests.some((line) => line.startsWith("GET /api/v3/app/hook/deliveries")),
        "the calls at start",
      );
      const { code } = await terminate(child);
      expect({ code, log: lines.filter((line) => line.includes('"level":50')) }).toEqual({ code: 0, log: [] });
    } finally {
      await github.close();
    }
  });

  test("with GitHub refusing every connection (Octokit retrying with back-off), SIGTERM ends the process cleanly", async () => {
    const { child, lines } = await startMain(baseEnv(`127.0.0.1:${await closedPort()}`));
    children.push(child);
    const { code } = await terminate(child);
    expect({ code, log: lines.filter((line) => line.includes('"level":50')) }).toEqual({ code: 0, log: [] });
  });

  test("with GitHub rate-limiting every call for the next hour (Octokit waiting for the reset), SIGTERM ends the process cleanly", async () => {
    const limited = { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": resetIn(3600) }, body: { message: "API rate limit exceeded" } };
    const github = await FakeGitHub.start();
    github.route("GET /app", () => limited).route("GET /app/hook/deliveries", () => limited);
    try {
      const { child, lines } = await startMain(baseEnv(github.host));
      children.push(child);
      await until(() => github.calls("/app/hook/deliveries").length > 0, "the delivery log to be asked for");
      const { code } = await terminate(child);
      expect({ code, log: lines.filter((line) => line.includes('"level":50')) }).toEqual({ code: 0, log: [] });
    } finally {
      await github.close();
    }
  });

  test("a push in flight to a receiver that does not answer is handed back, untried, for the next start", async () => {
    const github = new BlackHole();
    await github.start();
    const secret = `whsec_${Buffer.from("shutdown-test-secret-32-bytes-ok").toString("base64")}`;
    const receiver = await WebhookReceiver.start(secret, () => new Promise(() => {}));
    try {
      const env = baseEnv(`127.0.0.1:${github.port}`);
      const { child, url } = await startMain(env);
      children.push(child);
      const added = await runCli(["subscription", "add", "hangs", "--webhook", receiver.url, "--secret", secret], { DATABASE_URL: databaseUrl }, dir);
      expect(added.code).toBe(0);
      // The running server picks a new subscription up within two seconds.
      await until(
        async () => (await deliver(url, { name: "issues", payload: example("issues", (p) => p.action === "opened") })).status === 200 && receiver.received.length > 0,
        "the push to reach the receiver",
      );
      const { code } = await terminate(child);
      expect(code).toBe(0);
      const db = await openDb(databaseUrl);
      try {
        const deliveries = await db.prisma.delivery.findMany({ where: { status: "pending" } });
        expect(deliveries.length).toBeGreaterThan(0);
        for (const delivery of deliveries) expect({ attempts: delivery.attempts, claimedUntil: delivery.claimedUntil }).toEqual({ attempts: 0, claimedUntil: null });
      } finally {
        await db.close();
      }
    } finally {
      await receiver.close();
      await github.close();
    }
  });

  test("a backfill job in flight while GitHub hangs is handed back, to resume at the next start", async () => {
    const github = new BlackHole();
    await github.start();
    try {
      const { child, lines } = await startMain(baseEnv(`127.0.0.1:${github.port}`));
      children.push(child);
      const db = await openDb(databaseUrl);
      try {
        await db.prisma.backfillJob.create({ data: { trigger: "cli:shutdown", installationId: 7, repository: "octo-org/hello", days: 14 } });
        // The worker looks every 5 s; its first call for the job is the installation's token.
        await until(() => github.requests.some((line) => line.startsWith("POST /api/v3/app/installations/7/access_tokens")), "the job's first call", 20_000);
        const { code } = await terminate(child);
        expect({ code, log: lines.filter((line) => line.includes('"level":50')) }).toEqual({ code: 0, log: [] });
        expect(await db.prisma.backfillJob.findFirstOrThrow()).toMatchObject({ status: "pending", claimedUntil: null, stepsDone: "[]" });
      } finally {
        await db.close();
      }
    } finally {
      await github.close();
    }
  });
});
