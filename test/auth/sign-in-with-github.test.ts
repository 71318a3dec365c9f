import { auth, Client, StreamableHTTPClientTransport, UnauthorizedError } from "@modelcontextprotocol/client";
import { createHash, randomBytes } from "node:crypto";
import nock from "nock";
import type { OAuthConfig } from "../../src/config.js";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { startTestServer } from "../support/app-server.js";
import { formOf, HttpBrowser } from "../support/http-browser.js";
import { testDatabases } from "../support/databases.js";
import { FakeGitHub } from "../support/fake-github.js";
import { freePort } from "../support/free-port.js";
import { GitHubIdentity } from "../support/github-identity.js";
import { TestOAuthClient } from "../support/oauth-client.js";
import { deliver, starIn } from "../support/webhooks.js";

const databases = await testDatabases();

afterAll(() => nock.restore());

const pkce = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};
const CALLBACK = "http://127.0.0.1:1/callback";

const CLIENT_ID = "Iv1.codebuddytest";
const CLIENT_SECRET = "github-app-client-secret";

/** The GitHub world: octo-org (three repositories, two private) and other-org; alice a member, bob octo-org's owner, carol nobody. */
function world(identity: GitHubIdentity): void {
  identity
    .addInstallation({
      id: 100,
      account: "octo-org",
      type: "Organization",
      repositories: [
        { full_name: "octo-org/hello", private: false },
        { full_name: "octo-org/secret", private: true },
        { full_name: "octo-org/hidden", private: true },
      ],
    })
    .addInstallation({ id: 200, account: "other-org", type: "Organization", repositories: [{ full_name: "other-org/tools", private: false }] })
    .addUser({ id: 1001, login: "alice", access: new Map([[100, ["octo-org/hello", "octo-org/secret"]]]), owns: [] })
    .addUser({ id: 1002, login: "bob", access: new Map([[100, ["octo-org/hello", "octo-org/secret", "octo-org/hidden"]]]), owns: ["octo-org"] })
    .addUser({ id: 1003, login: "carol", access: new Map(), owns: [] });
}

