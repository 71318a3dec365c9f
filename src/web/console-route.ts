import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Principal, ResolvePrincipal } from "../auth/principal.js";
import type { PushConfig } from "../config.js";
import type { Fetch } from "../delivery/http-post.js";
import type { Db } from "../store/db.js";
import type { PageOptions } from "./layout.js";
import type { SignInOption } from "./pages/sign-in-page.js";

export interface ConsoleDeps {
  db: Db;
  resolvePrincipal: ResolvePrincipal;
  clock: () => Date;
  log: Logger;
  push: PushConfig;
  sessionTtlMs: number;
  /** Other ways to sign in, offered above the token form: Sign in with GitHub when it is configured. */
  signInOptions: readonly SignInOption[];
  fetch?: Fetch;
}

export interface PageContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The route pattern's groups, decoded. */
  params: string[];
  /** Null only on the public routes (sign-in). */
  principal: Principal | null;
  /** A POST's fields, its Origin and CSRF token already checked. */
  form: URLSearchParams | null;
}

export interface PageRoute {
  method: "GET" | "POST";
  pattern: RegExp;
  access: "public" | "reader" | "admin";
  handle(ctx: PageContext): Promise<void>;
}

/** What the short codes of a redirect's ?done= say: fixed sentences, so a crafted link cannot put words on the page. */
export const DONE: Record<string, string> = {
  retried: "Queued again: the delivery goes out within a few seconds.",
  enabled: "Enabled: its pending deliveries go out again, in order.",
  disabled: "Disabled: its deliveries wait, pending, until it is enabled.",
  revoked: "Revoked: its requests, sessions and streams end.",
};

export function doneNotice(url: URL): PageOptions["notice"] {
  const text = DONE[url.searchParams.get("done") ?? ""];
  return text ? { kind: "ok", text } : null;
}
