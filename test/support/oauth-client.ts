import type { OAuthClientMetadata, OAuthClientProvider, OAuthDiscoveryState, StoredOAuthClientInformation, StoredOAuthTokens } from "@modelcontextprotocol/client";

/**
 * An MCP host's side of OAuth as the v2 SDK drives it: what it registered,
 * its tokens and PKCE verifier, and the authorization URL it would open in
 * the browser (kept for the test's Browser to follow). With
 * `clientMetadataUrl`, the host identifies itself with a Client ID Metadata
 * Document instead of registering.
 */
export class TestOAuthClient implements OAuthClientProvider {
  readonly redirectUrl: string;
  readonly clientMetadataUrl?: string;
  authorizationUrl: URL | null = null;
  storedTokens: StoredOAuthTokens | undefined;
  #client: StoredOAuthClientInformation | undefined;
  #verifier: string | undefined;
  #discovery: OAuthDiscoveryState | undefined;
  lastState = "";

  constructor(
    readonly name: string,
    clientMetadataUrl?: string,
    redirectUrl = "http://127.0.0.1:1/callback",
  ) {
    this.redirectUrl = redirectUrl;
    // Absent, not undefined: the SDK tells a host without a metadata document by the missing property.
    if (clientMetadataUrl !== undefined) this.clientMetadataUrl = clientMetadataUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  state(): string {
    this.lastState = crypto.randomUUID();
    return this.lastState;
  }

  clientInformation() {
    return this.#client;
  }

  saveClientInformation(info: StoredOAuthClientInformation) {
    this.#client = info;
  }

  tokens() {
    return this.storedTokens;
  }

  saveTokens(tokens: StoredOAuthTokens) {
    this.storedTokens = tokens;
  }

  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }

  saveCodeVerifier(verifier: string) {
    this.#verifier = verifier;
  }

  codeVerifier() {
    if (this.#verifier === undefined) throw new Error("no code verifier saved");
    return this.#verifier;
  }

  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.#discovery = state;
  }

  discoveryState() {
    return this.#discovery;
  }
}
