import { randomBytes } from "node:crypto";
import type { FakeGitHub, SeenRequest } from "./fake-github.js";

export interface FakeInstallation {
  id: number;
  account: string;
  type: "Organization" | "User";
  repositories: { full_name: string; private: boolean }[];
}

export interface FakeUser {
  id: number;
  login: string;
  /** Installation ids the user can access, and the repositories they can access in each (full names). */
  access: Map<number, string[]>;
  /** Organizations the user owns. */
  owns: string[];
}

/**
 * GitHub's side of "Sign in with GitHub" on the fake: the web flow (an
 * authorize page that at once sends the person back, as if they clicked
 * Authorize, signed in as `signInAs`), the token endpoint (codes and refresh
 * tokens), and what a user token reads (/user, /user/installations, their
 * repositories, org memberships). Tokens are revoked by deleting them.
 */
export class GitHubIdentity {
  readonly users = new Map<string, FakeUser>();
  readonly installations = new Map<number, FakeInstallation>();
  /** Who is signed in to GitHub in "the browser". */
  signInAs = "";
  readonly #codes = new Map<string, { login: string; redirectUri: string | null }>();
  readonly tokens = new Map<string, string>();
  readonly #refreshTokens = new Map<string, string>();

  constructor(
    readonly fake: FakeGitHub,
    readonly clientId: string,
    readonly clientSecret: string,
  ) {
    fake.route("GET /login/oauth/authorize", (request) => this.#authorize(request));
    fake.route("POST /login/oauth/access_token", (request) => this.#token(request));
    fake.route("GET /user", (request) =>
      this.#asUser(request, (user) => ({ status: 200, body: { id: user.id, login: user.login, name: user.login.toUpperCase(), type: "User" } })),
    );
    fake.route("GET /user/installations", (request) =>
      this.#asUser(request, (user) => {
        const installations = [...user.access.keys()]
          .map((id) => this.installations.get(id)!)
          .map((i) => ({ id: i.id, account: { login: i.account, type: i.type }, target_type: i.type }));
        return { status: 200, body: { total_count: installations.length, installations } };
      }),
    );
    fake.route("GET /user/installations/:id/repositories", (request) =>
      this.#asUser(request, (user) => {
        const id = Number(request.path.split("/")[3]);
        const names = user.access.get(id);
        if (names === undefined) return { status: 404, body: { message: "Not Found" } };
        const repositories = this.installations.get(id)!.repositories.filter((repo) => names.includes(repo.full_name));
        return { status: 200, body: { total_count: repositories.length, repositories } };
      }),
    );
    fake.route("GET /user/memberships/orgs/:org", (request) =>
      this.#asUser(request, (user) => {
        const org = request.path.split("/")[4]!;
        const member = [...user.access.keys()].some((id) => this.installations.get(id)!.account === org);
        if (!member) return { status: 404, body: { message: "Not Found" } };
        return { status: 200, body: { state: "active", role: user.owns.includes(org) ? "admin" : "member" } };
      }),
    );
  }

  addUser(user: FakeUser): this {
    this.users.set(user.login, user);
    return this;
  }

  addInstallation(installation: FakeInstallation): this {
    this.installations.set(installation.id, installation);
    return this;
  }

  /** Every token GitHub issued the user stops working, as when they revoke the app. */
  revokeTokensOf(login: string): void {
    for (const [token, owner] of this.tokens) if (owner === login) this.tokens.delete(token);
    for (const [token, owner] of this.#refreshTokens) if (owner === login) this.#refreshTokens.delete(token);
  }

  #authorize(request: SeenRequest) {
    const redirectUri = request.query.get("redirect_uri");
    if (request.query.get("client_id") !== this.clientId || redirectUri === null) return { status: 400, body: { message: "bad client" } };
    const code = randomBytes(8).toString("hex");
    this.#codes.set(code, { login: this.signInAs, redirectUri });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", request.query.get("state") ?? "");
    return { status: 302, headers: { location: back.href } };
  }

  #issue(login: string) {
    const token = `ghu_${randomBytes(8).toString("hex")}`;
    const refreshToken = `ghr_${randomBytes(8).toString("hex")}`;
    this.tokens.set(token, login);
    this.#refreshTokens.set(refreshToken, login);
    return { status: 200, body: { access_token: token, token_type: "bearer", scope: "", expires_in: 28_800, refresh_token: refreshToken, refresh_token_expires_in: 15_897_600 } };
  }

  #token(request: SeenRequest) {
    const params = request.headers["content-type"]?.includes("json") ? (JSON.parse(request.body) as Record<string, string>) : Object.fromEntries(new URLSearchParams(request.body));
    if (params.client_id !== this.clientId || params.client_secret !== this.clientSecret)
      return { status: 200, body: { error: "incorrect_client_credentials", error_description: "bad", error_uri: "x" } };
    if (params.grant_type === "refresh_token") {
      const login = this.#refreshTokens.get(params.refresh_token ?? "");
      if (login === undefined) return { status: 200, body: { error: "bad_refresh_token", error_description: "The refresh token passed is incorrect or expired.", error_uri: "x" } };
      this.#refreshTokens.delete(params.refresh_token!);
      return this.#issue(login);
    }
    const code = this.#codes.get(params.code ?? "");
    this.#codes.delete(params.code ?? "");
    if (code === undefined) return { status: 200, body: { error: "bad_verification_code", error_description: "The code passed is incorrect or expired.", error_uri: "x" } };
    return this.#issue(code.login);
  }

  #asUser(request: SeenRequest, answer: (user: FakeUser) => { status: number; body?: unknown }) {
    const token = /^(?:token|bearer) (.+)$/i.exec(String(request.headers.authorization ?? ""))?.[1];
    const login = token === undefined ? undefined : this.tokens.get(token);
    const user = login === undefined ? undefined : this.users.get(login);
    if (user === undefined) return { status: 401, body: { message: "Bad credentials" } };
    return answer(user);
  }
}
