import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import type { AppCredentials, Config } from "../config.js";
import type { Fetch } from "../delivery/http-post.js";
import { migrationStatus } from "../store/migrate.js";
import { VERSION } from "../version.js";

export type CheckStatus = "ok" | "warn" | "fail" | "skip";

export interface CheckResult {
  name: string;
  status: CheckStatus;
  /** What was found, and for warn/fail what to do about it. */
  detail: string;
}

/** One check of the set-up; doctor runs them in order, each on its own (one failing stops none). */
export type DoctorCheck = () => Promise<CheckResult[]>;

/** GitHub signs app JWTs against its own clock: beyond this, "iat"/"exp" are refused and nothing authenticates. */
export const MAX_CLOCK_SKEW_MS = 30_000;
const TIMEOUT_MS = 10_000;

const describe = (error: unknown) => ((error as { status?: number }).status ? `HTTP ${(error as { status: number }).status}: ` : "") + (error as Error).message;

/** The app's credentials against GitHub: GET /app with the app's JWT, the webhook's configuration, and the clock against GitHub's Date header. */
export function githubAppCheck(app: AppCredentials, githubApiUrl: string, now: () => Date): DoctorCheck {
  return async () => {
    const probot = new Probot({
      appId: app.appId,
      privateKey: app.privateKey,
      baseUrl: githubApiUrl,
      Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false }, request: { signal: AbortSignal.timeout(TIMEOUT_MS) } }),
      log: pino({ level: "silent" }),
    });
    const octokit = await probot.auth();
    let response;
    try {
      response = await octokit.request("GET /app");
    } catch (error) {
      const status = (error as { status?: number }).status;
      const fix =
        status === 401
          ? "APP_ID and the private key do not belong together, or the key was revoked: generate a new private key on the app's settings page."
          : status === 404
            ? "No app with this APP_ID: copy the App ID from the app's settings page."
            : `Could not reach GitHub at ${githubApiUrl}.`;
      return [{ name: "GitHub App credentials", status: "fail", detail: `GET /app failed (${describe(error)}). ${fix}` }];
    }
    const results: CheckResult[] = [];
    const { data } = response;
    results.push({
      name: "GitHub App credentials",
      status: "ok",
      detail: `app "${data?.slug ?? "?"}" (id ${data?.id ?? app.appId}) owned by ${data?.owner && "login" in data.owner ? data.owner.login : "?"}`,
    });
    const date = Date.parse(String(response.headers.date ?? ""));
    if (Number.isNaN(date)) results.push({ name: "Clock", status: "warn", detail: "GitHub's answer had no Date header to compare the clock with." });
    else {
      const skew = now().getTime() - date;
      const text = `${Math.abs(Math.round(skew / 1000))} s ${skew >= 0 ? "ahead of" : "behind"} GitHub`;
      results.push(
        Math.abs(skew) > MAX_CLOCK_SKEW_MS
          ? { name: "Clock", status: "fail", detail: `This machine's clock is ${text}: GitHub refuses app tokens signed that far off. Synchronize it (NTP).` }
          : { name: "Clock", status: "ok", detail: text },
      );
    }
    try {
      const { data: hook } = await octokit.request("GET /app/hook/config");
      if (!hook.url)
        results.push({ name: "Webhook URL", status: "fail", detail: "The app has no webhook URL: set it to https://<your-host>/api/github/webhooks on the app's settings page." });
      else if (hook.content_type !== "json")
        results.push({ name: "Webhook URL", status: "fail", detail: `The app sends webhooks as ${hook.content_type}: choose "application/json" on the app's settings page.` });
      else results.push({ name: "Webhook URL", status: "ok", detail: hook.url });
    } catch (error) {
      results.push({ name: "Webhook URL", status: "warn", detail: `Could not read the app's webhook configuration (${describe(error)}).` });
    }
    return results;
  };
}

/** The secret Probot verifies signatures with: the configuration demands one; a short one is guessable. */
export function webhookSecretCheck(app: AppCredentials): DoctorCheck {
  return async () => [
    app.webhookSecret.length < 16
      ? {
          name: "Webhook secret",
          status: "warn",
          detail: `WEBHOOK_SECRET is only ${app.webhookSecret.length} characters: use a long random one (openssl rand -hex 32), on GitHub and here.`,
        }
      : { name: "Webhook secret", status: "ok", detail: "set" },
  ];
}

