import type { Principal } from "../auth/principal.js";
import { TokenError } from "../auth/tokens.js";
import { DeliveryError } from "../delivery/errors.js";
import { HttpError } from "../http/http-error.js";
import type { Handler } from "../http/route.js";
import { QueryError } from "../query/errors.js";
import { accessRoutes } from "./console-access.js";
import { checkCsrf, readForm } from "./console-forms.js";
import { deliveryRoutes } from "./console-deliveries.js";
import { eventPageRoutes } from "./console-events.js";
import { signInRoutes } from "./console-sign-in.js";
import type { ConsoleDeps, PageRoute } from "./console-route.js";
import { messagePage } from "./pages/message-page.js";
import { redirect, sendPage } from "./respond.js";
import { staticAssets } from "./static-assets.js";

const STATUS_OF_REFUSAL = (error: unknown): number | null => {
  if (error instanceof QueryError) return 400;
  if (error instanceof DeliveryError || error instanceof TokenError) return { invalid: 400, not_found: 404, conflict: 409 }[error.reason];
  if (error instanceof HttpError) return error.status;
  // A path segment that is not valid percent-encoding.
  if (error instanceof URIError) return 400;
  return null;
};

/**
 * The web console: its pages (server-rendered, readable without script),
 * its forms (POST/redirect/GET, CSRF-checked), its assets. A page asked for
 * without a session leads to the sign-in page and back.
 */
export function createConsole(deps: ConsoleDeps): Handler[] {
  const routes: PageRoute[] = [...signInRoutes(deps), ...eventPageRoutes(deps), ...deliveryRoutes(deps), ...accessRoutes(deps)];
  const pages: Handler = async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const matches = routes.flatMap((route) => {
      const match = route.pattern.exec(url.pathname);
      return match ? [{ route, match }] : [];
    });
    if (matches.length === 0) return false;
    const chosen = matches.find(({ route }) => route.method === req.method);
    if (!chosen) {
      res.writeHead(405, { allow: [...new Set(matches.map(({ route }) => route.method))].join(", "), "content-type": "text/plain; charset=utf-8" }).end("Method not allowed");
      return true;
    }
    const { route, match } = chosen;
    let principal: Principal | null = null;
    try {
      if (route.access !== "public") {
        try {
          principal = await deps.resolvePrincipal(req);
        } catch (error) {
          if (!(error instanceof HttpError) || error.status !== 401) throw error;
          redirect(res, `/sign-in?next=${encodeURIComponent(req.method === "GET" ? url.pathname + url.search : "/")}`);
          return true;
        }
        if (route.access === "admin" && !principal.isAdmin) {
          sendPage(res, 403, messagePage(principal, "feed", "For admins", "This page is for admins: sign in with a token created with --admin."));
          return true;
        }
      }
      const form = req.method === "POST" ? await readForm(req) : null;
      if (form && principal) checkCsrf(principal, form);
      const params = match.slice(1).map((part) => decodeURIComponent(part));
      await route.handle({ req, res, url, params, principal, form });
    } catch (error) {
      const status = STATUS_OF_REFUSAL(error);
      if (res.headersSent) res.destroy();
      else if (status !== null) sendPage(res, status, messagePage(principal, "feed", status === 404 ? "Not found" : "Not done", (error as Error).message));
      else {
        deps.log.error({ err: error, method: req.method, path: url.pathname }, "console page failed");
        sendPage(res, 500, messagePage(principal, "feed", "Something went wrong", "The error is in the server's log."));
      }
    }
    return true;
  };
  return [staticAssets(), pages];
}
