import type { Logger } from "pino";
import type { Probot } from "probot";
import type { EventsApiConfig, GitHubConfig } from "../../config.js";
import type { PrismaDb } from "../../store/db.js";
import type { Ingest } from "../ingest.js";
import { tokenOctokit } from "../octokit.js";
import { listFeeds } from "./feed-directory.js";
import { startEventsPoller, type Poller } from "./poller.js";

export interface StartPollingDeps {
  config: EventsApiConfig;
  github: GitHubConfig;
  /** The app's Probot: its Octokits carry the installation tokens, the configured host, and the shutdown signal. */
  probot: Probot | null;
  prisma: PrismaDb;
  ingest: Ingest;
  log: Logger;
  clock: () => Date;
  signal: AbortSignal;
}

/** Wires the Events API poller to the app's installations and the personal token's users (EVENTS_SOURCE=events-api). */
export async function startPolling({ config, github, probot, prisma, ingest, log, clock, signal }: StartPollingDeps): Promise<Poller> {
  const pollLog = log.child({ name: "events-api" });
  const app = probot ? await probot.auth() : null;
  const installation = async (id: number) => {
    if (!probot) throw new Error("no GitHub App is configured to read installation feeds");
    return await probot.auth(id);
  };
  const personal = config.token === null ? null : tokenOctokit(config.token, { apiBaseUrl: github.apiBaseUrl, signal, log });
  pollLog.info({ installations: app !== null, users: config.users }, "polling GitHub's Events API");
  return startEventsPoller({
    config,
    listFeeds: () => listFeeds({ app: app, installation, users: config.users, log: pollLog }),
    octokitFor: async (id) => {
      if (id !== null) return installation(id);
      if (!personal) throw new Error("GITHUB_TOKEN is not set, so the users' feeds cannot be read");
      return personal;
    },
    prisma,
    ingest,
    log: pollLog,
    clock,
    webBaseUrl: github.webBaseUrl,
    signal,
  });
}
