const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Private-use callbacks (RFC 8252 §7.1) of native MCP hosts that register no
 * other kind for their desktop app, accepted exactly as written: Cursor's.
 * The code such a callback receives is useless without the PKCE verifier,
 * which every client must send (S256).
 */
export const PRIVATE_USE_REDIRECT_URIS: ReadonlySet<string> = new Set(["cursor://anysphere.cursor-mcp/oauth/callback"]);

/**
 * Why a client may not register `uri` as a redirect URI, or null when it may:
 * https, http on a loopback host only, or one of PRIVATE_USE_REDIRECT_URIS;
 * never a fragment. (The authorization request must then name it exactly;
 * only a loopback URI's port may differ, as RFC 8252 §7.3 requires.)
 */
export function redirectUriProblem(uri: string): string | null {
  if (PRIVATE_USE_REDIRECT_URIS.has(uri)) return null;
  const url = URL.parse(uri);
  if (url === null) return `${uri} is not a URI`;
  if (url.hash !== "" || uri.includes("#")) return `${uri} has a fragment`;
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:")
    return LOOPBACK_HOSTS.has(url.hostname) ? null : `${uri} uses http on a host that is not loopback: use https, or http://localhost / 127.0.0.1 / [::1]`;
  return `${uri} uses the ${url.protocol.slice(0, -1)} scheme: redirect URIs must be https, or http on a loopback host`;
}
