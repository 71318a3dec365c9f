import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { newToken } from "../support/mcp.js";

const [sqlite] = await testDatabases();
const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL(".", import.meta.url));
const conformanceDir = join(here, "..", "conformance");

/**
 * The suite needs Node 22 or newer (fs.globSync): this process's own, or the one CONFORMANCE_NODE names
 * (.ci/run points it at the Node 24 it installs). Without either the test is skipped, saying why.
 */
function conformanceNode(): string | null {
  if (Number(process.versions.node.split(".")[0]) >= 22) return process.execPath;
  return process.env.CONFORMANCE_NODE ?? null;
}
const node = conformanceNode();
if (node === null)
  console.warn(`Conformance suite skipped: it needs Node 22 or newer and this is Node ${process.versions.node}. Set CONFORMANCE_NODE to a Node >= 22 binary to run it.`);

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

/** Every check that did not succeed, one line each, from the suite's result folders. */
function problems(outputDir: string): string[] {
  return readdirSync(outputDir).flatMap((scenario) =>
    (JSON.parse(readFileSync(join(outputDir, scenario, "checks.json"), "utf8")) as Check[])
      .filter((check) => check.status === "FAILURE" || check.status === "WARNING")
      .map((check) => `${scenario} ${check.status} ${check.id}: ${check.errorMessage ?? ""}`.slice(0, 400)),
  );
}

/** Runs one conformance package against the server; resolves with its exit code and what did not pass. */
function runSuite(pkg: "conformance-2025" | "conformance-2026", url: string, token: string, args: string[]): Promise<{ code: number; output: string; problems: string[] }> {
  const packageJson = require.resolve(`${pkg}/package.json`);
  const outputDir = mkdtempSync(join(tmpdir(), "code-buddy-conformance-"));
  return new Promise((resolve) => {
    execFile(
      node!,
      ["--import", join(conformanceDir, "bearer-preload.mjs"), join(packageJson, "..", "dist", "index.js"), "server", "--url", url, "-o", outputDir, ...args],
      { env: { ...process.env, NODE_OPTIONS: "", CONFORMANCE_TOKEN: token, CONFORMANCE_PACKAGE_JSON: packageJson }, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        const found = problems(outputDir);
        rmSync(outputDir, { recursive: true, force: true });
        resolve({ code, output: `${stdout}\n${stderr}`, problems: found });
      },
    );
  });
}

/**
 * The official MCP conformance suite against the real server over loopback, on both eras. Only the
 * scenarios (or single checks) that need the suite's own fixture tools, prompts and resources are
 * expected to fail; test/conformance/expected-failures-*.yaml names each with the reason. The suite
 * exits non-zero on any other failure, and also when an expected failure starts passing.
 */
(node === null ? describe.skip : describe)("the official MCP conformance suite", () => {
  let drop: () => Promise<void>;
  let server: RunningServer;
  let url: string;
  let token: string;

  beforeAll(async () => {
    const created = await sqlite!.create();
    drop = created.drop;
    server = await startTestServer({ db: created.db });
    url = `${server.url}/mcp`;
    token = await newToken(created.db.prisma, "conformance", ["*"], true);
  });
  afterAll(async () => {
    await server.close();
    await drop();
  });

  const expectPass = (run: { code: number; output: string; problems: string[] }) => {
    if (run.code !== 0) console.error(`conformance run failed (exit ${run.code}):\n${run.problems.join("\n")}\n${run.output.slice(-4000)}`);
    expect(run.code).toBe(0);
  };

  test("2026-07-28: every scenario the revision requires", async () => {
    expectPass(await runSuite("conformance-2026", url, token, ["--requirements", "2026-07-28", "--expected-failures", join(conformanceDir, "expected-failures-2026-07-28.yaml")]));
  }, 200_000);

  test("2026-07-28: header validation (SEP-2243), pending in the suite's requirement set", async () => {
    const run = await runSuite("conformance-2026", url, token, ["--scenario", "http-header-validation", "--spec-version", "2026-07-28"]);
    expectPass(run);
    expect(run.problems).toEqual([]);
  }, 200_000);

  test("2025-11-25: every scenario of the 0.1 suite", async () => {
    expectPass(await runSuite("conformance-2025", url, token, ["--spec-version", "2025-11-25", "--expected-failures", join(conformanceDir, "expected-failures-2025-11-25.yaml")]));
  }, 200_000);

  test("2025-11-25: the session lifecycle (initialize, DELETE, 404 after)", async () => {
    const run = await runSuite("conformance-2026", url, token, ["--scenario", "server-session-lifecycle", "--spec-version", "2025-11-25"]);
    expectPass(run);
    expect(run.problems).toEqual([]);
  }, 200_000);
});
