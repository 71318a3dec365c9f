import { jest } from "@jest/globals";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { callApi } from "../support/api.js";
import { chromiumPath, launchChromium, SCREENSHOTS } from "../support/browser.js";
import { startConsoleWorld, type ConsoleWorld } from "../support/console-world.js";
import { testDatabases } from "../support/databases.js";
import { waitFor } from "../support/delivery-world.js";

const [sqlite] = await testDatabases();
const executablePath = chromiumPath();
const XSS = "<img src=x onerror=alert(1)>";

jest.setTimeout(120_000);

(executablePath ? describe : describe.skip)("the web console in headless Chromium", () => {
  let world: ConsoleWorld;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Every alert/confirm the pages opened: an injected script would show up here. */
  const dialogs: string[] = [];
  /** Script errors and CSP violations; a refused request (the wrong token's 401) is expected and left out. */
  const consoleErrors: string[] = [];
  const shot = (name: string, target: Page = page) => target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    world = await startConsoleWorld(sqlite!, { respond: () => ({ status: 500, body: "receiver down" }) });
    await callApi(world.url, "/subscriptions", {
      token: world.tokens.admin,
      method: "POST",
      body: { name: "triage-bot", webhook: { url: world.receiver.url, secret: world.receiverSecret }, rules: { events: ["issues.*"] } },
    });
    await world.delivery.directory.refresh();
    await world.webhook({ name: "issues", action: "opened", repository: "octo-org/hello", actor: "mallory" }, (payload) => {
      payload.issue.title = XSS;
    });
    browser = await launchChromium(executablePath!);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on("dialog", (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.accept();
    });
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  test("signing in with a pasted token leads to the live feed; the session is an HttpOnly cookie", async () => {
    await page.goto(`${world.url}/activity`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await shot("sign-in");
    await page.fill('input[name="token"]', "cb_wrong");
    await page.click('#sign-in button[type="submit"]');
    await expect(page.locator(".notice.error").textContent()).resolves.toMatch(/not valid/);
    await page.fill('input[name="token"]', world.tokens.admin);
    await page.click('#sign-in button[type="submit"]');
    await page.waitForURL(`${world.url}/activity`);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: "cb_session", httpOnly: true, sameSite: "Lax" });
    expect(cookie!.value).not.toContain(world.tokens.admin.slice(3));
    expect(await page.evaluate(() => document.cookie)).toBe("");
  });

  test("a webhook POSTed now appears in the live feed within a second", async () => {
    await page.goto(`${world.url}/`);
    await page.waitForSelector('#live-status[data-state="live"]');
    const posted = Date.now();
    const id = await world.webhook({ name: "issues", action: "opened", repository: "octo-org/hello", actor: "alice" }, (payload) => {
      payload.issue.title = "Dark mode for the settings page";
    });
    await page.waitForSelector(`#feed li[data-delivery-id="${id}"]`, { timeout: 1000 });
    console.log(`live feed: the webhook appeared ${Date.now() - posted} ms after it was POSTed`);
    await expect(page.locator(`#feed li[data-delivery-id="${id}"] .summary`).textContent()).resolves.toContain("Dark mode for the settings page");
    await shot("feed");
  });

  test("the XSS title renders as text, served and live, and no script runs", async () => {
    const live = await world.webhook({ name: "issues", action: "opened", repository: "octo-org/hello", actor: "mallory" }, (payload) => {
      payload.issue.title = XSS;
    });
    await page.waitForSelector(`#feed li[data-delivery-id="${live}"]`, { timeout: 1000 });
    await expect(page.locator(`#feed li[data-delivery-id="${live}"] .summary`).textContent()).resolves.toContain(XSS);
    await page.reload();
    const served = page.locator("#feed li .summary", { hasText: XSS });
    expect(await served.count()).toBe(2);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.goto(`${world.url}/events/${live}`);
    expect(await page.locator("h1").textContent()).toBe(`issues: ${XSS}`);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  test("an event's page shows its fields and its raw payload", async () => {
    const id = await world.webhook({ name: "issue_comment", action: "created", repository: "octo-org/hello", actor: "bob", comment: "Ship it, @carol" });
    await page.goto(`${world.url}/`);
    await page.click(`#feed li[data-delivery-id="${id}"] .summary a`);
    await page.waitForURL(`${world.url}/events/${id}`);
    await expect(page.locator(".fields").textContent()).resolves.toContain("@carol");
    const payload = JSON.parse((await page.locator("#payload").textContent())!);
    expect(payload).toMatchObject({ action: "created", comment: { body: "Ship it, @carol" } });
    await shot("event");
  });

  test("the activity chart shows the period's events by type and by repository", async () => {
    await page.goto(`${world.url}/activity?period=24h`);
    expect(await page.locator("svg.chart rect").count()).toBeGreaterThan(0);
    await expect(page.locator(".legend").textContent()).resolves.toContain("issues");
    await shot("activity");
    await page.click('a[href="/activity?period=24h&by=repository"]');
    await expect(page.locator(".legend").textContent()).resolves.toContain("octo-org/hello");
    await page.click('a[href="/activity?period=7d&by=repository"]');
    await expect(page.locator(".lead").textContent()).resolves.toMatch(/events in the last 7 days/);
    await page.click('a[href="/activity?period=30d&by=repository"]');
    await expect(page.locator(".lead").textContent()).resolves.toMatch(/events in the last 30 days/);
  });

  test("deliveries: a failed delivery is retried with its button, Disable/Enable and a test ping answer", async () => {
    await page.goto(`${world.url}/deliveries?status=failed`);
    const failed = page.locator("#deliveries tbody tr").first();
    await expect(failed.textContent()).resolves.toContain("HTTP 500");
    await shot("deliveries");
    world.receiver.respond = () => ({ status: 204 });
    await failed.locator('button:has-text("Retry")').click();
    await expect(page.locator(".notice.ok").textContent()).resolves.toContain("Queued again");
    const deliveryPath = new URL(page.url()).pathname;
    await waitFor("the delivered retry", async () => {
      await page.goto(world.url + deliveryPath);
      return (await page.locator(".lead .badge").textContent()) === "delivered";
    });
    expect(await page.locator("#attempts tbody tr").count()).toBe(2);
    await shot("delivery");

    await page.goto(`${world.url}/deliveries`);
    const row = page.locator('#subscriptions tr[data-subscription="triage-bot"]');
    await row.locator('button:has-text("Disable")').click();
    await expect(page.locator(".notice.ok").textContent()).resolves.toContain("Disabled");
    await expect(row.textContent()).resolves.toContain("disabled");
    await row.locator('button:has-text("Enable")').click();
    await expect(page.locator(".notice.ok").textContent()).resolves.toContain("Enabled");
    await row.locator('button:has-text("Test ping")').click();
    await expect(page.locator(".notice.ok").textContent()).resolves.toMatch(/Ping to "triage-bot" delivered: HTTP 204/);
  });

  test("access: a token is created with a scope, shown once, then revoked", async () => {
    await page.goto(`${world.url}/access`);
    await page.fill('#create-token input[name="name"]', "dashboard-bot");
    await page.fill('#create-token textarea[name="repositories"]', "octo-org/*");
    await page.check('#create-token input[name="private"]');
    await page.click('#create-token button[type="submit"]');
    const secret = await page.locator("#created-token").inputValue();
    expect(secret).toMatch(/^cb_/);
    await shot("access");
    expect((await callApi(world.url, "/events", { token: secret })).status).toBe(200);
    await page.goto(`${world.url}/access`);
    expect(await page.content()).not.toContain(secret);
    await page.locator('#tokens tr[data-token="dashboard-bot"] button:has-text("Revoke")').click();
    await expect(page.locator(".notice.ok").textContent()).resolves.toContain("Revoked");
    expect(dialogs).toEqual(["confirm: Revoke dashboard-bot? Its requests, sessions and streams end."]);
    expect((await callApi(world.url, "/events", { token: secret })).status).toBe(401);
    await expect(page.locator("#sessions").textContent()).resolves.toContain("operator");
  });

  test("at phone width nothing overflows sideways; without JavaScript the pages still read", async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, storageState: await context.storageState() });
    const small = await phone.newPage();
    for (const path of ["/", "/activity", "/deliveries", "/access"]) {
      await small.goto(world.url + path);
      const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    await small.goto(`${world.url}/`);
    await shot("feed-phone", small);
    await phone.close();

    const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState() });
    const plain = await noScript.newPage();
    await plain.goto(`${world.url}/`);
    expect(await plain.locator("#feed li").count()).toBeGreaterThan(3);
    await plain.goto(`${world.url}/activity`);
    expect(await plain.locator("svg.chart rect").count()).toBeGreaterThan(0);
    await shot("activity-no-javascript", plain);
    await noScript.close();
  });

  test("signing out ends the session; the old cookie no longer opens a page", async () => {
    const cookies = await context.cookies();
    await page.goto(`${world.url}/`);
    await page.click('.sign-out button[type="submit"]');
    await page.waitForURL(`${world.url}/sign-in`);
    const stale = await browser.newContext();
    await stale.addCookies(cookies);
    const again = await stale.newPage();
    await again.goto(`${world.url}/`);
    expect(new URL(again.url()).pathname).toBe("/sign-in");
    await stale.close();
    expect(consoleErrors).toEqual([]);
  });
});
