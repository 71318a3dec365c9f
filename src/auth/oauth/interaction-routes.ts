import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type Provider from "oidc-provider";
import { errors } from "oidc-provider";
import { HttpError } from "../../http/http-error.js";
import type { Handler } from "../../http/route.js";
import { readGitHubAccess, type UserOctokit } from "../github-users/github-access.js";
import type { GitHubSignIn } from "../github-users/github-sign-in.js";
import type { GitHubUsers } from "../github-users/users.js";
import { cookie, cookieOf } from "../session-cookie.js";
import { SIGN_IN_TTL_MS, type SignInStates } from "./sign-in-states.js";
import { localPath, readForm } from "../../web/console-forms.js";
import { consentPage, messagePage, noAccessPage } from "../../web/pages/oauth-pages.js";
import { redirect, sendPage } from "../../web/respond.js";
import { INTERACTION_PATH } from "./authorization-server.js";
import { EVENTS_READ_SCOPE, type OAuthResources } from "./resources.js";

export const GITHUB_CALLBACK_PATH = "/oauth/github/callback";
/** The console's "Sign in with GitHub" (?next=/path): beside the console's own /sign-in. */
export const CONSOLE_SIGN_IN_PATH = "/sign-in/github";
const STATE_COOKIE = "cb_sign_in";
const STATE_COOKIE_PATH = "/oauth/github";

/** An authorization request's parameter as the consent page shows it: text, or absent. */
const textParam = (value: unknown) => (typeof value === "string" ? value : undefined);

export interface InteractionRoutesDeps {
  provider: Provider;
  resources: OAuthResources;
  users: GitHubUsers;
  signIn: GitHubSignIn;
  userOctokit: (token: string) => UserOctokit;
  states: SignInStates;
  /** Opens a console session for a person who signed in; returns its Set-Cookie. */
  openConsoleSession: (req: IncomingMessage, userId: number) => Promise<string>;
  csrfKey: Buffer;
  clock: () => Date;
  log: Logger;
}

/**
 * The people-facing side of the authorization server: signing in with GitHub
 * (the GitHub App's user authorization, whose state is bound to the browser
 * by a cookie) for an OAuth client or for the console, the consent page
 * (CSRF-protected Allow / Deny), and the page for users who can see nothing yet.
 */
