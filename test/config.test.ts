import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../src/config.js";

const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

describe("loadConfig", () => {
  test("an empty environment is setup mode on the SQLite default", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      app: null,
      webhookPath: "/api/github/webhooks",
      webhookMaxBytes: 25 * 1024 * 1024,
      port: 3000,
      host: "localhost",
      logLevel: "info",
      logFormat: "pretty",
      databaseUrl: "file:./data/code-buddy.db",
      retention: { maxAgeDays: 90, maxEvents: 0, intervalMinutes: 60 },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  test("a registered app reads its credentials, with the key from PRIVATE_KEY_PATH", () => {
    const dir = mkdtempSync(join(tmpdir(), "code-buddy-config-"));
    writeFileSync(join(dir, "app.pem"), privateKey);
    const config = loadConfig({
      APP_ID: "42",
      PRIVATE_KEY_PATH: join(dir, "app.pem"),
      WEBHOOK_SECRET: "s3cret",
      PORT: "8080",
      HOST: "0.0.0.0",
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://u@db:5432/cb",
    });
    expect(config.app).toMatchObject({ appId: 42, webhookSecret: "s3cret" });
    expect(config.app?.privateKey.trim()).toBe(privateKey.trim());
    expect(config).toMatchObject({ port: 8080, host: "0.0.0.0", logFormat: "json", databaseUrl: "postgresql://u@db:5432/cb" });
  });

  test("an app without WEBHOOK_SECRET refuses to start, naming the variable", () => {
    expect(() => loadConfig({ APP_ID: "42", PRIVATE_KEY: privateKey })).toThrow(/WEBHOOK_SECRET is missing/);
  });

  test("APP_ID without a private key and a key without APP_ID are refused", () => {
    expect(() => loadConfig({ APP_ID: "42", WEBHOOK_SECRET: "s" })).toThrow(/PRIVATE_KEY or PRIVATE_KEY_PATH is missing/);
    expect(() => loadConfig({ PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "s" })).toThrow(/APP_ID is missing/);
  });

  test.each([
    ["PORT", "http", /PORT must be a whole number/],
    ["PORT", "70000", /PORT must be at most 65535/],
    ["APP_ID", "my-app", /APP_ID must be the numeric App ID/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL must be one of trace, debug/],
    ["DATABASE_URL", "mysql://x", /DATABASE_URL must be file:<path> for SQLite or postgres:\/\//],
    ["WEBHOOK_PATH", "hooks", /WEBHOOK_PATH must be a path starting with "\/"/],
    ["RETENTION_DAYS", "-1", /RETENTION_DAYS must be at least 0/],
    ["WEBHOOK_MAX_BYTES", "1.5", /WEBHOOK_MAX_BYTES must be a whole number/],
  ])("a bad %s (%s) stops start-up with a message naming it", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  });

  test("operator commands (withApp: false) do not read the app's credentials, so a partial set cannot stop them", () => {
    expect(loadConfig({ PRIVATE_KEY: privateKey }, { withApp: false }).app).toBeNull();
    expect(() => loadConfig({ PRIVATE_KEY: privateKey })).toThrow(/APP_ID is missing/);
  });

  test("on a Heroku dyno (DYNO set) a SQLite file refuses to start, server and operator commands alike, saying why and what to run", () => {
    const app = { APP_ID: "42", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "s3cret" };
    for (const env of [{ DYNO: "web.1", ...app }, { DYNO: "run.4211" }, { DYNO: "release.1", DATABASE_URL: "file:/app/data/events.db" }]) {
      const message = (() => {
        try {
          loadConfig(env);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          return (error as Error).message;
        }
        return "started";
      })();
      expect(message).toContain(`on a Heroku dyno (DYNO=${env.DYNO})`);
      expect(message).toMatch(/emptied at every restart/);
      expect(message).toContain("heroku addons:create heroku-postgresql:essential-0 && heroku config:set PGSSLMODE=no-verify");
    }
    expect(loadConfig({ DYNO: "web.1", ...app, DATABASE_URL: "postgres://u:p@ec2-1-2-3-4.compute-1.amazonaws.com:5432/d8" }).databaseUrl).toMatch(/^postgres:/);
    expect(loadConfig({ ...app }).databaseUrl).toBe("file:./data/code-buddy.db");
  });

  test("GitHub is github.com unless GHE_HOST names a GitHub Enterprise Server (https unless GHE_PROTOCOL says http)", () => {
    expect(loadConfig({}).github).toEqual({ apiBaseUrl: "https://api.github.com", webBaseUrl: "https://github.com" });
    expect(loadConfig({ GHE_HOST: "github.example.com" }).github).toEqual({ apiBaseUrl: "https://github.example.com/api/v3", webBaseUrl: "https://github.example.com" });
    expect(loadConfig({ GHE_HOST: "127.0.0.1:8080", GHE_PROTOCOL: "http" }).github).toEqual({ apiBaseUrl: "http://127.0.0.1:8080/api/v3", webBaseUrl: "http://127.0.0.1:8080" });
  });

  test.each([
    ["GHE_HOST", "https://github.example.com", /GHE_HOST must be your GitHub Enterprise Server's host name.*no https:\/\//],
    ["GHE_HOST", "github.example.com/api/v3", /GHE_HOST must be your GitHub Enterprise Server's host name/],
    ["GHE_HOST", "github.com", /GHE_HOST is for GitHub Enterprise Server only: leave it empty for github.com/],
    ["GHE_PROTOCOL", "ftp", /GHE_PROTOCOL must be https or http/],
  ])("a bad %s (%s) is refused with what a valid value looks like", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  test("webhooks unless EVENTS_SOURCE=events-api, which polls every minute at most; GITHUB_TOKEN counts only with GITHUB_POLL_USERS", () => {
    expect(loadConfig({ GITHUB_TOKEN: "ghp_ci" }).eventsApi).toBeNull();
    expect(loadConfig({ EVENTS_SOURCE: "events-api", GITHUB_TOKEN: "ghp_ci" }).eventsApi).toEqual({
      minIntervalMs: 60_000,
      refreshMs: 600_000,
      concurrency: 4,
      token: null,
      users: [],
    });
    expect(
      loadConfig({
        EVENTS_SOURCE: "events-api",
        GITHUB_TOKEN: "ghp_me",
        GITHUB_POLL_USERS: "octocat, hubot",
        EVENTS_POLL_MIN_INTERVAL_SECONDS: "5",
        EVENTS_FEEDS_REFRESH_MINUTES: "2",
        EVENTS_POLL_CONCURRENCY: "1",
      }).eventsApi,
    ).toEqual({
      minIntervalMs: 5000,
      refreshMs: 120_000,
      concurrency: 1,
      token: "ghp_me",
      users: ["octocat", "hubot"],
    });
  });

  test.each([
    [{ EVENTS_SOURCE: "poll" }, /EVENTS_SOURCE must be webhooks .* or events-api/],
    [{ EVENTS_SOURCE: "events-api", GITHUB_POLL_USERS: "octocat" }, /GITHUB_POLL_USERS is set but GITHUB_TOKEN is not/],
    [{ EVENTS_SOURCE: "events-api", GITHUB_TOKEN: "t", GITHUB_POLL_USERS: "octo cat" }, /GITHUB_POLL_USERS must be a comma-separated list of GitHub logins/],
    [{ EVENTS_POLL_MIN_INTERVAL_SECONDS: "0" }, /EVENTS_POLL_MIN_INTERVAL_SECONDS must be at least 1/],
  ])("polling settings that cannot work are refused: %j", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  test("an unreadable PRIVATE_KEY_PATH is named", () => {
    expect(() => loadConfig({ APP_ID: "1", PRIVATE_KEY_PATH: "/nonexistent/key.pem", WEBHOOK_SECRET: "s" })).toThrow(/PRIVATE_KEY/);
  });
});
