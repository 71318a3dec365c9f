import { existsSync } from "node:fs";
import { run } from "probot";
import { ConfigError, loadConfig, personalTokenOnly } from "./config.js";
import { createLogger } from "./logger.js";
import { serve } from "./serve.js";

// Probot's registration flow writes the new app's credentials to .env.
if (existsSync(".env")) process.loadEnvFile(".env");

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

/** Platforms kill a process some seconds after SIGTERM (Heroku: 30); past this, it exits on its own, saying so. */
const SHUTDOWN_DEADLINE_MS = 10_000;

if (config.app === null && !personalTokenOnly(config)) {
  // Not registered yet: Probot's own setup server shows the "Register GitHub App" page built from app.yml.
  await run(() => {});
} else {
  const log = await createLogger(config);
  // Listening for signals before serving: a SIGTERM that comes while starting stops the server once it is up.
  const serving = serve(config, log);
  const shutdown = (signal: string) => {
    log.info({ signal }, "shutting down");
    setTimeout(() => {
      log.error({ ms: SHUTDOWN_DEADLINE_MS }, "shutdown did not finish in time; exiting anyway");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    serving
      .then((running) => running.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  await serving;
}