export function databaseCheck(databaseUrl: string): DoctorCheck {
  return async () => {
    const where = databaseUrl.replace(/\/\/[^@/]*@/, "//");
    try {
      const status = await migrationStatus(databaseUrl);
      if (status.upToDate) return [{ name: "Database", status: "ok", detail: `${status.provider} at ${where}, ${status.migrations.length} migrations applied` }];
      const problems = [
        ...(status.pending.length > 0 ? [`${status.pending.length} pending (run code-buddy migrate; the server also migrates at start)`] : []),
        ...(status.failed.length > 0 ? [`failed: ${status.failed.join(", ")}`] : []),
        ...(status.notInFolder.length > 0 ? [`applied but unknown to this version: ${status.notInFolder.join(", ")} (is this an older release?)`] : []),
      ];
      return [{ name: "Database", status: "fail", detail: `${status.provider} at ${where}: migrations not up to date: ${problems.join("; ") || "see code-buddy migrate status"}` }];
    } catch (error) {
      return [{ name: "Database", status: "fail", detail: `Cannot use ${where} (${(error as Error).message}). Check DATABASE_URL and that the server runs.` }];
    }
  };
}

/** The Letta server, when one is configured: reachable, and the key and agent accepted. */
export function lettaCheck(letta: Config["push"]["letta"], fetchFn: Fetch): DoctorCheck {
  return async () => {
    if (letta.apiKey === "" && letta.agentId === null) return [{ name: "Letta", status: "skip", detail: "not configured (LETTA_API_KEY / LETTA_AGENT_ID unset)" }];
    const base = letta.baseUrl.replace(/\/+$/, "");
    const url = letta.agentId === null ? `${base}/v1/agents/?limit=1` : `${base}/v1/agents/${encodeURIComponent(letta.agentId)}`;
    try {
      const response = await fetchFn(url, {
        headers: { "user-agent": `code-buddy/${VERSION}`, ...(letta.apiKey === "" ? {} : { authorization: `Bearer ${letta.apiKey}` }) },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (response.ok) return [{ name: "Letta", status: "ok", detail: letta.agentId === null ? `${base} accepts the key` : `agent ${letta.agentId} at ${base}` }];
      const fix =
        response.status === 401 || response.status === 403
          ? "LETTA_API_KEY is not accepted."
          : response.status === 404
            ? `No agent ${letta.agentId} there: check LETTA_AGENT_ID.`
            : "";
      return [{ name: "Letta", status: "fail", detail: `${url} answered HTTP ${response.status}. ${fix}`.trim() }];
    } catch (error) {
      return [{ name: "Letta", status: "fail", detail: `Cannot reach ${base} (${(error as Error).message}). Check LETTA_BASE_URL.` }];
    }
  };
}

/**
 * Sign in with GitHub, when BASE_URL and the OAuth client are set: the OAuth
 * client against GitHub (a code no one was given is exchanged: GitHub says
 * "bad_verification_code" to a client it knows, "incorrect_client_credentials"
 * otherwise), and BASE_URL serving this deployment's authorization server.
 */
export function signInCheck(config: Pick<Config, "oauth" | "oauthOff" | "github">, fetchFn: Fetch): DoctorCheck {
  return async () => {
    const { oauth } = config;
    if (oauth === null)
      return [
        {
          name: "Sign in with GitHub",
          status: "warn",
          detail: `${config.oauthOff} Until then Claude.ai and ChatGPT cannot connect, and people sign in to the console with a cb_ token.`,
        },
      ];
    const results: CheckResult[] = [];
    try {
      const response = await fetchFn(`${config.github.webBaseUrl}/login/oauth/access_token`, {
        method: "POST",
        headers: { accept: "application/json", "content-type": "application/json", "user-agent": `code-buddy/${VERSION}` },
        body: JSON.stringify({ client_id: oauth.clientId, client_secret: oauth.clientSecret, code: "code-buddy-doctor" }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const answer = (await response.json().catch(() => ({}))) as { error?: string };
      results.push(
        answer.error === "bad_verification_code"
          ? { name: "OAuth client", status: "ok", detail: `GitHub knows client ${oauth.clientId} and its secret` }
          : answer.error === "incorrect_client_credentials"
            ? {
                name: "OAuth client",
                status: "fail",
                detail: "GitHub refuses GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET: copy the Client ID from the app's settings page and generate a new client secret there.",
              }
            : {
                name: "OAuth client",
                status: "warn",
                detail: `GitHub's token endpoint answered HTTP ${response.status}${answer.error ? ` (${answer.error})` : ""}; could not tell whether the client is valid.`,
              },
      );
    } catch (error) {
      results.push({ name: "OAuth client", status: "fail", detail: `Could not reach ${config.github.webBaseUrl} (${(error as Error).message}).` });
    }
    const metadata = `${oauth.baseUrl}/.well-known/oauth-authorization-server`;
    try {
      const response = await fetchFn(metadata, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(TIMEOUT_MS) });
      const issuer = response.ok ? ((await response.json().catch(() => ({}))) as { issuer?: string }).issuer : undefined;
      results.push(
        issuer === oauth.baseUrl
          ? { name: "BASE_URL", status: "ok", detail: `${oauth.baseUrl} serves this deployment's sign-in` }
          : {
              name: "BASE_URL",
              status: "warn",
              detail: `${metadata} answered ${response.ok ? `an issuer of ${issuer ?? "none"}` : `HTTP ${response.status}`}: BASE_URL must be the public URL this server answers at (MCP hosts and GitHub send people there).`,
            },
      );
    } catch (error) {
      results.push({
        name: "BASE_URL",
        status: "warn",
        detail: `${metadata} did not answer (${(error as Error).message}): is the server running, and is BASE_URL its public URL?`,
      });
    }
    return results;
  };
}

export function metricsCheck(metricsToken: string | null): DoctorCheck {
  return async () => [
    metricsToken === null
      ? { name: "Metrics", status: "skip", detail: "GET /metrics is off (METRICS_TOKEN unset)" }
      : { name: "Metrics", status: "ok", detail: "GET /metrics answers Bearer METRICS_TOKEN" },
  ];
}

/** How events arrive: webhooks, or polling, and then whether GitHub accepts the personal token (GITHUB_TOKEN) it polls with. */
export function eventsSourceCheck(config: Pick<Config, "eventsApi" | "github">, fetchFn: Fetch): DoctorCheck {
  return async () => {
    const { eventsApi } = config;
    if (eventsApi === null) return [{ name: "Events source", status: "ok", detail: "webhooks (EVENTS_SOURCE=webhooks)" }];
    if (eventsApi.token === null)
      return [{ name: "Events source", status: "ok", detail: "polling the installations' organization and repository events (EVENTS_SOURCE=events-api)" }];
    const users = eventsApi.users.join(", ");
    try {
      const response = await fetchFn(`${config.github.apiBaseUrl}/user`, {
        headers: { accept: "application/vnd.github+json", authorization: `token ${eventsApi.token}`, "user-agent": `code-buddy/${VERSION}` },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (response.status === 401) {
        await response.body?.cancel();
        return [{ name: "Events source", status: "fail", detail: "GitHub refuses GITHUB_TOKEN (401): it was revoked or has expired; create a new personal access token." }];
      }
      if (!response.ok) {
        await response.body?.cancel();
        return [{ name: "Events source", status: "fail", detail: `GET ${config.github.apiBaseUrl}/user with GITHUB_TOKEN answered HTTP ${response.status}.` }];
      }
      const { login } = (await response.json()) as { login?: string };
      return [{ name: "Events source", status: "ok", detail: `polling the events of ${users} as ${login ?? "?"} (GITHUB_TOKEN)` }];
    } catch (error) {
      return [
        { name: "Events source", status: "fail", detail: `Could not reach GitHub at ${config.github.apiBaseUrl} (${(error as Error).message}). Check GHE_HOST and the network.` },
      ];
    }
  };
}
