import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as the fake saw it. */
export interface SeenRequest {
  method: string;
  /** The path under /api/v3, without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
  /** Date.now() when it arrived. */
  at: number;
}

export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type FakeRoute = (request: SeenRequest, fake: FakeGitHub) => FakeAnswer | Promise<FakeAnswer>;

/** A moment `seconds` from now as GitHub's X-RateLimit-Reset gives it: epoch seconds. */
export const resetIn = (seconds: number) => String(Math.ceil(Date.now() / 1000 + seconds));

/**
 * A GitHub Enterprise Server stand-in on loopback: Code Buddy is pointed at it
 * with GHE_HOST=127.0.0.1:<port> and GHE_PROTOCOL=http, so every request goes to
 * http://127.0.0.1:<port>/api/v3. Routes are "METHOD /path/:param" patterns;
 * every request is recorded. It answers an installation token for any
 * installation, and 404 with GitHub's error body for anything not routed.
 */
export class FakeGitHub {
  readonly requests: SeenRequest[] = [];
  readonly #routes: { method: string; pattern: RegExp; keys: string[]; route: FakeRoute }[] = [];
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  host = "";

  private constructor() {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
    this.route("POST /app/installations/:id/access_tokens", ({ path }) => ({
      status: 201,
      body: { token: `ghs_installation_${path.split("/")[3]}`, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: { issues: "read" } },
    }));
  }

  static async start(): Promise<FakeGitHub> {
    const fake = new FakeGitHub();
    await new Promise<void>((resolve) => fake.#server.listen(0, "127.0.0.1", resolve));
    fake.host = `127.0.0.1:${(fake.#server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The environment that points Code Buddy at this fake. */
  get env(): Record<string, string> {
    return { GHE_HOST: this.host, GHE_PROTOCOL: "http" };
  }

  get apiBaseUrl(): string {
    return `http://${this.host}/api/v3`;
  }

  get webBaseUrl(): string {
    return `http://${this.host}`;
  }

  /** Adds a route; a later route for the same request wins, so a test can override a default. */
  route(spec: string, route: FakeRoute): this {
    const [method, path] = spec.split(" ") as [string, string];
    const keys: string[] = [];
    const source = path.replace(/:([a-z_]+)/g, (_match, key: string) => {
      keys.push(key);
      return "([^/]+)";
    });
    this.#routes.unshift({ method, pattern: new RegExp(`^${source}$`), keys, route });
    return this;
  }

  /** Serves `feed` at `path` ("/repos/octo-org/hello/events"). */
  events(path: string, feed: FakeEventsFeed = new FakeEventsFeed()): FakeEventsFeed {
    this.route(`GET ${path}`, (request) => feed.serve(request, this));
    return feed;
  }

  /** The requests to one path (any method unless given). */
  calls(path: string | RegExp, method = "GET"): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === "string" ? r.path === path : path.test(r.path)));
  }

  /** Requests made with an installation or personal token, i.e. what counts against a rate limit (tokens are free to create). */
  apiCalls(): SeenRequest[] {
    return this.requests.filter((r) => !(r.method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(r.path)));
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", `http://${this.host}`);
    const path = url.pathname.replace(/^\/api\/v3/, "");
    const request: SeenRequest = { method: req.method ?? "GET", path, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
    this.requests.push(request);
    const found = this.#routes.find((r) => r.method === request.method && r.pattern.test(path));
    const answer = found ? await found.route(request, this) : { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
    const headers = { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4999", "x-ratelimit-reset": resetIn(3600), ...answer.headers };
    if (answer.body === undefined) {
      res.writeHead(answer.status, headers).end();
      return;
    }
    res.writeHead(answer.status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(answer.body));
  }
}

/**
 * One page of `items` as GitHub pages a list: `per_page` (default 30, at most
 * 100) and `page` from the query, and a Link header with next and last.
 */
export function paged<T>(request: SeenRequest, items: readonly T[], fake: FakeGitHub, extraHeaders: Record<string, string> = {}): FakeAnswer {
  const perPage = Math.min(100, Number(request.query.get("per_page") ?? 30));
  const page = Number(request.query.get("page") ?? 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const query = new URLSearchParams(request.query);
    query.set("page", String(n));
    return `<${fake.apiBaseUrl}${request.path}?${query}>; rel="${rel}"`;
  };
  const links = page < last ? [link(page + 1, "next"), link(last, "last")] : [];
  return { status: 200, headers: { ...(links.length > 0 && { link: links.join(", ") }), ...extraHeaders }, body: items.slice((page - 1) * perPage, page * perPage) };
}

/**
 * An Events API feed as GitHub serves one (GET /repos/{owner}/{repo}/events and the like):
 * newest first, paged with a Link header, an ETag per page and X-Poll-Interval; a request
 * whose If-None-Match is the page's ETag gets 304 (which costs no rate limit). Answers queued
 * in `interruptions` are given first, one per request (rate limits, outages).
 */
export class FakeEventsFeed {
  /** Newest first, as GitHub lists them. */
  events: { id: string }[] = [];
  /** Seconds, sent as X-Poll-Interval. */
  pollInterval = 1;
  readonly interruptions: FakeAnswer[] = [];

  /** Adds events as GitHub would have recorded them since: each newer than all before. */
  add(...events: { id: string }[]): void {
    this.events.unshift(...[...events].reverse());
  }

  etag(page: number): string {
    return `"${createHash("sha1")
      .update(`${page}:${this.events.map((event) => event.id).join(",")}`)
      .digest("hex")}"`;
  }

  serve(request: SeenRequest, fake: FakeGitHub): FakeAnswer {
    const interruption = this.interruptions.shift();
    if (interruption) return interruption;
    const etag = this.etag(Number(request.query.get("page") ?? 1));
    const headers = { etag, "x-poll-interval": String(this.pollInterval) };
    if (request.headers["if-none-match"] === etag) return { status: 304, headers };
    return paged(request, this.events, fake, headers);
  }
}
