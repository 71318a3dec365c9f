import { createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeResults, doctorChecks, runDoctor } from "../../src/ops/doctor.js";
import type { CheckResult } from "../../src/ops/doctor-checks.js";
import { buildCli, runCli } from "../support/cli.js";
import { testDatabases } from "../support/databases.js";
import { FakeGitHub, type SeenRequest } from "../support/fake-github.js";
import { GitHubIdentity } from "../support/github-identity.js";
import { TEST_PRIVATE_KEY } from "../support/webhooks.js";

const [sqlite] = await testDatabases();
const APP_ID = 4242;

/** The issuer of an app JWT (RS256) when its signature checks out with the app's key, as GitHub verifies it. */
function appIdOf(request: SeenRequest): number | null {
  const [, token] = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "") ?? [];
  const [header, payload, signature] = (token ?? "").split(".");
  if (!header || !payload || !signature) return null;
  if (!verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), createPublicKey(TEST_PRIVATE_KEY), Buffer.from(signature, "base64url"))) return null;
  return Number((JSON.parse(Buffer.from(payload, "base64url").toString()) as { iss: unknown }).iss);
}

/** GitHub as the app sees it (GET /app, GET /app/hook/config, JWT-authenticated), with its clock `skewMs` off, and the OAuth client's token endpoint. */
async function fakeGitHub({ skewMs = 0, hookConfig }: { skewMs?: number; hookConfig?: Record<string, unknown> } = {}): Promise<FakeGitHub> {
  const fake = await FakeGitHub.start();
  const asApp = (request: SeenRequest, body: unknown) => {
    const headers = { date: new Date(Date.now() + skewMs).toUTCString() };
    return appIdOf(request) === APP_ID ? { status: 200, headers, body } : { status: 401, headers, body: { message: "A JSON web token could not be decoded" } };
  };
  fake.route("GET /app", (request) => asApp(request, { id: APP_ID, slug: "code-buddy-test", owner: { login: "octo-org" } }));
  fake.route("GET /app/hook/config", (request) =>
    asApp(request, hookConfig ?? { url: "https://buddy.example.com/api/github/webhooks", content_type: "json", insecure_ssl: "0", secret: "********" }),
  );
  new GitHubIdentity(fake, "Iv1.doctor", "the-client-secret");
  return fake;
}

