import { closeSession, openSession } from "../auth/console-sessions.js";
import { sessionCookie } from "../auth/session-cookie.js";
import { lookupToken, recordTokenUse } from "../auth/tokens.js";
import type { ConsoleDeps, PageRoute } from "./console-route.js";
import { localPath } from "./console-forms.js";
import { signInPage } from "./pages/sign-in-page.js";
import { redirect, sendPage } from "./respond.js";

/** /sign-in (a pasted cb_ token becomes a session cookie) and /sign-out. */
export function signInRoutes({ db, clock, log, sessionTtlMs, signInOptions, resolvePrincipal }: ConsoleDeps): PageRoute[] {
  return [
    {
      method: "GET",
      pattern: /^\/sign-in$/,
      access: "public",
      handle: async ({ req, res, url }) => {
        const next = localPath(url.searchParams.get("next"));
        const signedIn = await resolvePrincipal(req).catch(() => null);
        if (signedIn) redirect(res, next);
        else sendPage(res, 200, signInPage({ next, options: signInOptions }));
      },
    },
    {
      method: "POST",
      pattern: /^\/sign-in$/,
      access: "public",
      handle: async ({ req, res, form }) => {
        const next = localPath(form!.get("next"));
        const token = (form!.get("token") ?? "").trim();
        const found = token === "" ? null : await lookupToken(db.prisma, token);
        if (!found) {
          sendPage(
            res,
            401,
            signInPage({ next, options: signInOptions, error: "That token is not valid (unknown or revoked). Paste a cb_ token made with code-buddy token create." }),
          );
          return;
        }
        const now = clock();
        const secret = await openSession(db.prisma, { tokenId: found.scope.tokenId }, { now, ttlMs: sessionTtlMs, userAgent: req.headers["user-agent"] });
        await recordTokenUse(db.prisma, found, now).catch((error: unknown) => log.warn({ err: error, tokenName: found.scope.name }, "could not record the token's last use"));
        log.info({ tokenName: found.scope.name }, "signed in to the console");
        redirect(res, next, { "set-cookie": sessionCookie(req, secret, Math.floor(sessionTtlMs / 1000)) });
      },
    },
    {
      method: "POST",
      pattern: /^\/sign-out$/,
      access: "reader",
      handle: async ({ req, res, principal }) => {
        if (principal!.sessionId !== null) await closeSession(db.prisma, principal!.sessionId);
        redirect(res, "/sign-in", { "set-cookie": sessionCookie(req, "", 0) });
      },
    },
  ];
}
