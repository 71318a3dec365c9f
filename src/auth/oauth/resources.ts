/** The protected resources Code Buddy issues tokens for (RFC 8707): a token is bound to one, and refused by the other. */
export interface OAuthResources {
  mcp: string;
  api: string;
}

export const EVENTS_READ_SCOPE = "events:read";

export function oauthResources(baseUrl: string): OAuthResources {
  return { mcp: `${baseUrl}/mcp`, api: `${baseUrl}/api/v1` };
}
