import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashToken } from "../../src/auth/token-secret.js";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/app-server.js";
import { buildCli, runCli, type CliResult } from "../support/cli.js";
import { testDatabases } from "../support/databases.js";
import { initializeMessage, postMcp } from "../support/mcp-http.js";
import { bearer } from "../support/mcp.js";

const [sqlite] = await testDatabases();

describe("code-buddy token (the compiled CLI)", () => {
  let drop: () => Promise<void>;
  let server: RunningServer;
  let cwd: string;
  let databaseUrl: string;
  const cli = (...args: string[]): Promise<CliResult> => runCli(["token", ...args], { DATABASE_URL: databaseUrl }, cwd);
  const lines = (text: string) => text.trimEnd().split("\n");

  // buildCli compiles dist/ when src/ is newer: that alone can take longer than a hook's 30 s on a busy machine.
  beforeAll(async () => {
    await buildCli();
    const created = await sqlite!.create();
    ({ drop } = created);
    databaseUrl = created.url;
    server = await startTestServer({ db: created.db });
    cwd = mkdtempSync(join(tmpdir(), "code-buddy-cli-"));
  }, 120_000);

  afterAll(async () => {
    await server.close();
    await drop();
    rmSync(cwd, { recursive: true, force: true });
  });

  test("create prints the token once, alone on the last line; it works; list never shows it; revoke makes it fail with 401", async () => {
    const created = await cli("create", "ci-bot", "--repo", "Codertocat/Hello-World", "--repo", "octo-org/*");
    expect(created).toMatchObject({ code: 0, stderr: "" });
    const output = lines(created.stdout);
    const token = output.at(-1)!;
    expect(token).toMatch(/^cb_[A-Za-z0-9_-]{43}$/);
    expect(output.slice(0, -1).join("\n")).not.toContain(token);
    expect(output[0]).toBe('Created token "ci-bot" for Codertocat/Hello-World, octo-org/* (public repositories only).');

    expect((await postMcp(server.url, initializeMessage(), bearer(token))).status).toBe(200);

    const listed = await cli("list");
    expect(listed.code).toBe(0);
    expect(lines(listed.stdout)[0]).toMatch(/^NAME\s+REPOSITORIES\s+PRIVATE\s+ADMIN\s+LOGIN\s+CREATED\s+LAST USED$/);
    expect(listed.stdout).toMatch(/ci-bot\s+Codertocat\/Hello-World,octo-org\/\*\s+no\s+no\s+-\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    expect(listed.stdout).not.toContain(token);
    expect(listed.stdout).not.toContain(hashToken(token));

    const revoked = await cli("revoke", "ci-bot");
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/Revoked token "ci-bot"/);
    const refused = await postMcp(server.url, initializeMessage(), bearer(token));
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect((await cli("list")).stdout).not.toContain("ci-bot");
  });

  test("--private and '*' are accepted", async () => {
    const created = await cli("create", "all-seeing", "--repo", "*", "--private");
    expect(created.code).toBe(0);
    expect(lines(created.stdout)[0]).toBe('Created token "all-seeing" for * (private repositories included).');
    expect((await cli("list")).stdout).toMatch(/all-seeing\s+\*\s+yes\s+no\s+-\s+\S+\s+never/);
  });

  test("--admin makes a token that may manage; list says so", async () => {
    const created = await cli("create", "operator", "--repo", "*", "--admin");
    expect(created.code).toBe(0);
    expect(lines(created.stdout)[0]).toBe('Created token "operator" for * (public repositories only; admin: may manage subscriptions, deliveries and tokens).');
    expect((await cli("list")).stdout).toMatch(/operator\s+\*\s+no\s+yes\s+-\s+\S+\s+never/);
  });

  test("--login gives a token the GitHub login get_attention answers for; list shows it", async () => {
    const created = await cli("create", "octo-assistant", "--repo", "octo-org/*", "--login", "octocat");
    expect(created.code).toBe(0);
    expect(lines(created.stdout)[0]).toBe('Created token "octo-assistant" for octo-org/* (public repositories only; attention of octocat).');
    expect((await cli("list")).stdout).toMatch(/octo-assistant\s+octo-org\/\*\s+no\s+no\s+octocat\s+\S+\s+never/);
    const refused = await cli("create", "bad-login", "--repo", "*", "--login", "@octocat");
    expect(refused).toMatchObject({ code: 1, stdout: "" });
    expect(refused.stderr).toMatch(/--login "@octocat" is not a GitHub login: give one like octocat or my-bot\[bot\], without the @/);
  });

  test("invalid calls fail with a message saying what to do, and no stack trace", async () => {
    const cases: [string[], RegExp][] = [
      [["create", "no-repo"], /at least one --repo: --repo owner\/name, --repo owner\/\* .*--repo "\*"/],
      [["create", "bad", "--repo", "just-a-name"], /Not a repository pattern: "just-a-name". Use owner\/name, owner\/\* or \*/],
      [["create", "bad name", "--repo", "*"], /Token name "bad name" is not valid/],
      [["create", "x", "--repos", "*"], /Unknown option '--repos'/],
      [["create", "--repo", "*"], /token create needs a name: code-buddy token create <name> --repo owner\/name/],
      [["revoke"], /token revoke needs the token's name/],
      [["frobnicate"], /Usage:\n {2}token create <name>/],
      [["list", "--private"], /--repo, --private, --admin and --login only go with: token create <name>/],
      [["revoke", "nobody"], /No token named "nobody". See the existing ones with: code-buddy token list/],
    ];
    // In parallel: each run starts a node process.
    const results = await Promise.all(cases.map(([args]) => cli(...args)));
    results.forEach(({ code, stdout, stderr }, i) => {
      const [args, message] = cases[i]!;
      expect({ args, code, stdout }).toEqual({ args, code: 1, stdout: "" });
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/^\s+at /m);
    });
  });

  test("a database without Code Buddy's tables is named, with the fix", async () => {
    const result = await runCli(["token", "list"], { DATABASE_URL: `file:${join(cwd, "empty.db")}` }, cwd);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toMatch(/no Code Buddy tables yet: run `code-buddy migrate` first/);
  });

  test("a duplicate name is refused", async () => {
    expect((await cli("create", "twice", "--repo", "*")).code).toBe(0);
    const again = await cli("create", "twice", "--repo", "*");
    expect(again).toMatchObject({ code: 1, stdout: "" });
    expect(again.stderr).toMatch(/A token named "twice" already exists. Choose another name, or revoke it first: code-buddy token revoke twice/);
  });

  test("on a Heroku one-off dyno (heroku run) with a SQLite file it refuses, saying why and what to run, and writes nothing", async () => {
    const before = await sqlite!.create();
    try {
      const refused = await runCli(["token", "create", "on-a-dyno", "--repo", "*"], { DATABASE_URL: before.url, DYNO: "run.1234" }, cwd);
      expect(refused).toMatchObject({ code: 1, stdout: "" });
      expect(refused.stderr).toMatch(/on a Heroku dyno \(DYNO=run\.1234\).*heroku addons:create heroku-postgresql/s);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      expect(await before.db.prisma.apiToken.count()).toBe(0);
    } finally {
      await before.drop();
    }
  });
});
