import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { packageRoot } from "../../src/store/migrations-folder.js";

const ROOT = packageRoot();
export const CLI = join(ROOT, "dist", "cli.js");
const LOCK = join(ROOT, "dist", ".test-build.lock");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function upToDate(): boolean {
  try {
    return statSync(CLI).mtimeMs >= newestMtime(join(ROOT, "src"));
  } catch {
    return false;
  }
}

/**
 * The tests run the compiled CLI, as users do: this builds dist/ (npm run build) when src/ is
 * newer. Test files run in parallel workers, so one builds while the others wait on a lock.
 */
export async function buildCli(): Promise<void> {
  for (const deadline = Date.now() + 120_000; !upToDate();) {
    try {
      mkdirSync(LOCK, { recursive: false });
    } catch {
      if (Date.now() > deadline) throw new Error(`Gave up waiting for another test's build (lock ${LOCK}); remove it if no test runs.`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if (upToDate()) continue;
      const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, "tsconfig.build.json")], { encoding: "utf8" });
      // tsc emits despite type errors (those are `npm run typecheck`'s to report); only a build that wrote nothing fails here.
      if (!upToDate()) throw new Error(`npm run build failed:\n${tsc.stdout}${tsc.stderr}`);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `code-buddy <args>` in `cwd` (a temp dir, so no .env of the project is read) with only the given variables. */
export async function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? "", ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}
