import { createToken } from "../../src/auth/tokens.js";
import { escapeHtml, html, safeUrl } from "../../src/web/html.js";
import { signInPage } from "../../src/web/pages/sign-in-page.js";
import { callApi } from "../support/api.js";
import { startConsoleWorld, type ConsoleWorld } from "../support/console-world.js";
import { testDatabases } from "../support/databases.js";

const [sqlite] = await testDatabases();

describe("escaping", () => {
  test("every interpolated value is escaped, markup built by html is kept, links are http(s) only", () => {
    const title = `<img src=x onerror=alert(1)> & "quoted" 'single' \`tick\``;
    expect(html`<p title="${title}">${title}</p>`.text).toBe(`<p title="${escapeHtml(title)}">${escapeHtml(title)}</p>`);
    expect(escapeHtml(title)).not.toMatch(/[<>"'`]/);
    expect(html`<ul>${["a<", html`<b>b</b>`]}</ul>`.text).toBe("<ul>a&lt;<b>b</b></ul>");
    expect(html`${null}${undefined}${false}${0}`.text).toBe("0");
    expect(safeUrl("javascript:alert(1)")).toBeNull();
    expect(safeUrl("data:text/html,<script>")).toBeNull();
    expect(safeUrl("not a url")).toBeNull();
    expect(safeUrl("https://github.com/octo-org/hello/pull/1")).toBe("https://github.com/octo-org/hello/pull/1");
  });

  test("the sign-in page offers other sign-ins (GitHub's, when configured) above the token form, carrying where to land", () => {
    const page = signInPage({ next: "/deliveries?status=failed", options: [{ label: "Sign in with GitHub", path: "/sign-in/github" }] }).text;
    expect(page).toContain('<a class="button primary" href="/sign-in/github?next=%2Fdeliveries%3Fstatus%3Dfailed">Sign in with GitHub</a>');
    expect(signInPage({ next: "/", options: [] }).text).not.toContain("sign-in-options");
  });
});

describe("the console over HTTP", () => {
  let world: ConsoleWorld;
  let reader: string;

  /** Signs in as a browser would; returns the session cookie. */
  async function signIn(token: string, next = "/"): Promise<{ cookie: string; location: string | null }> {
    const answer = await fetch(`${world.url}/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: world.url },
      body: new URLSearchParams({ token, next }),
    });
    expect(answer.status).toBe(303);
    return { cookie: answer.headers.get("set-cookie")!.split(";", 1)[0]!, location: answer.headers.get("location") };
  }
  const page = (path: string, cookie: string, init: RequestInit = {}) =>
    fetch(world.url + path, { redirect: "manual", ...init, headers: { cookie, ...(init.headers as Record<string, string>) } });
  const csrfOf = async (cookie: string) => /<meta name="csrf-token" content="([^"]+)">/.exec(await (await page("/", cookie)).text())![1]!;

  beforeAll(async () => {
    world = await startConsoleWorld(sqlite!);
    reader = (await createToken(world.db.prisma, { name: "reader", repositories: ["*"], allowPrivate: false })).token;
    await world.webhook({ name: "issues", action: "opened", repository: "octo-org/hello" }, (payload) => {
      payload.issue.html_url = "javascript:alert(1)";
    });
  });

  afterAll(() => world.stop());

  test("pages carry a strict CSP and no-store; assets are served here, revalidated by ETag", async () => {
    const { cookie } = await signIn(world.tokens.admin);
    const answer = await page("/", cookie);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-security-policy")).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const body = await answer.text();
    expect(body).not.toMatch(/<script>|style="|onerror|javascript:/);
    for (const asset of ["/assets/console.js", "/assets/console.css", "/assets/favicon.svg"]) {
      const served = await fetch(world.url + asset);
      expect({ asset, status: served.status, nosniff: served.headers.get("x-content-type-options") }).toEqual({ asset, status: 200, nosniff: "nosniff" });
      expect((await fetch(world.url + asset, { headers: { "if-none-match": served.headers.get("etag")! } })).status).toBe(304);
    }
    expect((await fetch(`${world.url}/assets/../package.json`)).status).toBe(404);
  });

  test("without a session a page leads to sign-in and back; a foreign next stays here", async () => {
    const answer = await fetch(`${world.url}/activity?period=7d`, { redirect: "manual" });
    expect([answer.status, answer.headers.get("location")]).toEqual([303, "/sign-in?next=%2Factivity%3Fperiod%3D7d"]);
    expect((await signIn(world.tokens.admin, "/activity?period=7d")).location).toBe("/activity?period=7d");
    expect((await signIn(world.tokens.admin, "//evil.example/")).location).toBe("/");
    expect((await signIn(world.tokens.admin, "https://evil.example/")).location).toBe("/");
  });

  test("forms need the session's CSRF token and the console's own origin", async () => {
    const { cookie } = await signIn(world.tokens.admin);
    const csrf = await csrfOf(cookie);
    const post = (fields: Record<string, string>, origin = world.url) =>
      page("/access/tokens", cookie, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin }, body: new URLSearchParams(fields) });
    expect((await post({ name: "no-csrf", repositories: "*" })).status).toBe(403);
    expect((await post({ name: "wrong-csrf", repositories: "*", csrf: "x" })).status).toBe(403);
    expect((await post({ name: "foreign", repositories: "*", csrf }, "https://evil.example")).status).toBe(403);
    const created = await post({ name: "with-csrf", repositories: "octo-org/*", csrf });
    expect(created.status).toBe(201);
    expect(await created.text()).toMatch(/id="created-token" readonly value="cb_/);
    const invalid = await post({ name: "bad name", repositories: "*", csrf });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain("Token name &quot;bad name&quot; is not valid");
  });

  test("the API takes the session cookie too; its changes need X-CSRF-Token", async () => {
    const { cookie } = await signIn(world.tokens.admin);
    expect((await callApi(world.url, "/events", { headers: { cookie } })).status).toBe(200);
    const refused = await callApi(world.url, "/tokens", { method: "POST", body: { name: "via-session", repositories: ["*"] }, headers: { cookie } });
    expect([refused.status, refused.json.error.code]).toEqual([403, "forbidden"]);
    expect(refused.json.error.message).toContain("X-CSRF-Token");
    const csrf = await csrfOf(cookie);
    expect((await callApi(world.url, "/tokens", { method: "POST", body: { name: "via-session", repositories: ["*"] }, headers: { cookie, "x-csrf-token": csrf } })).status).toBe(
      201,
    );
  });

  test("a reader sees the feed but not the admin pages; a javascript: link in a payload becomes no link", async () => {
    const { cookie } = await signIn(reader);
    const feed = await (await page("/", cookie)).text();
    expect(feed).not.toContain('href="/deliveries"');
    expect(feed).not.toContain("javascript:");
    expect((await page("/deliveries", cookie)).status).toBe(403);
    expect((await page("/access", cookie)).status).toBe(403);
    expect((await callApi(world.url, "/tokens", { headers: { cookie } })).status).toBe(403);
  });

  test("revoking the token ends its sessions; signing out ends one", async () => {
    const short = (await createToken(world.db.prisma, { name: "short", repositories: ["*"], allowPrivate: false })).token;
    const { cookie } = await signIn(short);
    expect((await page("/", cookie)).status).toBe(200);
    await callApi(world.url, "/tokens/short", { token: world.tokens.admin, method: "DELETE" });
    expect((await page("/", cookie)).headers.get("location")).toBe("/sign-in?next=%2F");

    const { cookie: other } = await signIn(world.tokens.admin);
    const csrf = await csrfOf(other);
    const out = await page("/sign-out", other, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: world.url },
      body: new URLSearchParams({ csrf }),
    });
    expect([out.status, out.headers.get("location")]).toEqual([303, "/sign-in"]);
    expect(out.headers.get("set-cookie")).toMatch(/^cb_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
    expect((await page("/", other)).status).toBe(303);
  });
});