export function interactionRoutes(deps: InteractionRoutesDeps): Handler {
  const { provider, resources, users, signIn, userOctokit, states, openConsoleSession, csrfKey, clock, log } = deps;
  const csrfFor = (uid: string) => createHmac("sha256", csrfKey).update(`interaction:${uid}`).digest("base64url");
  const csrfValid = (uid: string, presented: string | null) => {
    const expected = Buffer.from(csrfFor(uid));
    const given = Buffer.from(presented ?? "");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const stateCookie = (req: IncomingMessage, value: string, maxAgeSeconds: number) => cookie(req, STATE_COOKIE, value, { maxAgeSeconds, path: STATE_COOKIE_PATH });

  const toGitHub = async (req: IncomingMessage, res: ServerResponse, purpose: "authorize" | "console", target: string) => {
    const state = await states.begin(purpose, target);
    redirect(res, signIn.authorizationUrl(state), { "set-cookie": stateCookie(req, state, SIGN_IN_TTL_MS / 1000) });
  };

  const showInteraction = async (req: IncomingMessage, res: ServerResponse, uid: string) => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new errors.SessionNotFound("interaction mismatch");
    if (details.prompt.name === "login") return toGitHub(req, res, "authorize", uid);
    const accountId = details.session?.accountId;
    const user = accountId === undefined ? null : await users.find(Number(accountId));
    if (user === null) return toGitHub(req, res, "authorize", uid);
    if (user.accounts.length === 0) return sendPage(res, 403, noAccessPage({ login: user.login, denyAction: `${INTERACTION_PATH}/${uid}/decision`, csrf: csrfFor(uid) }));
    const clientId = String(details.params.client_id);
    const client = await provider.Client.find(clientId);
    sendPage(
      res,
      200,
      consentPage({
        clientName: client?.clientName ?? clientId,
        clientId,
        redirectUri: textParam(details.params.redirect_uri) ?? client?.redirectUris?.[0] ?? "",
        login: user.login,
        ownerOf: user.ownerOf,
        accounts: user.accounts,
        repositoryCount: user.repositoryCount,
        resource: textParam(details.params.resource) ?? resources.mcp,
        action: `${INTERACTION_PATH}/${uid}/decision`,
        csrf: csrfFor(uid),
      }),
    );
  };

  const finishLogin = async (req: IncomingMessage, res: ServerResponse, uid: string, ticket: string | null) => {
    const pending = ticket === null ? null : await states.take(ticket, ["login"]);
    const [ticketUid, userId] = pending?.target.split(" ") ?? [];
    if (ticketUid !== uid || userId === undefined)
      return sendPage(res, 400, messagePage("Sign-in expired", "This sign-in link was already used or has expired. Start again from the application you were connecting."));
    await provider.interactionFinished(req, res, { login: { accountId: userId } }, { mergeWithLastSubmission: false });
  };

  const decide = async (req: IncomingMessage, res: ServerResponse, uid: string) => {
    const form = await readForm(req);
    if (!csrfValid(uid, form.get("csrf")))
      return sendPage(
        res,
        403,
        messagePage("Request refused", "The form was not sent by Code Buddy's page (its CSRF token is missing or wrong). Start again from the application."),
      );
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new errors.SessionNotFound("interaction mismatch");
    if (form.get("decision") !== "allow") {
      return provider.interactionFinished(req, res, { error: "access_denied", error_description: "The user did not allow access." }, { mergeWithLastSubmission: false });
    }
    const accountId = details.session?.accountId;
    const user = accountId === undefined ? null : await users.find(Number(accountId));
    if (details.prompt.name !== "consent" || user === null || user.accounts.length === 0) return showInteraction(req, res, uid);
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: String(user.id), clientId: String(details.params.client_id) });
    if (!grant) throw new errors.SessionNotFound("grant not found");
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    const requested = details.params.resource;
    for (const resource of [requested ?? resources.mcp].flat().map(String)) grant.addResourceScope(resource, EVENTS_READ_SCOPE);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(" "));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
  };

  const gitHubCallback = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const state = url.searchParams.get("state");
    const clearState = { "set-cookie": stateCookie(req, "", 0) };
    if (state === null || cookieOf(req, STATE_COOKIE) !== state)
      return sendPage(res, 400, messagePage("Sign-in refused", "This answer from GitHub does not belong to a sign-in started in this browser. Start again."), clearState);
    const pending = await states.take(state, ["authorize", "console"]);
    if (pending === null) return sendPage(res, 400, messagePage("Sign-in expired", "This sign-in took too long or was already completed. Start again."), clearState);
    const code = url.searchParams.get("code");
    if (code === null) {
      if (pending.purpose === "authorize") return redirect(res, `${INTERACTION_PATH}/${pending.target}/abort`, clearState);
      return sendPage(res, 400, messagePage("Sign-in cancelled", "GitHub did not sign you in. You can start again from the console."), clearState);
    }
    let user;
    try {
      const credentials = await signIn.exchangeCode(code);
      const access = await readGitHubAccess(userOctokit(credentials.token));
      user = await users.saveAccess(access, credentials, clock());
    } catch (error) {
      log.warn({ err: error }, "a GitHub sign-in failed");
      return sendPage(
        res,
        502,
        messagePage("GitHub sign-in failed", "GitHub did not accept the sign-in (the app's client id or secret may be wrong, or GitHub is unreachable). Try again later."),
        clearState,
      );
    }
    log.info({ login: user.login, purpose: pending.purpose }, "signed in with GitHub");
    if (pending.purpose === "authorize") {
      const ticket = await states.begin("login", `${pending.target} ${user.id}`);
      return redirect(res, `${INTERACTION_PATH}/${pending.target}/login?ticket=${encodeURIComponent(ticket)}`, clearState);
    }
    if (user.accounts.length === 0) return sendPage(res, 403, noAccessPage({ login: user.login, denyAction: null, csrf: null }), clearState);
    redirect(res, localPath(pending.target), { "set-cookie": [stateCookie(req, "", 0), await openConsoleSession(req, user.id)] });
  };

  const interaction = new RegExp(`^${INTERACTION_PATH}/([A-Za-z0-9_-]+)(?:/(login|decision|abort))?$`);

  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    try {
      const match = interaction.exec(url.pathname);
      if (match) {
        const [, uid, step] = match as unknown as [string, string, string | undefined];
        if (step === undefined && method === "GET") await showInteraction(req, res, uid);
        else if (step === "login" && method === "GET") await finishLogin(req, res, uid, url.searchParams.get("ticket"));
        else if (step === "decision" && method === "POST") await decide(req, res, uid);
        else if (step === "abort" && method === "GET")
          await provider.interactionFinished(req, res, { error: "access_denied", error_description: "The GitHub sign-in was cancelled." }, { mergeWithLastSubmission: false });
        else sendPage(res, 405, messagePage("Not allowed", `${method} is not allowed here.`));
        return true;
      }
      if (url.pathname === GITHUB_CALLBACK_PATH && method === "GET") await gitHubCallback(req, res, url);
      else if (url.pathname === CONSOLE_SIGN_IN_PATH && method === "GET") await toGitHub(req, res, "console", localPath(url.searchParams.get("next")));
      else return false;
      return true;
    } catch (error) {
      if (error instanceof errors.SessionNotFound || error instanceof errors.InvalidRequest)
        sendPage(res, 400, messagePage("Sign-in expired", "This sign-in has expired or was started in another browser. Start again from the application you were connecting."));
      else if (error instanceof HttpError) sendPage(res, error.status, messagePage("Request refused", error.message));
      else throw error;
      return true;
    }
  };
}
