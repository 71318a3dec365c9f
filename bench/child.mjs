import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Runs a bench/servers script in its own process and resolves once it printed its URL. */
export async function startChild(script, { args = [], env = {}, nodeOptions = [] } = {}) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...nodeOptions, path, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  const ready = await Promise.race([once(createInterface({ input: child.stdout }), "line"), exited.then(() => null)]);
  if (!ready) throw new Error(`${script} exited with code ${child.exitCode} before it was ready`);
  return {
    url: JSON.parse(ready[0]).url,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const [code, signal] = await exited;
      if (code !== 0) throw new Error(`${script} ended with ${signal ?? `exit code ${code}`}`);
    },
  };
}