/** A Letta server on loopback that knows one agent. */
async function fakeLetta(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const known = req.headers.authorization === "Bearer letta-key" && req.url === "/v1/agents/agent-known";
    res.writeHead(req.headers.authorization !== "Bearer letta-key" ? 401 : known ? 200 : 404, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("code-buddy doctor", () => {
  let github: FakeGitHub;
  let letta: Awaited<ReturnType<typeof fakeLetta>>;
  let databaseUrl: string;
  let drop: () => Promise<void>;
  const env = (extra: Record<string, string> = {}) => ({
    APP_ID: String(APP_ID),
    PRIVATE_KEY: TEST_PRIVATE_KEY,
    WEBHOOK_SECRET: "a-long-enough-webhook-secret",
    DATABASE_URL: databaseUrl,
    LETTA_BASE_URL: letta.url,
    LETTA_API_KEY: "letta-key",
    LETTA_AGENT_ID: "agent-known",
    ...github.env,
    ...extra,
  });
  const doctor = (extra: Record<string, string> = {}) => runDoctor(doctorChecks({ env: env(extra), fetch, now: () => new Date() }));
  const byName = (results: CheckResult[]) => Object.fromEntries(results.map((result) => [result.name, result]));

  beforeAll(async () => {
    github = await fakeGitHub();
    letta = await fakeLetta();
    ({ url: databaseUrl, drop } = await sqlite!.create());
  });

  afterAll(async () => {
    await github.close();
    await letta.close();
    await drop();
  });

  test("a sound set-up passes every check, and says what it found", async () => {
    const results = await doctor();
    expect(results.filter((result) => result.status === "fail" || result.status === "warn")).toEqual([
      { name: "Sign in with GitHub", status: "warn", detail: expect.stringContaining("BASE_URL, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET are not set") },
    ]);
    expect(byName(results)).toMatchObject({
      "GitHub App credentials": { status: "ok", detail: 'app "code-buddy-test" (id 4242) owned by octo-org' },
      Clock: { status: "ok" },
      "Webhook URL": { status: "ok", detail: "https://buddy.example.com/api/github/webhooks" },
      "Webhook secret": { status: "ok" },
      Database: { status: "ok", detail: expect.stringMatching(/^sqlite at file:.*migrations applied$/) },
      Letta: { status: "ok", detail: `agent agent-known at ${letta.url}` },
      Metrics: { status: "skip" },
    });
    expect(github.requests.map(({ method, path }) => `${method} ${path}`)).toEqual(expect.arrayContaining(["GET /app", "GET /app/hook/config"]));
    expect(describeResults(results).at(-1)).toBe("Everything Code Buddy needs is in place.");
  });

  test("polling without an app: the configuration passes, and the personal token is checked against GitHub", async () => {
    github.route("GET /user", ({ headers }) =>
      headers.authorization === "token ghp_good" ? { status: 200, body: { login: "alice", id: 1024 } } : { status: 401, body: { message: "Bad credentials" } },
    );
    const polling = (token: string) => ({ ...github.env, DATABASE_URL: databaseUrl, EVENTS_SOURCE: "events-api", GITHUB_TOKEN: token, GITHUB_POLL_USERS: "alice,bob" });
    const good = byName(await runDoctor(doctorChecks({ env: polling("ghp_good"), fetch, now: () => new Date() })));
    expect(good.Configuration).toMatchObject({ status: "ok", detail: expect.stringContaining("no GitHub App: polling with a personal token") });
    expect(good["Events source"]).toEqual({ name: "Events source", status: "ok", detail: "polling the events of alice, bob as alice (GITHUB_TOKEN)" });
    expect(good).not.toHaveProperty(["GitHub App credentials"]);
    const revoked = byName(await runDoctor(doctorChecks({ env: polling("ghp_revoked"), fetch, now: () => new Date() })));
    expect(revoked["Events source"]).toMatchObject({ status: "fail", detail: expect.stringContaining("GitHub refuses GITHUB_TOKEN (401)") });
    expect(byName(await doctor())["Events source"]).toMatchObject({ status: "ok", detail: "webhooks (EVENTS_SOURCE=webhooks)" });
  });

  test("each broken part fails with what to fix; the other checks still run", async () => {
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const wrongKey = byName(await doctor({ PRIVATE_KEY: otherKey }));
    expect(wrongKey["GitHub App credentials"]).toMatchObject({ status: "fail", detail: expect.stringContaining("APP_ID and the private key do not belong together") });
    expect(wrongKey.Database!.status).toBe("ok");

    const unreachable = byName(await doctor({ GHE_HOST: "127.0.0.1:9" }));
    expect(unreachable["GitHub App credentials"]).toMatchObject({ status: "fail", detail: expect.stringContaining("Could not reach GitHub at http://127.0.0.1:9/api/v3") });

    const dir = mkdtempSync(join(tmpdir(), "code-buddy-doctor-"));
    try {
      const unmigrated = byName(await doctor({ DATABASE_URL: `file:${join(dir, "empty.db")}`, WEBHOOK_SECRET: "short", LETTA_AGENT_ID: "agent-gone" }));
      expect(unmigrated.Database).toMatchObject({ status: "fail", detail: expect.stringContaining("pending (run code-buddy migrate") });
      expect(unmigrated["Webhook secret"]).toMatchObject({ status: "warn", detail: expect.stringContaining("openssl rand -hex 32") });
      expect(unmigrated.Letta).toMatchObject({ status: "fail", detail: expect.stringContaining("No agent agent-gone there") });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(byName(await doctor({ LETTA_API_KEY: "wrong" })).Letta).toMatchObject({ status: "fail", detail: expect.stringContaining("LETTA_API_KEY is not accepted") });
  });

  test("a clock off by more than 30 s against GitHub's Date header fails; a form-encoded webhook fails", async () => {
    const skewed = await fakeGitHub({ skewMs: -90_000, hookConfig: { url: "https://x.example/hook", content_type: "form" } });
    try {
      const results = byName(await doctor(skewed.env));
      expect(results.Clock).toMatchObject({ status: "fail", detail: expect.stringMatching(/clock is 9\d s ahead of GitHub/) });
      expect(results["Webhook URL"]).toMatchObject({ status: "fail", detail: expect.stringContaining('choose "application/json"') });
    } finally {
      await skewed.close();
    }
  });

  test("with Sign in with GitHub set, the OAuth client is checked against GitHub and BASE_URL against the deployment", async () => {
    const oauth = { BASE_URL: "http://127.0.0.1:9", GITHUB_CLIENT_ID: "Iv1.doctor", GITHUB_CLIENT_SECRET: "the-client-secret" };
    const sound = byName(await doctor(oauth));
    expect(sound["OAuth client"]).toEqual({ name: "OAuth client", status: "ok", detail: "GitHub knows client Iv1.doctor and its secret" });
    expect(sound.BASE_URL).toMatchObject({ status: "warn", detail: expect.stringContaining("is the server running, and is BASE_URL its public URL?") });
    expect(sound["Sign in with GitHub"]).toBeUndefined();
    const wrongSecret = byName(await doctor({ ...oauth, GITHUB_CLIENT_SECRET: "an-old-secret" }));
    expect(wrongSecret["OAuth client"]).toMatchObject({ status: "fail", detail: expect.stringContaining("GitHub refuses GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET") });
  });

  test("the compiled command exits 1 on an invalid configuration, naming the variable", async () => {
    await buildCli();
    const cwd = mkdtempSync(join(tmpdir(), "code-buddy-doctor-cli-"));
    try {
      const result = await runCli(["doctor"], { APP_ID: "not-a-number", DATABASE_URL: databaseUrl }, cwd);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/\[FAIL\] Configuration\s+Invalid configuration:\n\s+APP_ID must be the numeric App ID/);
      const json = await runCli(["doctor", "--json"], { DATABASE_URL: databaseUrl }, cwd);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "Configuration", status: "fail" }), expect.objectContaining({ name: "Database", status: "ok" })]),
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 120_000);
});
