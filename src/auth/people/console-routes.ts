import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../../http/http-error.js";
import { readForm, redirect, sendPage } from "../../http/html-response.js";
import type { Handler } from "../../http/route.js";
import type { GitHubUsers } from "../github-users/users.js";
import { messagePage } from "../oauth/pages.js";
import { cookieHeader, readCookie, SESSION_COOKIE, type ConsoleSessions } from "./console-sessions.js";

export const LOGOUT_PATH = "/logout";
export const SESSION_PATH = "/session";

export interface ConsoleRoutesDeps {
  users: GitHubUsers;
  sessions: ConsoleSessions;
  secureCookies: boolean;
  /** Where a person goes to sign in. */
  loginPath: string;
}

/** A signed-in person's own routes: who they are (with the CSRF token their forms carry), and signing out. */
export function consoleRoutes({ users, sessions, secureCookies, loginPath }: ConsoleRoutesDeps): Handler {
  const whoAmI = async (req: IncomingMessage, res: ServerResponse) => {
    const token = readCookie(req, SESSION_COOKIE);
    const session = token === undefined ? null : await sessions.userOf(token);
    const user = session === null ? null : await users.find(session.userId);
    if (user === null) return sendJson(res, 401, { error: { code: "not_signed_in", message: `Not signed in: open ${loginPath} to sign in with GitHub.` } }, { "cache-control": "no-store" });
    sendJson(
      res,
      200,
      {
        login: user.login,
        name: user.name,
        admin: user.isAdmin,
        accounts: user.accounts,
        owner_of: user.ownerOf,
        repositories: user.repositoryCount,
        access_checked_at: user.accessCheckedAt.toISOString(),
        csrf: sessions.csrfToken(token!),
      },
      { "cache-control": "no-store" },
    );
  };

  const logout = async (req: IncomingMessage, res: ServerResponse) => {
    const token = readCookie(req, SESSION_COOKIE);
    const form = await readForm(req);
    if (token === undefined || !sessions.checkCsrf(token, form.get("csrf") ?? undefined)) return sendPage(res, 403, messagePage("Request refused", "Sign out from the console's own page."));
    await sessions.end(token);
    redirect(res, "/", { "set-cookie": cookieHeader(SESSION_COOKIE, "", { secure: secureCookies, maxAgeSeconds: 0 }) });
  };

  return async (req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (path === SESSION_PATH && req.method === "GET") await whoAmI(req, res);
    else if (path === LOGOUT_PATH && req.method === "POST") await logout(req, res);
    else return false;
    return true;
  };
}
