import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Probot } from "probot";
import { createApiHttp } from "./api/api-http.js";
import { codeBuddyApp, type AppDeps } from "./app.js";
import { startIdentity } from "./auth/identity.js";
import type { AppCredentials, Config } from "./config.js";
import { HttpError, sendError } from "./http/http-error.js";
import { probotGitHubOptions } from "./github/octokit.js";
import { requestLogger, requestPath } from "./http/request-log.js";
import { getRoute, type Handler } from "./http/route.js";
import { createMcpHttp } from "./mcp/http-endpoints.js";
import { countToolCalls } from "./metrics/instrument.js";
import { metricsRoute } from "./metrics/metrics-route.js";
import { createConsole } from "./web/console-http.js";

export interface RunningServer {
  url: string;
  server: Server;
  probot: Probot;
  close(): Promise<void>;
}

export type ServerConfig = Pick<
  Config,
  "webhookPath" | "webhookMaxBytes" | "port" | "host" | "mcp" | "api" | "console" | "push" | "metricsToken" | "github" | "oauth" | "oauthOff"
> & {
  /** Null when polling the Events API with a personal token only (see personalTokenOnly). */
  app: AppCredentials | null;
  eventsApi?: Config["eventsApi"];
};

export interface ServerDeps extends Omit<AppDeps, "config" | "mcpHandlers" | "consoleHandlers"> {
  /** Aborts every GitHub request of the Octokits Probot builds (shutdown). */
  signal?: AbortSignal;
}

function createProbot(config: ServerConfig, { log, signal = new AbortController().signal }: ServerDeps): Probot {
  const github = probotGitHubOptions({ apiBaseUrl: config.github.apiBaseUrl, signal, log });
  if (config.app === null) {
    const githubToken = config.eventsApi?.token;
    if (!githubToken) throw new Error("Code Buddy needs a GitHub App (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET) or, to poll users' events, GITHUB_TOKEN with GITHUB_POLL_USERS.");
    return new Probot({ githubToken, ...github, log: log.child({ name: "probot" }) });
  }
  const { appId, privateKey, webhookSecret } = config.app;
  return new Probot({ appId, privateKey, secret: webhookSecret, ...github, log: log.child({ name: "probot" }) });
}

const pingRoute = getRoute("/ping", (_req, res) => {
  res.writeHead(200, { "content-type": "text/plain" }).end("PONG");
});

/**
 * One HTTP server for everything: the routes the app adds through Probot's
 * addHandler (GitHub's webhooks first, then MCP, then Sign in with GitHub),
 * /ping, then a JSON 404.
 */
export async function startServer(config: ServerConfig, deps: ServerDeps): Promise<RunningServer> {
  const { log, db, clock, bus } = deps;
  const probot = createProbot(config, deps);
  const signal = deps.signal ?? new AbortController().signal;
  const identity = await startIdentity({ config, appPrivateKey: config.app?.privateKey ?? null, prisma: db.prisma, clock, log, signal });
  const mcp = createMcpHttp({
    config: config.mcp,
    db,
    events: bus,
    clock,
    log,
    letta: config.push.letta,
    auth: { guard: identity.mcp, principalStates: identity.principalStates },
    onToolCall: countToolCalls(deps.metrics),
  });
  const stopCountingSessions = deps.metrics.countMcpSessions(mcp.openSessions);
  const api = createApiHttp({ config: config.api, allowedOrigins: config.mcp.allowedOrigins, db, events: bus, resolvePrincipal: identity.operator, push: config.push, clock, log });
  const signInOptions = identity.gitHubSignInPath === null ? [] : [{ label: "Sign in with GitHub", path: identity.gitHubSignInPath }];
  const web = createConsole({
    db,
    resolvePrincipal: identity.operator,
    clock,
    log: log.child({ name: "console" }),
    push: config.push,
    sessionTtlMs: config.console.sessionTtlMs,
    signInOptions,
  });
  const metrics = config.metricsToken === null ? [] : [metricsRoute(config.metricsToken, deps.metrics)];
  const added: Handler[] = [];
  await probot.load(codeBuddyApp({ ...deps, config, mcpHandlers: [...mcp.handlers, ...identity.handlers], consoleHandlers: [api.handler, ...metrics, ...web] }), {
    cwd: process.cwd(),
    addHandler: (handler) => added.push(async (req, res) => (await handler(req, res)) === true),
  });
  const routes: Handler[] = [...added, pingRoute];
  const logRequest = requestLogger(log);

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      for (const route of routes) if (await route(req, res)) return;
      sendError(res, new HttpError(404, `Nothing at ${req.method} ${req.url}. Webhooks go to POST ${config.webhookPath}; see also GET /health and GET /stats.`));
    } catch (error) {
      log.error({ err: error, method: req.method, path: requestPath(req) }, "request failed");
      if (!res.headersSent) sendError(res, new HttpError(500, "Internal error; see the server log."));
      else res.destroy();
    }
  };
  const server = createServer((req, res) => {
    logRequest(req, res);
    // answer() settles every request itself, failures included.
    void answer(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, resolve);
    });
  } catch (error) {
    api.close();
    stopCountingSessions();
    await mcp.close();
    await identity.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    server,
    probot,
    close: async () => {
      api.close();
      stopCountingSessions();
      await mcp.close();
      await identity.stop();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