describe.each(databases)("Sign in with GitHub on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let fake: FakeGitHub;
  let identity: GitHubIdentity;
  let server: RunningServer;
  let base: string;
  let oauth: OAuthConfig;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    fake = await FakeGitHub.start();
    identity = new GitHubIdentity(fake, CLIENT_ID, CLIENT_SECRET);
    world(identity);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    oauth = {
      baseUrl: base,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accessTokenTtlSeconds: 3600,
      refreshTokenTtlSeconds: 30 * 86_400,
      accessRecheckMs: 15 * 60_000,
      sessionTtlSeconds: 12 * 3600,
    };
    server = await startTestServer({ db, config: { port, github: { apiBaseUrl: fake.apiBaseUrl, webBaseUrl: fake.webBaseUrl }, oauth } });
    for (const [name, isPrivate] of [
      ["octo-org/hello", false],
      ["octo-org/secret", true],
      ["octo-org/hidden", true],
      ["other-org/tools", false],
    ] as const)
      expect((await deliver(base, { name: "star", payload: starIn(name, isPrivate) })).status).toBe(200);
  });

  afterAll(async () => {
    await server?.close();
    await fake?.close();
    await drop?.();
  });

  /** An MCP host connecting with OAuth, `login` signed in to GitHub in its browser: the flow up to the consent page. */
  async function startConnect(host: TestOAuthClient, login: string) {
    identity.signInAs = login;
    const browser = new HttpBrowser();
    const transport = new StreamableHTTPClientTransport(new URL("/mcp", base), { authProvider: host });
    const client = new Client({ name: host.name, version: "1.0.0" });
    await expect(client.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(host.authorizationUrl).not.toBeNull();
    const { page } = await browser.follow(host.authorizationUrl!.href, host.redirectUrl);
    return { browser, transport, page: page! };
  }

  /** Allow on the consent page, then the host's side: the callback's code exchanged, and a fresh connection. */
  async function allowAndConnect(host: TestOAuthClient, browser: HttpBrowser, transport: StreamableHTTPClientTransport, html: string) {
    const { action, fields } = formOf(html);
    const { left } = await browser.follow(await browser.post(new URL(action, base).href, { ...fields, decision: "allow" }), host.redirectUrl);
    expect(left?.searchParams.get("state")).toBe(host.lastState);
    expect(left?.searchParams.get("iss")).toBe(base);
    await transport.finishAuth(left!.searchParams);
    const client = new Client({ name: host.name, version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", base), { authProvider: host }));
    return client;
  }

  const repositoriesSeen = async (client: Client) => {
    const result = await client.callTool({ name: "get_recent_events", arguments: { event_type: "star", limit: 50 } });
    const events = (result.structuredContent as { events: { repository: string }[] }).events;
    return [...new Set(events.map((event) => event.repository))].sort();
  };

  test("an MCP host connects with one sign-in: registration, GitHub, consent, and it sees what GitHub lets alice see", async () => {
    const host = new TestOAuthClient("Claude (test)");
    const { browser, transport, page } = await startConnect(host, "alice");
    expect(page.status).toBe(200);
    expect(page.html).toContain("<strong>Claude (test)</strong> wants to read the GitHub events you, <strong>@alice</strong>, can see in <code>octo-org</code>");
    expect(page.html).toContain("Unverified client");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const client = await allowAndConnect(host, browser, transport, page.html);
    try {
      expect(await repositoriesSeen(client)).toEqual(["octo-org/hello", "octo-org/secret"]);
    } finally {
      await client.close();
    }
    // The SDK's own refresh: a new access token (and refresh token), which works; the old refresh token is spent.
    const before = host.storedTokens!;
    expect(await auth(host, { serverUrl: new URL("/mcp", base) })).toBe("AUTHORIZED");
    expect(host.storedTokens!.access_token).not.toBe(before.access_token);
    expect(host.storedTokens!.refresh_token).not.toBe(before.refresh_token);
    const again = new Client({ name: host.name, version: "1.0.0" });
    await again.connect(new StreamableHTTPClientTransport(new URL("/mcp", base), { authProvider: host }));
    expect(await repositoriesSeen(again)).toEqual(["octo-org/hello", "octo-org/secret"]);
    await again.close();
  });

  /** A client registered the RFC 7591 way, as a raw HTTP client would. */
  async function register(metadata: Record<string, unknown> = {}) {
    const response = await fetch(`${base}/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_name: "raw client",
        redirect_uris: [CALLBACK],
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        ...metadata,
      }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  function authorizeUrl(clientId: string, params: Record<string, string | undefined>) {
    const url = new URL(`${base}/oauth/authorize`);
    const all: Record<string, string | undefined> = {
      client_id: clientId,
      response_type: "code",
      redirect_uri: CALLBACK,
      state: "st-1",
      resource: `${base}/mcp`,
      code_challenge_method: "S256",
      ...params,
    };
    for (const [key, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(key, value);
    return url.href;
  }

  const token = async (form: Record<string, string>) => {
    const response = await fetch(`${base}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };

  /** The raw authorization code flow, allowed on the consent page by `login`: the code, and what PKCE needs. */
  async function codeFor(login: string, params: Record<string, string | undefined> = {}) {
    identity.signInAs = login;
    const { body } = await register();
    const clientId = String(body.client_id);
    const { verifier, challenge } = pkce();
    const browser = new HttpBrowser();
    const started = await browser.follow(authorizeUrl(clientId, { code_challenge: challenge, ...params }), CALLBACK);
    if (!started.page) throw new Error(`no consent page: sent back to ${started.left?.href}`);
    const { action, fields } = formOf(started.page.html);
    const { left } = await browser.follow(await browser.post(new URL(action, base).href, { ...fields, decision: "allow" }), CALLBACK);
    return { clientId, verifier, code: left!.searchParams.get("code")!, browser };
  }

  const exchange = (clientId: string, code: string, verifier: string, extra: Record<string, string> = {}) =>
    token({ grant_type: "authorization_code", client_id: clientId, code, code_verifier: verifier, redirect_uri: CALLBACK, resource: `${base}/mcp`, ...extra });

  const mcpWith = (accessToken: string) =>
    fetch(`${base}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }),
    });

  describe("discovery", () => {
    test("every 401 from /mcp, /sse and /messages names the protected resource metadata", async () => {
      const expected = `resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`;
      for (const [path, method] of [
        ["/mcp", "POST"],
        ["/sse", "GET"],
        ["/messages?sessionId=x", "POST"],
      ] as const) {
        const response = await fetch(`${base}${path}`, { method, headers: { "content-type": "application/json" }, ...(method === "POST" && { body: "{}" }) });
        expect({ path, status: response.status }).toEqual({ path, status: 401 });
        expect(response.headers.get("www-authenticate")).toContain(expected);
      }
      const bad = await fetch(`${base}/mcp`, { method: "POST", headers: { authorization: "Bearer not-a-token", "content-type": "application/json" }, body: "{}" });
      expect(bad.headers.get("www-authenticate")).toMatch(new RegExp(`${expected.replace(/[.?/]/g, "\\$&")}, error="invalid_token"`));
    });

    test("protected resource metadata (RFC 9728) at both well-known paths, and authorization server metadata (RFC 8414)", async () => {
      for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
        const response = await fetch(`${base}${path}`);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ resource: `${base}/mcp`, authorization_servers: [base], scopes_supported: ["events:read"] });
      }
      expect(await (await fetch(`${base}/.well-known/oauth-protected-resource/api/v1`)).json()).toMatchObject({ resource: `${base}/api/v1` });
      const metadata = (await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
      expect(metadata).toMatchObject({
        issuer: base,
        authorization_endpoint: `${base}/oauth/authorize`,
        token_endpoint: `${base}/oauth/token`,
        registration_endpoint: `${base}/oauth/register`,
        revocation_endpoint: `${base}/oauth/revoke`,
        code_challenge_methods_supported: ["S256"],
        response_types_supported: ["code"],
        client_id_metadata_document_supported: true,
        authorization_response_iss_parameter_supported: true,
      });
      expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(["authorization_code", "refresh_token"]));
    });
  });

  describe("clients", () => {
    test("a Client ID Metadata Document: the https client_id is fetched, validated, and named on the consent page", async () => {
      const clientId = "https://host.example/oauth/client.json";
      nock.enableNetConnect("127.0.0.1");
      const document = nock("https://host.example")
        .get("/oauth/client.json")
        .reply(
          200,
          {
            client_id: clientId,
            client_name: "Metadata Host",
            redirect_uris: [CALLBACK],
            token_endpoint_auth_method: "none",
            grant_types: ["authorization_code", "refresh_token"],
            response_types: ["code"],
          },
          { "cache-control": "max-age=60" },
        );
      try {
        const host = new TestOAuthClient("Metadata Host", clientId, CALLBACK);
        const { browser, transport, page } = await startConnect(host, "alice");
        expect(page.html).toContain("<strong>Metadata Host</strong> wants to read");
        expect(page.html).toContain(`<code>${clientId}</code>`);
        const client = await allowAndConnect(host, browser, transport, page.html);
        await client.close();
        expect(document.isDone()).toBe(true);
      } finally {
        nock.cleanAll();
      }
    });

    test("metadata documents that are not https, too large, or slow are refused", async () => {
      const { challenge } = pkce();
      const refused = async (clientId: string) => {
        const response = await fetch(authorizeUrl(clientId, { code_challenge: challenge }), { redirect: "manual" });
        expect({ clientId, status: response.status }).toEqual({ clientId, status: 400 });
        expect(await response.text()).toContain("invalid_client");
      };
      await refused("http://host.example/oauth/client.json");
      nock.enableNetConnect("127.0.0.1");
      try {
        nock("https://big.example")
          .get("/c.json")
          .reply(200, { client_id: "https://big.example/c.json", client_name: "x".repeat(10_000), redirect_uris: [CALLBACK] }, { "content-length": "10100" });
        await refused("https://big.example/c.json");
        // The provider gives a document 2.5 s; this one takes 2.8 s (and is let finish before nock is reset).
        let answered!: () => void;
        const settled = new Promise<void>((resolve) => (answered = resolve));
        nock("https://slow.example")
          .get("/c.json")
          .reply(async () => {
            await new Promise((resolve) => setTimeout(resolve, 2800));
            answered();
            return [200, { client_id: "https://slow.example/c.json", redirect_uris: [CALLBACK] }];
          });
        await refused("https://slow.example/c.json");
        await settled;
      } finally {
        nock.cleanAll();
      }
    });

    test("Dynamic Client Registration refuses redirect URIs that are not https or loopback, and fragments", async () => {
      for (const uri of ["http://evil.example/cb", "javascript:alert(1)", "https://ok.example/cb#frag", "ftp://files.example/cb"]) {
        const { status, body } = await register({ redirect_uris: [uri] });
        expect({ uri, status, error: body.error }).toEqual({ uri, status: 400, error: "invalid_redirect_uri" });
      }
      for (const uri of [
        "https://claude.ai/api/mcp/auth_callback",
        "http://localhost:6274/oauth/callback",
        "http://[::1]:9000/cb",
        "cursor://anysphere.cursor-mcp/oauth/callback",
      ]) {
        const { status, body } = await register({ redirect_uris: [uri] });
        expect({ uri, status, body }).toMatchObject({ uri, status: 201 });
      }
      expect(await db.prisma.oAuthRecord.count({ where: { payload: { contains: "evil.example" } } })).toBe(0);
    });
  });

  describe("the authorization request", () => {
    test("without PKCE: refused to the redirect URI with invalid_request", async () => {
      const { body } = await register();
      const response = await fetch(authorizeUrl(String(body.client_id), { code_challenge: undefined, code_challenge_method: undefined }), { redirect: "manual" });
      const location = new URL(response.headers.get("location")!);
      expect(location.origin + location.pathname).toBe(CALLBACK);
      expect(location.searchParams.get("error")).toBe("invalid_request");
      expect(location.searchParams.get("error_description")).toMatch(/PKCE/);
      expect(location.searchParams.get("state")).toBe("st-1");
    });

    test("an unregistered redirect URI or an unknown client: an error page, never a redirect (no open redirect)", async () => {
      const { body } = await register();
      const { challenge } = pkce();
      const wrong = await fetch(authorizeUrl(String(body.client_id), { code_challenge: challenge, redirect_uri: "https://evil.example/steal" }), { redirect: "manual" });
      expect(wrong.status).toBe(400);
      expect(wrong.headers.get("location")).toBeNull();
      expect(await wrong.text()).toContain("redirect_uri did not match");
      const unknown = await fetch(authorizeUrl("no-such-client", { code_challenge: challenge }), { redirect: "manual" });
      expect(unknown.status).toBe(400);
      expect(unknown.headers.get("location")).toBeNull();
    });
  });

  describe("codes and tokens", () => {
    test("a code works once, with its own verifier only; a reused code is refused", async () => {
      const { clientId, code, verifier } = await codeFor("alice");
      expect((await exchange(clientId, code, pkce().verifier)).body).toMatchObject({ error: "invalid_grant" });
      const again = await codeFor("alice");
      const first = await exchange(again.clientId, again.code, again.verifier);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ token_type: "Bearer", scope: expect.stringContaining("events:read") });
      expect((await exchange(again.clientId, again.code, again.verifier)).body).toMatchObject({ error: "invalid_grant" });
      expect((await mcpWith(first.body.access_token!)).status).toBe(401);
      void verifier;
    });

    test("refresh tokens rotate; a reused one revokes the whole grant", async () => {
      const { clientId, code, verifier } = await codeFor("alice");
      const issued = (await exchange(clientId, code, verifier)).body;
      const refreshed = await token({ grant_type: "refresh_token", client_id: clientId, refresh_token: issued.refresh_token!, resource: `${base}/mcp` });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refresh_token).not.toBe(issued.refresh_token);
      expect((await mcpWith(refreshed.body.access_token!)).status).toBe(200);
      const reused = await token({ grant_type: "refresh_token", client_id: clientId, refresh_token: issued.refresh_token!, resource: `${base}/mcp` });
      expect(reused.body).toMatchObject({ error: "invalid_grant" });
      expect((await mcpWith(refreshed.body.access_token!)).status).toBe(401);
      expect((await token({ grant_type: "refresh_token", client_id: clientId, refresh_token: refreshed.body.refresh_token! })).body).toMatchObject({ error: "invalid_grant" });
    });

    test("revocation (RFC 7009) ends an access token at once", async () => {
      const { clientId, code, verifier } = await codeFor("alice");
      const issued = (await exchange(clientId, code, verifier)).body;
      expect((await mcpWith(issued.access_token!)).status).toBe(200);
      const revoked = await fetch(`${base}/oauth/revoke`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: issued.access_token!, client_id: clientId }).toString(),
      });
      expect(revoked.status).toBe(200);
      const refused = await mcpWith(issued.access_token!);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
    });

    test("a token is bound to its resource: one for /api/v1 reads the REST API and is refused at /mcp, one for /mcp the reverse, and another resource is not issued at all", async () => {
      const { clientId, code, verifier } = await codeFor("alice", { resource: `${base}/api/v1` });
      const forApi = (await exchange(clientId, code, verifier, { resource: `${base}/api/v1` })).body;
      const refused = await mcpWith(forApi.access_token!);
      expect(refused.status).toBe(401);
      expect(await refused.text()).toMatch(/issued for another resource/);
      const me = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${forApi.access_token}` } });
      expect(await me.json()).toEqual({ name: "alice", kind: "oauth", admin: false, scope: { repositories: ["octo-org/hello", "octo-org/secret"], private: true } });
      const events = (await (await fetch(`${base}/api/v1/events`, { headers: { authorization: `Bearer ${forApi.access_token}` } })).json()) as {
        events: { repository: { full_name: string } }[];
      };
      expect([...new Set(events.events.map((event) => event.repository.full_name))].sort()).toEqual(["octo-org/hello", "octo-org/secret"]);
      const mcpCode = await codeFor("alice");
      const forMcp = (await exchange(mcpCode.clientId, mcpCode.code, mcpCode.verifier)).body;
      const wrong = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${forMcp.access_token}` } });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get("www-authenticate")).toContain(`resource_metadata="${base}/.well-known/oauth-protected-resource/api/v1"`);
      const { body } = await register();
      const elsewhere = await fetch(authorizeUrl(String(body.client_id), { code_challenge: pkce().challenge, resource: "https://elsewhere.example/mcp" }), { redirect: "manual" });
      expect(new URL(elsewhere.headers.get("location")!).searchParams.get("error")).toBe("invalid_target");
    });

    test("codes, tokens and GitHub's token are not stored as themselves", async () => {
      const { clientId, code, verifier } = await codeFor("alice");
      const issued = (await exchange(clientId, code, verifier)).body;
      const stored = JSON.stringify(await db.prisma.oAuthRecord.findMany());
      for (const secret of [code, issued.access_token!, issued.refresh_token!]) expect(stored).not.toContain(secret);
      const alice = await db.prisma.gitHubUser.findUniqueOrThrow({ where: { id: 1001 } });
      expect(alice.credentials).toMatch(/^v1\./);
      for (const githubToken of identity.tokens.keys()) expect(alice.credentials).not.toContain(githubToken);
    });

    test("malformed token requests get the RFC's error codes", async () => {
      const { body } = await register();
      const clientId = String(body.client_id);
      expect((await token({ grant_type: "password", client_id: clientId, username: "a", password: "b" })).body).toMatchObject({ error: "unsupported_grant_type" });
      expect((await token({ grant_type: "authorization_code", client_id: clientId })).body).toMatchObject({ error: "invalid_request" });
      expect((await token({ grant_type: "authorization_code", client_id: "nobody", code: "x", code_verifier: "y", redirect_uri: CALLBACK })).body).toMatchObject({
        error: "invalid_client",
      });
      const notForm = await fetch(`${base}/oauth/token`, { method: "POST", headers: { "content-type": "text/plain" }, body: "grant_type=authorization_code" });
      expect(notForm.status).toBe(400);
    });

    test("an expired access token is refused with invalid_token", async () => {
      const port = await freePort();
      const shortBase = `http://127.0.0.1:${port}`;
      const short = await startTestServer({
        db,
        config: { port, github: { apiBaseUrl: fake.apiBaseUrl, webBaseUrl: fake.webBaseUrl }, oauth: { ...oauth, baseUrl: shortBase, accessTokenTtlSeconds: 1 } },
      });
      try {
        identity.signInAs = "alice";
        const registered = (await (
          await fetch(`${shortBase}/oauth/register`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ client_name: "short", redirect_uris: [CALLBACK], token_endpoint_auth_method: "none", grant_types: ["authorization_code"] }),
          })
        ).json()) as { client_id: string };
        const { verifier, challenge } = pkce();
        const browser = new HttpBrowser();
        const url = new URL(authorizeUrl(registered.client_id, { code_challenge: challenge, resource: `${shortBase}/mcp` }).replace(base, shortBase));
        const { page } = await browser.follow(url.href, CALLBACK);
        const { action, fields } = formOf(page!.html);
        const { left } = await browser.follow(await browser.post(new URL(action, shortBase).href, { ...fields, decision: "allow" }), CALLBACK);
        const issued = (await (
          await fetch(`${shortBase}/oauth/token`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
              grant_type: "authorization_code",
              client_id: registered.client_id,
              code: left!.searchParams.get("code")!,
              code_verifier: verifier,
              redirect_uri: CALLBACK,
              resource: `${shortBase}/mcp`,
            }).toString(),
          })
        ).json()) as { access_token: string; expires_in: number };
        expect(issued.expires_in).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 2100));
        const refused = await fetch(`${shortBase}/mcp`, {
          method: "POST",
          headers: { authorization: `Bearer ${issued.access_token}`, "content-type": "application/json" },
          body: "{}",
        });
        expect(refused.status).toBe(401);
        expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
      } finally {
        await short.close();
      }
    });
  });

  describe("consent", () => {
    test("a consent POST without the page's CSRF token, or with another's, is refused and grants nothing", async () => {
      identity.signInAs = "alice";
      const { body } = await register();
      const browser = new HttpBrowser();
      const { page } = await browser.follow(authorizeUrl(String(body.client_id), { code_challenge: pkce().challenge }), CALLBACK);
      const { action, fields } = formOf(page!.html);
      const grantsBefore = await db.prisma.oAuthRecord.count({ where: { kind: "Grant" } });
      expect((await browser.post(new URL(action, base).href, { decision: "allow" })).status).toBe(403);
      expect((await browser.post(new URL(action, base).href, { csrf: `${fields.csrf}x`, decision: "allow" })).status).toBe(403);
      expect(await db.prisma.oAuthRecord.count({ where: { kind: "Grant" } })).toBe(grantsBefore);
    });

    test("Deny sends the client access_denied", async () => {
      identity.signInAs = "alice";
      const { body } = await register();
      const browser = new HttpBrowser();
      const { page } = await browser.follow(authorizeUrl(String(body.client_id), { code_challenge: pkce().challenge }), CALLBACK);
      const { action, fields } = formOf(page!.html);
      const { left } = await browser.follow(await browser.post(new URL(action, base).href, { ...fields, decision: "deny" }), CALLBACK);
      expect(left?.searchParams.get("error")).toBe("access_denied");
    });

    test("a user with no access to any installation gets a page saying so, and the client access_denied", async () => {
      identity.signInAs = "carol";
      const { body } = await register();
      const browser = new HttpBrowser();
      const { page } = await browser.follow(authorizeUrl(String(body.client_id), { code_challenge: pkce().challenge }), CALLBACK);
      expect(page!.status).toBe(403);
      expect(page!.html).toContain("cannot see any repository");
      expect(page!.html).toContain("ask an owner of the organization");
      const { action, fields } = formOf(page!.html);
      const { left } = await browser.follow(await browser.post(new URL(action, base).href, { ...fields, decision: "deny" }), CALLBACK);
      expect(left?.searchParams.get("error")).toBe("access_denied");
    });

    test("attacker-controlled client names are escaped on the consent page", async () => {
      identity.signInAs = "alice";
      const { body } = await register({ client_name: '<img src=x onerror=alert(1)> "Evil"' });
      const { page } = await new HttpBrowser().follow(authorizeUrl(String(body.client_id), { code_challenge: pkce().challenge }), CALLBACK);
      expect(page!.html).not.toContain("<img src=x");
      expect(page!.html).toContain("&lt;img src=x onerror=alert(1)&gt; &quot;Evil&quot;");
    });
  });

  describe("visibility follows GitHub", () => {
    test("an owner sees every repository of the organization; a member only those GitHub lets them see", async () => {
      const bob = await codeFor("bob");
      const bobToken = (await exchange(bob.clientId, bob.code, bob.verifier)).body.access_token!;
      const alice = await codeFor("alice");
      const aliceToken = (await exchange(alice.clientId, alice.code, alice.verifier)).body.access_token!;
      const seen = async (accessToken: string) => {
        const client = new Client({ name: "t", version: "1" });
        await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", base), { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } }));
        try {
          return await repositoriesSeen(client);
        } finally {
          await client.close();
        }
      };
      expect(await seen(bobToken)).toEqual(["octo-org/hello", "octo-org/hidden", "octo-org/secret"]);
      expect(await seen(aliceToken)).toEqual(["octo-org/hello", "octo-org/secret"]);
    });

    test("access removed on GitHub: the next refresh sees less; a token GitHub revoked sees nothing", async () => {
      const { clientId, code, verifier } = await codeFor("alice");
      let issued = (await exchange(clientId, code, verifier)).body;
      const alice = identity.users.get("alice")!;
      alice.access.set(100, ["octo-org/hello"]);
      try {
        issued = (await token({ grant_type: "refresh_token", client_id: clientId, refresh_token: issued.refresh_token!, resource: `${base}/mcp` })).body;
        const client = new Client({ name: "t", version: "1" });
        await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", base), { requestInit: { headers: { authorization: `Bearer ${issued.access_token}` } } }));
        expect(await repositoriesSeen(client)).toEqual(["octo-org/hello"]);
        await client.close();
        identity.revokeTokensOf("alice");
        issued = (await token({ grant_type: "refresh_token", client_id: clientId, refresh_token: issued.refresh_token!, resource: `${base}/mcp` })).body;
        const after = new Client({ name: "t", version: "1" });
        await after.connect(new StreamableHTTPClientTransport(new URL("/mcp", base), { requestInit: { headers: { authorization: `Bearer ${issued.access_token}` } } }));
        expect(await repositoriesSeen(after)).toEqual([]);
        await after.close();
        expect((await db.prisma.gitHubUser.findUniqueOrThrow({ where: { id: 1001 } })).accessError).toMatch(/GitHub refused the user's token/);
      } finally {
        alice.access.set(100, ["octo-org/hello", "octo-org/secret"]);
      }
    });
  });

  test("a 2025 session opened with an OAuth token serves the access the user had: it ends when GitHub changes it, and the new session sees the change", async () => {
    const { clientId, code, verifier } = await codeFor("alice");
    const issued = (await exchange(clientId, code, verifier)).body;
    const client = new Client({ name: "t", version: "1" });
    const transport = new StreamableHTTPClientTransport(new URL("/mcp", base), { requestInit: { headers: { authorization: `Bearer ${issued.access_token}` } } });
    await client.connect(transport);
    const sessionId = transport.sessionId!;
    expect(await repositoriesSeen(client)).toEqual(["octo-org/hello", "octo-org/secret"]);
    const alice = identity.users.get("alice")!;
    alice.access.set(100, ["octo-org/hello"]);
    try {
      const refreshed = (await token({ grant_type: "refresh_token", client_id: clientId, refresh_token: issued.refresh_token!, resource: `${base}/mcp` })).body;
      const stale = await fetch(`${base}/mcp`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${refreshed.access_token}`,
          "mcp-session-id": sessionId,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "mcp-protocol-version": "2025-11-25",
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "ping" }),
      });
      expect(stale.status).toBe(404);
      const again = new Client({ name: "t", version: "1" });
      await again.connect(new StreamableHTTPClientTransport(new URL("/mcp", base), { requestInit: { headers: { authorization: `Bearer ${refreshed.access_token}` } } }));
      expect(await repositoriesSeen(again)).toEqual(["octo-org/hello"]);
      await again.close();
    } finally {
      alice.access.set(100, ["octo-org/hello", "octo-org/secret"]);
      await client.close().catch(() => {});
    }
  });

  describe("console sessions", () => {
    const csrfOf = (page: string) => /<meta name="csrf-token" content="([^"]+)">/.exec(page)?.[1];

    test("Sign in with GitHub gives an HttpOnly, SameSite=Lax session that sees what GitHub lets the person see; sign-out needs the CSRF token", async () => {
      const signInPage = await (await fetch(`${base}/sign-in?next=/deliveries`)).text();
      expect(signInPage).toContain('href="/sign-in/github?next=%2Fdeliveries"');
      for (const [login, admin] of [
        ["bob", true],
        ["alice", false],
      ] as const) {
        identity.signInAs = login;
        const browser = new HttpBrowser();
        const start = await browser.request(`${base}/sign-in/github?next=/deliveries`);
        expect(start.status).toBe(303);
        const callback = await browser.request(start.headers.get("location")!);
        const landing = await browser.request(callback.headers.get("location")!);
        expect(landing.status).toBe(303);
        expect(landing.headers.get("location")).toBe("/deliveries");
        const cookie = landing.headers.getSetCookie().find((value) => value.startsWith("cb_session="))!;
        expect(cookie).toMatch(/HttpOnly/);
        expect(cookie).toMatch(/SameSite=Lax/);
        const me = await browser.request(`${base}/api/v1/me`);
        expect(await me.json()).toEqual({
          name: login,
          kind: "session",
          admin,
          scope: admin ? { repositories: ["octo-org/*"], private: true } : { repositories: ["octo-org/hello", "octo-org/secret"], private: true },
        });
        const console = await browser.request(`${base}/`);
        expect(console.status).toBe(200);
        const csrf = csrfOf(await console.text())!;
        expect((await browser.post(`${base}/sign-out`, {})).status).toBe(403);
        expect((await browser.post(`${base}/sign-out`, { csrf })).status).toBe(303);
        expect((await browser.request(`${base}/api/v1/me`)).status).toBe(401);
      }
    });

    test("only an owner's session reaches the admin pages; a member's gets 403", async () => {
      const signedIn = async (login: string) => {
        identity.signInAs = login;
        const browser = new HttpBrowser();
        const start = await browser.request(`${base}/sign-in/github`);
        await browser.request((await browser.request(start.headers.get("location")!)).headers.get("location")!);
        return browser;
      };
      expect((await (await signedIn("bob")).request(`${base}/deliveries`)).status).toBe(200);
      expect((await (await signedIn("alice")).request(`${base}/deliveries`)).status).toBe(403);
    });

    test("the sign-in's return path stays on this site, and GitHub's answer must come back to the browser that asked", async () => {
      identity.signInAs = "alice";
      const browser = new HttpBrowser();
      const start = await browser.request(`${base}/sign-in/github?next=//evil.example/x`);
      const callback = await browser.request(start.headers.get("location")!);
      const landing = await browser.request(callback.headers.get("location")!);
      expect(landing.headers.get("location")).toBe("/");
      const other = new HttpBrowser();
      const started = await other.request(`${base}/sign-in/github`);
      const forged = await new HttpBrowser().request((await other.request(started.headers.get("location")!)).headers.get("location")!);
      expect(forged.status).toBe(400);
      expect(await forged.text()).toContain("does not belong to a sign-in started in this browser");
    });
  });
});
