import { exchangeWebFlowCode, getWebFlowAuthorizationUrl, refreshToken } from "@octokit/oauth-methods";
import type { GitHubOctokit } from "../../github/octokit.js";

/** What GitHub issued for a signed-in user: a user-to-server token, and when the app's tokens expire, its refresh token. */
export interface GitHubCredentials {
  token: string;
  expiresAt: string | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: string | null;
}

export interface GitHubSignInOptions {
  /** The GitHub App's OAuth client (GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET). */
  clientId: string;
  clientSecret: string;
  /** Where GitHub sends the person back: <BASE_URL>/oauth/github/callback, one of the app's callback URLs. */
  callbackUrl: string;
  /** An unauthenticated request function whose baseUrl is the configured GitHub's API: the web flow's URLs derive from it (GHE_HOST). */
  request: GitHubOctokit["request"];
}

/**
 * The GitHub App's user authorization (the web flow), through Octokit's OAuth
 * methods: the page to send a person to, and the exchanges of the code GitHub
 * sends back and of a refresh token for new credentials.
 */
export class GitHubSignIn {
  constructor(private readonly options: GitHubSignInOptions) {}

  authorizationUrl(state: string): string {
    const { clientId, callbackUrl, request } = this.options;
    return getWebFlowAuthorizationUrl({ clientType: "github-app", clientId, redirectUrl: callbackUrl, state, request, allowSignup: false }).url;
  }

  async exchangeCode(code: string): Promise<GitHubCredentials> {
    const { clientId, clientSecret, callbackUrl, request } = this.options;
    const { authentication } = await exchangeWebFlowCode({ clientType: "github-app", clientId, clientSecret, code, redirectUrl: callbackUrl, request });
    return {
      token: authentication.token,
      expiresAt: "expiresAt" in authentication && authentication.expiresAt ? authentication.expiresAt : null,
      refreshToken: "refreshToken" in authentication && authentication.refreshToken ? authentication.refreshToken : null,
      refreshTokenExpiresAt: "refreshTokenExpiresAt" in authentication && authentication.refreshTokenExpiresAt ? authentication.refreshTokenExpiresAt : null,
    };
  }

  async refresh(credentials: GitHubCredentials): Promise<GitHubCredentials> {
    if (credentials.refreshToken === null) return credentials;
    const { clientId, clientSecret, request } = this.options;
    const { authentication } = await refreshToken({ clientType: "github-app", clientId, clientSecret, refreshToken: credentials.refreshToken, request });
    return {
      token: authentication.token,
      expiresAt: authentication.expiresAt,
      refreshToken: authentication.refreshToken,
      refreshTokenExpiresAt: authentication.refreshTokenExpiresAt,
    };
  }
}

/** Whether the token is expired or expires within `marginMs` (a token without expiry never does). */
export function expiresSoon(credentials: GitHubCredentials, now: Date, marginMs = 60_000): boolean {
  return credentials.expiresAt !== null && Date.parse(credentials.expiresAt) - marginMs <= now.getTime();
}
