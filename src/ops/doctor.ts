import { ConfigError, loadConfig, personalTokenOnly } from "../config.js";
import type { Fetch } from "../delivery/http-post.js";
import {
  databaseCheck,
  eventsSourceCheck,
  githubAppCheck,
  lettaCheck,
  metricsCheck,
  signInCheck,
  webhookSecretCheck,
  type CheckResult,
  type DoctorCheck,
} from "./doctor-checks.js";

export interface DoctorDeps {
  env: NodeJS.ProcessEnv;
  fetch: Fetch;
  now: () => Date;
}

/**
 * The checks, in the order an operator fixes things: the configuration, the
 * app against GitHub (github.com, or GHE_HOST), the webhook secret, Sign in
 * with GitHub (BASE_URL, the OAuth client), the database, Letta, metrics.
 */
export function doctorChecks({ env, fetch: fetchImpl, now }: DoctorDeps): DoctorCheck[] {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const message = error.message;
    return [async () => [{ name: "Configuration", status: "fail", detail: message }]];
  }
  const app = config.app;
  return [
    async () => [
      app === null && personalTokenOnly(config)
        ? { name: "Configuration", status: "ok", detail: "no GitHub App: polling with a personal token (GITHUB_TOKEN, GITHUB_POLL_USERS)" }
        : app === null
          ? {
              name: "Configuration",
              status: "fail",
              detail: "No GitHub App configured: set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET, or register one with npm start.",
            }
          : { name: "Configuration", status: "ok", detail: `APP_ID ${app.appId}` },
    ],
    ...(app === null ? [] : [githubAppCheck(app, config.github.apiBaseUrl, now), webhookSecretCheck(app)]),
    eventsSourceCheck(config, fetchImpl),
    signInCheck(config, fetchImpl),
    databaseCheck(config.databaseUrl),
    lettaCheck(config.push.letta, fetchImpl),
    metricsCheck(config.metricsToken),
  ];
}

/** Runs every check, each on its own: one that throws is reported as failed, and the others still run. */
export async function runDoctor(checks: readonly DoctorCheck[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      results.push(...(await check()));
    } catch (error) {
      results.push({ name: "Check", status: "fail", detail: `The check itself failed: ${(error as Error).message}` });
    }
  }
  return results;
}

const MARK = { ok: "ok  ", warn: "warn", fail: "FAIL", skip: "skip" } as const;

export function describeResults(results: readonly CheckResult[]): string[] {
  const width = Math.max(...results.map((result) => result.name.length));
  const failed = results.filter((result) => result.status === "fail").length;
  return [
    ...results.map((result) => `[${MARK[result.status]}] ${result.name.padEnd(width)}  ${result.detail}`),
    failed === 0 ? "Everything Code Buddy needs is in place." : `${failed} problem(s) to fix; each line above says how.`,
  ];
}
