import type { Logger } from "pino";
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import type { OAuthConfig } from "../../config.js";
import type { PrismaDb } from "../../store/db.js";
import type { DerivedKeys } from "../derived-keys.js";
import { oauthErrorPage } from "../../web/pages/oauth-pages.js";
import { CONTENT_SECURITY_POLICY } from "../../web/respond.js";
import { prismaAdapter } from "./prisma-adapter.js";
import { PRIVATE_USE_REDIRECT_URIS, redirectUriProblem } from "./redirect-uris.js";
import { EVENTS_READ_SCOPE, oauthResources } from "./resources.js";

/** Where the authorization server's endpoints live (its metadata names them all). */
export const OAUTH_ROUTES = {
  authorization: "/oauth/authorize",
  token: "/oauth/token",
  registration: "/oauth/register",
  revocation: "/oauth/revoke",
  jwks: "/oauth/jwks",
  end_session: "/oauth/end-session",
  userinfo: "/oauth/userinfo",
  introspection: "/oauth/introspect",
  pushed_authorization_request: "/oauth/par",
} as const;

export const INTERACTION_PATH = "/oauth/interaction";

export interface AuthorizationServerDeps {
  config: OAuthConfig;
  keys: DerivedKeys;
  prisma: PrismaDb;
  clock: () => Date;
  log: Logger;
  /** Reads again what GitHub lets a user see: called at every refresh, so the refreshed token shows what GitHub shows now. */
  recheckAccess: (userId: number) => Promise<unknown>;
}

/** A metadata property every client is validated with: its redirect URIs must pass redirectUriProblem (https, http on loopback). */
const POLICY_PROPERTY = "software_id";

/**
 * Code Buddy's OAuth 2.1 authorization server for its MCP endpoint and REST
 * API, on oidc-provider (panva's certified implementation): authorization
 * code with PKCE S256 only, Dynamic Client Registration (RFC 7591) and Client
 * ID Metadata Documents, resource indicators binding each token to /mcp or
 * /api/v1 (RFC 8707), refresh tokens that rotate (a reused one revokes the
 * whole grant), revocation (RFC 7009). Logging in is GitHub's job: the
 * interaction routes (interaction-routes.ts) send people there, then ask for
 * their consent.
 */
export function createAuthorizationServer({ config, keys, prisma, clock, log, recheckAccess }: AuthorizationServerDeps): Provider {
  const resources = oauthResources(config.baseUrl);
  const known = new Set(Object.values(resources));
  const configuration: Configuration = {
    adapter: prismaAdapter({ prisma, sealingKey: keys.sealing, clock }),
    clients: [],
    clientAuthMethods: ["none", "client_secret_basic", "client_secret_post"],
    clientDefaults: {
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      id_token_signed_response_alg: "EdDSA",
    },
    extraClientMetadata: {
      properties: [POLICY_PROPERTY],
      validator(_ctx, key, _value, metadata) {
        if (key !== POLICY_PROPERTY) return;
        const uris = (metadata.redirect_uris as string[] | undefined) ?? [];
        for (const uri of uris) {
          const problem = redirectUriProblem(uri);
          if (problem !== null) throw new errors.InvalidRedirectUri(problem);
        }
        // A desktop host's private-use callback makes it a native app (RFC 8252), whatever it registered as.
        if (uris.some((uri) => PRIVATE_USE_REDIRECT_URIS.has(uri))) metadata.application_type = "native";
      },
    },
    responseTypes: ["code"],
    cookies: {
      keys: keys.cookies,
      names: { session: "cb_oauth_session", interaction: "cb_oauth_interaction", resume: "cb_oauth_resume" },
      long: { httpOnly: true, sameSite: "lax" },
      short: { httpOnly: true, sameSite: "lax" },
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, issueRegistrationAccessToken: false },
      revocation: { enabled: true },
      introspection: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      clientIdMetadataDocument: { enabled: true, ack: "draft-02" },
      resourceIndicators: {
        enabled: true,
        // Clients that name no resource (MCP clients must, others may not) get a token for the MCP endpoint.
        defaultResource: (_ctx, _client, oneOf) => oneOf ?? resources.mcp,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, indicator) {
          if (!known.has(indicator)) throw new errors.InvalidTarget(`Code Buddy issues tokens for ${resources.mcp} and ${resources.api} only`);
          return { scope: EVENTS_READ_SCOPE, audience: indicator, accessTokenTTL: config.accessTokenTtlSeconds, accessTokenFormat: "opaque" };
        },
      },
    },
    pkce: { required: () => true },
    scopes: ["offline_access", EVENTS_READ_SCOPE],
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    allowOmittingSingleRegisteredRedirectUri: false,
    async extraTokenClaims(_ctx, token) {
      if ("gty" in token && typeof token.gty === "string" && token.gty.includes("refresh_token") && token.accountId) {
        await recheckAccess(Number(token.accountId)).catch((error: unknown) =>
          log.warn({ err: error }, "could not re-read a user's access from GitHub at refresh; the last known access stays"),
        );
      }
      return undefined;
    },
    ttl: {
      AccessToken: config.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      RefreshToken: config.refreshTokenTtlSeconds,
      Grant: config.refreshTokenTtlSeconds,
      Interaction: 600,
      Session: config.sessionTtlSeconds,
    },
    routes: OAUTH_ROUTES,
    jwks: { keys: [keys.signing] },
    enabledJWA: { idTokenSigningAlgValues: ["EdDSA"] },
    async renderError(ctx: KoaContextWithOIDC, out) {
      ctx.type = "html";
      ctx.set("content-security-policy", CONTENT_SECURITY_POLICY);
      ctx.body = oauthErrorPage(out).text;
    },
  };
  const provider = new Provider(config.baseUrl, configuration);
  // A client may leave scope out; RFC 6749 §3.3 then asks for a default: events:read, the one scope there is.
  provider.use(async (ctx, next) => {
    if (ctx.method === "GET" && ctx.path === OAUTH_ROUTES.authorization && ctx.query.scope === undefined) ctx.query = { ...ctx.query, scope: EVENTS_READ_SCOPE };
    await next();
  });
  // Behind Heroku's, Render's or any TLS-terminating proxy: the forwarded protocol decides secure cookies.
  provider.proxy = true;
  provider.on("server_error", (_ctx, error) => log.error({ err: error }, "the OAuth authorization server failed a request"));
  return provider;
}
