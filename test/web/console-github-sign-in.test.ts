import { jest } from "@jest/globals";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/app-server.js";
import { chromiumPath, launchChromium, SCREENSHOTS } from "../support/browser.js";
import { testDatabases } from "../support/databases.js";
import { FakeGitHub } from "../support/fake-github.js";
import { freePort } from "../support/free-port.js";
import { GitHubIdentity } from "../support/github-identity.js";
import { deliver, starIn } from "../support/webhooks.js";

const [sqlite] = await testDatabases();
const executablePath = chromiumPath();

jest.setTimeout(120_000);

/**
 * "Sign in with GitHub" on the console, clicked in Chromium: GitHub is a fake on
 * loopback whose authorize page sends the person straight back, signed in as
 * `signInAs`. What each person then sees is what GitHub lets them see.
 */
(executablePath ? describe : describe.skip)("Sign in with GitHub on the console, in headless Chromium", () => {
  let drop: () => Promise<void>;
  let fake: FakeGitHub;
  let identity: GitHubIdentity;
  let server: RunningServer;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    const created = await sqlite!.create();
    drop = created.drop;
    fake = await FakeGitHub.start();
    identity = new GitHubIdentity(fake, "Iv1.consolebrowser", "console-browser-secret")
      .addInstallation({
        id: 100,
        account: "octo-org",
        type: "Organization",
        repositories: [
          { full_name: "octo-org/hello", private: false },
          { full_name: "octo-org/hidden", private: true },
        ],
      })
      .addUser({ id: 1001, login: "alice", access: new Map([[100, ["octo-org/hello"]]]), owns: [] })
      .addUser({ id: 1002, login: "bob", access: new Map([[100, ["octo-org/hello", "octo-org/hidden"]]]), owns: ["octo-org"] });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const oauth = {
      baseUrl: base,
      clientId: identity.clientId,
      clientSecret: identity.clientSecret,
      accessTokenTtlSeconds: 3600,
      refreshTokenTtlSeconds: 86_400,
      accessRecheckMs: 15 * 60_000,
      sessionTtlSeconds: 3600,
    };
    server = await startTestServer({ db: created.db, config: { port, github: { apiBaseUrl: fake.apiBaseUrl, webBaseUrl: fake.webBaseUrl }, oauth } });
    for (const [name, isPrivate] of [
      ["octo-org/hello", false],
      ["octo-org/hidden", true],
    ] as const)
      expect((await deliver(base, { name: "star", payload: starIn(name, isPrivate) })).status).toBe(200);
    browser = await launchChromium(executablePath!);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
    await drop?.();
  });

  /** A fresh browser profile that asks for `path`, is sent to sign-in, and clicks "Sign in with GitHub" as `login`. */
  async function signInWithGitHub(login: string, path: string): Promise<{ context: BrowserContext; page: Page }> {
    identity.signInAs = login;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await page.click("text=Sign in with GitHub");
    await page.waitForURL(`${base}${path}`);
    return { context, page };
  }

  test("an org owner clicks Sign in with GitHub, lands where they were going, and is an admin who sees the private repository", async () => {
    const { context, page } = await signInWithGitHub("bob", "/deliveries");
    await expect(page.locator(".who").textContent()).resolves.toBe("bob (admin)");
    await page.screenshot({ path: join(SCREENSHOTS, "github-sign-in-owner.png"), fullPage: true });
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: "cb_session", httpOnly: true, sameSite: "Lax" });
    await page.goto(`${base}/`);
    const repositories = await page.locator("#feed .repository").allTextContents();
    expect(repositories.sort()).toEqual(["octo-org/hello", "octo-org/hidden"]);
    await context.close();
  });

  test("a member sees only what GitHub lets them see, no admin pages, and signs out", async () => {
    const { context, page } = await signInWithGitHub("alice", "/");
    await expect(page.locator(".who").textContent()).resolves.toBe("alice");
    expect(await page.locator("#feed .repository").allTextContents()).toEqual(["octo-org/hello"]);
    expect(await page.locator('nav a[href="/deliveries"]').count()).toBe(0);
    const admin = await page.goto(`${base}/deliveries`);
    expect(admin?.status()).toBe(403);
    await page.goto(`${base}/`);
    await page.click('.sign-out button[type="submit"]');
    await page.waitForURL(`${base}/sign-in`);
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await context.close();
  });
});
