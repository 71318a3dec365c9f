import type { IncomingMessage } from "node:http";
import { createOriginCheck } from "../../src/auth/origin.js";
import { DEFAULT_MCP_ALLOWED_ORIGINS } from "../../src/config.js";
import { HttpError } from "../../src/http/http-error.js";

const from = (origin?: string) => ({ headers: origin === undefined ? {} : { origin } }) as IncomingMessage;

function status(allowed: readonly string[], origin?: string): number {
  try {
    createOriginCheck(allowed)(from(origin));
    return 200;
  } catch (error) {
    return (error as HttpError).status;
  }
}

describe("createOriginCheck", () => {
  test.each([
    [undefined, 200],
    ["http://localhost:6274", 200],
    ["http://localhost", 200],
    ["http://127.0.0.1:3000", 200],
    ["http://[::1]:8080", 200],
    ["HTTP://LOCALHOST:6274", 200],
    ["https://localhost:6274", 403],
    ["http://localhost.evil.example", 403],
    ["http://localhost:6274.evil.example", 403],
    ["http://evil.example", 403],
    ["null", 403],
  ])("by default, Origin %s → %i", (origin, expected) => {
    expect(status(DEFAULT_MCP_ALLOWED_ORIGINS, origin)).toBe(expected);
  });

  test("a listed origin matches exactly; * allows any", () => {
    expect(status(["https://agents.example.com"], "https://agents.example.com")).toBe(200);
    expect(status(["https://agents.example.com"], "https://agents.example.com:8443")).toBe(403);
    expect(status(["https://agents.example.com"], "http://localhost:6274")).toBe(403);
    expect(status(["*"], "https://anything.example")).toBe(200);
  });

  test("the 403 names the origin and the setting", () => {
    expect(() => createOriginCheck([])(from("http://evil.example"))).toThrow(/Origin http:\/\/evil.example .*MCP_ALLOWED_ORIGINS/);
  });
});
