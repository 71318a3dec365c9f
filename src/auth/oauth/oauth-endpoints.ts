import { buildOAuthProtectedResourceMetadata, getOAuthProtectedResourceMetadataUrl } from "@modelcontextprotocol/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { sendJson } from "../../http/http-error.js";
import type { Handler } from "../../http/route.js";
import { EVENTS_READ_SCOPE, type OAuthResources } from "./resources.js";

const AUTHORIZATION_SERVER_METADATA = "/.well-known/oauth-authorization-server";
const OPENID_CONFIGURATION = "/.well-known/openid-configuration";

/**
 * The authorization server's endpoints (oidc-provider's own routes under
 * /oauth), its metadata at both well-known names (RFC 8414 and OpenID
 * Connect's, one document), and the Protected Resource Metadata (RFC 9728)
 * of /mcp — also at the bare well-known path, where older clients look — and
 * of /api/v1.
 */
export function oauthEndpoints(provider: Provider, resources: OAuthResources, issuer: string): Handler {
  const callback = provider.callback();
  const insecure = new URL(issuer).protocol === "http:";
  const metadataOf = (resource: string) =>
    buildOAuthProtectedResourceMetadata({
      oauthMetadata: { issuer, authorization_endpoint: `${issuer}/oauth/authorize`, token_endpoint: `${issuer}/oauth/token`, response_types_supported: ["code"] },
      resourceServerUrl: new URL(resource),
      scopesSupported: [EVENTS_READ_SCOPE],
      resourceName: "Code Buddy",
      dangerouslyAllowInsecureIssuerUrl: insecure,
    });
  const metadata = new Map<string, unknown>([
    ["/.well-known/oauth-protected-resource", metadataOf(resources.mcp)],
    ...[resources.mcp, resources.api].map((resource): [string, unknown] => [new URL(getOAuthProtectedResourceMetadataUrl(new URL(resource))).pathname, metadataOf(resource)]),
  ]);

  const answerMetadata = (req: IncomingMessage, res: ServerResponse, document: unknown) => {
    const cors = { "access-control-allow-origin": "*" };
    if (req.method === "OPTIONS") return res.writeHead(204, { ...cors, "access-control-allow-methods": "GET", "access-control-max-age": "600" }).end();
    if (req.method !== "GET" && req.method !== "HEAD") return sendJson(res, 405, { error: "method_not_allowed", error_description: "Use GET." }, { ...cors, allow: "GET" });
    sendJson(res, 200, document, { ...cors, "cache-control": "public, max-age=300" });
  };

  return async (req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0]!;
    const document = metadata.get(path);
    if (document !== undefined) {
      answerMetadata(req, res, document);
      return true;
    }
    if (path === AUTHORIZATION_SERVER_METADATA) req.url = OPENID_CONFIGURATION + (req.url ?? "").slice(path.length);
    else if (path !== OPENID_CONFIGURATION && !path.startsWith("/oauth/")) return false;
    await callback(req, res);
    return true;
  };
}
