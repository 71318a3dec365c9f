import { ConfigError, loadConfig } from "../../src/config.js";

const complete = { BASE_URL: "https://code-buddy.example.com/", GITHUB_CLIENT_ID: "Iv1.abc", GITHUB_CLIENT_SECRET: "secret" };

describe("Sign in with GitHub settings", () => {
  test("off, with the reason naming what is missing, until BASE_URL and the app's client id and secret are all set", () => {
    expect(loadConfig({})).toMatchObject({ oauth: null, oauthOff: expect.stringMatching(/off: BASE_URL, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET are not set/) });
    expect(loadConfig({ ...complete, GITHUB_CLIENT_SECRET: "" })).toMatchObject({ oauth: null, oauthOff: expect.stringMatching(/GITHUB_CLIENT_SECRET is not set/) });
  });

  test("on: the origin of BASE_URL, and the lifetimes' defaults", () => {
    const { oauth, oauthOff } = loadConfig(complete);
    expect(oauthOff).toBeNull();
    expect(oauth).toEqual({
      baseUrl: "https://code-buddy.example.com",
      clientId: "Iv1.abc",
      clientSecret: "secret",
      accessTokenTtlSeconds: 3600,
      refreshTokenTtlSeconds: 30 * 86_400,
      accessRecheckMs: 15 * 60_000,
      sessionTtlSeconds: 12 * 3600,
    });
    expect(Object.isFrozen(oauth)).toBe(true);
  });

  test("the lifetimes and the re-check interval can be set", () => {
    const { oauth } = loadConfig({ ...complete, OAUTH_ACCESS_TOKEN_MINUTES: "10", OAUTH_REFRESH_TOKEN_DAYS: "7", OAUTH_ACCESS_RECHECK_MINUTES: "5", CONSOLE_SESSION_HOURS: "1" });
    expect(oauth).toMatchObject({ accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 7 * 86_400, accessRecheckMs: 5 * 60_000, sessionTtlSeconds: 3600 });
  });

  test("http is accepted on loopback only, for development", () => {
    expect(loadConfig({ ...complete, BASE_URL: "http://localhost:3000" }).oauth?.baseUrl).toBe("http://localhost:3000");
    expect(loadConfig({ ...complete, BASE_URL: "http://127.0.0.1:3917" }).oauth?.baseUrl).toBe("http://127.0.0.1:3917");
  });

  test.each([
    ["BASE_URL", "http://code-buddy.example.com", /BASE_URL must use https/],
    ["BASE_URL", "code-buddy.example.com", /BASE_URL must be the public URL/],
    ["BASE_URL", "https://code-buddy.example.com/buddy", /BASE_URL must be an origin only/],
    ["BASE_URL", "https://code-buddy.example.com/?x=1", /BASE_URL must be an origin only/],
    ["OAUTH_ACCESS_TOKEN_MINUTES", "0", /OAUTH_ACCESS_TOKEN_MINUTES must be at least 1/],
    ["OAUTH_REFRESH_TOKEN_DAYS", "a month", /OAUTH_REFRESH_TOKEN_DAYS must be a whole number/],
    ["OAUTH_ACCESS_RECHECK_MINUTES", "0", /OAUTH_ACCESS_RECHECK_MINUTES must be at least 1/],
    ["CONSOLE_SESSION_HOURS", "-1", /CONSOLE_SESSION_HOURS must be/],
  ])("a bad %s (%s) stops start-up naming it", (name, value, message) => {
    expect(() => loadConfig({ ...complete, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...complete, [name]: value })).toThrow(message);
  });
});
