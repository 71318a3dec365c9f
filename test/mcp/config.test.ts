import { ConfigError, DEFAULT_MCP_ALLOWED_ORIGINS, loadConfig } from "../../src/config.js";

describe("MCP settings", () => {
  test("defaults: loopback origins, 30 idle minutes, 1000 sessions, keep-alives every 15 s, no token", () => {
    const config = loadConfig({});
    expect(config.mcp).toEqual({ allowedOrigins: [...DEFAULT_MCP_ALLOWED_ORIGINS], sessionIdleMinutes: 30, maxSessions: 1000, keepAliveMs: 15_000 });
    expect(config.token).toBeNull();
    expect(Object.isFrozen(config.mcp)).toBe(true);
  });

  test("reads MCP_ALLOWED_ORIGINS as a comma-separated list, and the other variables", () => {
    const config = loadConfig({
      MCP_ALLOWED_ORIGINS: " https://agents.example.com/, http://localhost:* ",
      MCP_SESSION_IDLE_MINUTES: "5",
      MCP_MAX_SESSIONS: "20",
      MCP_KEEPALIVE_SECONDS: "5",
      CODE_BUDDY_TOKEN: "cb_x",
    });
    expect(config.mcp).toEqual({ allowedOrigins: ["https://agents.example.com", "http://localhost:*"], sessionIdleMinutes: 5, maxSessions: 20, keepAliveMs: 5000 });
    expect(config.token).toBe("cb_x");
  });

  test.each([
    ["MCP_ALLOWED_ORIGINS", "agents.example.com", /MCP_ALLOWED_ORIGINS must be a comma-separated list of origins/],
    ["MCP_ALLOWED_ORIGINS", "https://a.example/path", /MCP_ALLOWED_ORIGINS must be/],
    ["MCP_SESSION_IDLE_MINUTES", "0", /MCP_SESSION_IDLE_MINUTES must be at least 1/],
    ["MCP_MAX_SESSIONS", "many", /MCP_MAX_SESSIONS must be a whole number/],
    ["MCP_KEEPALIVE_SECONDS", "0", /MCP_KEEPALIVE_SECONDS must be at least 1/],
  ])("a bad %s (%s) is refused, naming it", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
