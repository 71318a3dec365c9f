import type { Logger } from "pino";
import { ProbotOctokit } from "probot";

/** How long one attempt of a GitHub request may take; Octokit's retry plugin tries a timed-out one again. */
export const GITHUB_REQUEST_TIMEOUT_MS = 30_000;

export interface GitHubOctokitOptions {
  /** The REST API every request goes to (config.github.apiBaseUrl). */
  apiBaseUrl: string;
  /** Aborted at shutdown: every request in flight, and every wait between retries, ends at once. */
  signal: AbortSignal;
  log: Logger;
  timeoutMs?: number;
}

export type GitHubOctokit = InstanceType<typeof ProbotOctokit>;

/**
 * Settles like `start()`, or rejects with the abort reason as soon as `signal` aborts. Once
 * aborted, `start` is not called at all: a request started then would fail, be retried by
 * Octokit's retry plugin in the background, and reject with no one listening.
 */
function untilAborted<T>(start: () => Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    start()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", abort));
  });
}

/** fetch bounded per attempt (so a retry gets a fresh timeout) and cut short by the shutdown signal. */
function boundedFetch(signal: AbortSignal, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const signals = [signal, AbortSignal.timeout(timeoutMs), ...(init?.signal ? [init.signal] : [])];
    return fetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
}

/** What Probot is given so that the Octokits it builds send every request to `apiBaseUrl` through the bounded fetch. */
export function probotGitHubOptions({ apiBaseUrl, signal, log, timeoutMs = GITHUB_REQUEST_TIMEOUT_MS }: GitHubOctokitOptions) {
  const request = { fetch: boundedFetch(signal, timeoutMs) };
  // Probot's Octokit with its throttling, retry and pagination plugins; the hook added here wraps them all, so
  // that shutdown does not wait out a retry's back-off or a rate limit's reset either.
  const Octokit = ProbotOctokit.plugin((octokit) => {
    octokit.hook.wrap("request", (send, options) => untilAborted(() => Promise.resolve(send(options)), signal));
  }).defaults({ baseUrl: apiBaseUrl, request, log: log.child({ name: "octokit" }) });
  return { baseUrl: apiBaseUrl, request, Octokit };
}

/** An Octokit authenticated with a personal access token (GITHUB_TOKEN), with the same plugins, host and bounds as Probot's. */
export function tokenOctokit(token: string, options: GitHubOctokitOptions): GitHubOctokit {
  const { Octokit } = probotGitHubOptions(options);
  return new Octokit({ auth: { token } });
}
