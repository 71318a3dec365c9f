import { callApi } from "../support/api.js";
import { startConsoleWorld, type ConsoleWorld } from "../support/console-world.js";
import { testDatabases } from "../support/databases.js";
import { waitFor } from "../support/delivery-world.js";

const databases = await testDatabases();

describe.each(databases)("REST API over HTTP ($name)", (database) => {
  let world: ConsoleWorld;
  const ids: Record<string, string> = {};
  const api = (path: string, token: string, init: Parameters<typeof callApi>[2] = {}) => callApi(world.url, path, { token, ...init });

  beforeAll(async () => {
    // The receiver fails every request until a test says otherwise.
    world = await startConsoleWorld(database, { respond: () => ({ status: 500, body: "receiver down" }) });
    ids.opened = await world.webhook({ name: "issues", action: "opened", repository: "octo-org/hello", actor: "alice" });
    ids.comment = await world.webhook({ name: "issue_comment", action: "created", repository: "octo-org/hello", actor: "bob", comment: "Looks good @carol" });
    ids.push = await world.webhook({ name: "push", repository: "octo-org/tools", actor: "alice" });
    ids.secret = await world.webhook({ name: "issues", action: "opened", repository: "other-org/secret", private: true, actor: "mallory" });
    ids.privateOcto = await world.webhook({ name: "issues", action: "opened", repository: "octo-org/internal", private: true, actor: "alice" });
  });

  afterAll(() => world.stop());

  describe("reading events", () => {
    test("without a credential every route answers 401 with a challenge and the error shape", async () => {
      for (const path of ["/events", "/events/stream", "/stats", "/repositories", "/digest", "/subscriptions", "/tokens", "/deliveries"]) {
        const answer = await callApi(world.url, path);
        expect({ path, status: answer.status }).toEqual({ path, status: 401 });
        expect(answer.headers.get("www-authenticate")).toContain("Bearer");
        expect(answer.json.error.code).toBe("unauthorized");
        expect(answer.json.error.message).toMatch(/code-buddy token create/);
      }
      const wrong = await callApi(world.url, "/events", { token: "cb_not-a-token" });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get("www-authenticate")).toContain('error="invalid_token"');
    });

    test("two tokens see only their own repositories' events; private ones only with --private", async () => {
      const octo = await api("/events", world.tokens.octo);
      expect(octo.status).toBe(200);
      expect(octo.json.events.map((event: { delivery_id: string }) => event.delivery_id)).toEqual([ids.push, ids.comment, ids.opened]);
      const other = await api("/events", world.tokens.other);
      expect(other.json.events.map((event: { delivery_id: string }) => event.delivery_id)).toEqual([ids.secret]);
      const admin = await api("/events", world.tokens.admin);
      expect(admin.json.events).toHaveLength(5);
      expect(octo.headers.get("cache-control")).toBe("no-store");
    });

    test("/me says whose the credential is and what it may see", async () => {
      expect((await api("/me", world.tokens.octo)).json).toEqual({ name: "octo-reader", kind: "token", admin: false, scope: { repositories: ["octo-org/*"], private: false } });
      expect((await api("/me", world.tokens.admin)).json).toMatchObject({ name: "operator", admin: true, scope: { repositories: ["*"], private: true } });
    });

    test("filters, full-text q, limit and cursor", async () => {
      const issues = await api("/events?event_type=issues&repository=Octo-Org/Hello", world.tokens.octo);
      expect(issues.json.events.map((event: { delivery_id: string }) => event.delivery_id)).toEqual([ids.opened]);
      expect((await api("/events?actor=@Bob", world.tokens.octo)).json.events.map((event: { delivery_id: string }) => event.delivery_id)).toEqual([ids.comment]);
      const first = await api("/events?limit=2", world.tokens.octo);
      expect(first.json.events).toHaveLength(2);
      expect(first.json.next_cursor).toEqual(expect.any(String));
      const second = await api(`/events?limit=2&cursor=${encodeURIComponent(first.json.next_cursor)}`, world.tokens.octo);
      expect(second.json.events.map((event: { delivery_id: string }) => event.delivery_id)).toEqual([ids.opened]);
      expect(second.json.next_cursor).toBeNull();
      const searched = await waitFor("the full-text index", async () => {
        const found = await api("/events?q=carol", world.tokens.octo);
        return found.json.events.length > 0 && found;
      });
      expect(searched.json.events.map((event: { delivery_id: string }) => event.delivery_id)).toEqual([ids.comment]);
      expect((await api("/events?q=carol", world.tokens.other)).json.events).toEqual([]);
    });

    test("unknown parameters and malformed values are refused, naming the parameter", async () => {
      const cases: [string, number, string, string | undefined, RegExp][] = [
        [
          "/events?limt=5",
          400,
          "unknown_parameter",
          "limt",
          /Unknown parameter "limt". This endpoint takes: event_type, action, repository, actor, since, until, q, limit, cursor/,
        ],
        ["/events?limit=0", 400, "invalid_parameter", "limit", /"limit" must be at least 1/],
        ["/events?limit=101", 400, "invalid_parameter", "limit", /"limit" must be at most 100/],
        ["/events?limit=0x10", 400, "invalid_parameter", "limit", /"limit" must be a whole number/],
        ["/events?limit=5&limit=6", 400, "invalid_parameter", "limit", /given more than once/],
        ["/events?actor=", 400, "invalid_parameter", "actor", /is empty/],
        ["/events?since=yesterday", 400, "invalid_parameter", "since", /ISO 8601/],
        ["/events?since=2026-11-22T00:00:00Z&until=2026-11-21T00:00:00Z", 400, "invalid_parameter", "since", /must be before until/],
        ["/events?repository=nope", 400, "invalid_parameter", "repository", /owner\/name/],
        ["/events?cursor=bogus", 400, "invalid_parameter", undefined, /cursor is not one this server issued/],
        ["/events/x?include_payload=yes", 400, "invalid_parameter", "include_payload", /"true" or "false"/],
        ["/repositories?page=2", 400, "unknown_parameter", "page", /This endpoint takes no query parameters/],
        ["/repos/octo-org/hello/threads/zero", 400, "invalid_parameter", "number", /whole number/],
        ["/nothing-here", 404, "not_found", undefined, /openapi.json/],
      ];
      for (const [path, status, code, parameter, message] of cases) {
        const answer = await api(path, world.tokens.octo);
        expect({ path, status: answer.status, code: answer.json.error.code, parameter: answer.json.error.parameter }).toEqual({ path, status, code, parameter });
        expect(answer.json.error.message).toMatch(message);
      }
      const wrongMethod = await api("/events", world.tokens.octo, { method: "DELETE" });
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get("allow")).toBe("GET");
    });

    test("one event, with its raw payload on request; another token's event is not there for this one", async () => {
      const plain = await api(`/events/${ids.comment}`, world.tokens.octo);
      expect(plain.status).toBe(200);
      expect(plain.json.event).toMatchObject({ delivery_id: ids.comment, event_type: "issue_comment", mentions: ["carol"] });
      expect(plain.json).not.toHaveProperty("payload");
      const withPayload = await api(`/events/${ids.comment}?include_payload=true`, world.tokens.octo);
      expect(withPayload.json.payload).toMatchObject({ action: "created", comment: { body: "Looks good @carol" } });
      const hidden = await api(`/events/${ids.secret}`, world.tokens.octo);
      expect(hidden.status).toBe(404);
      expect(hidden.json.error).toMatchObject({ code: "not_found", message: expect.stringContaining("is visible to this token") });
    });

    test("stats, repositories, a thread and the digest, each scoped", async () => {
      const stats = await api("/stats", world.tokens.octo);
      expect(stats.json).toMatchObject({ total_events: 3, event_types: { issues: 1, issue_comment: 1, push: 1 }, unique_repositories: 2 });
      expect((await api("/stats", world.tokens.other)).json).toMatchObject({ total_events: 1, repositories: { "other-org/secret": 1 } });
      const repositories = await api("/repositories", world.tokens.octo);
      expect(repositories.json.repositories.map((repository: { full_name: string }) => repository.full_name).sort()).toEqual(["octo-org/hello", "octo-org/tools"]);
      const opened = (await api(`/events/${ids.opened}`, world.tokens.octo)).json.event;
      const thread = await api(`/repos/octo-org/hello/threads/${opened.subject.number}`, world.tokens.octo);
      expect(thread.json).toMatchObject({ repository: "octo-org/hello", number: opened.subject.number, truncated: false });
      expect(thread.json.events.map((event: { delivery_id: string }) => event.delivery_id)).toEqual([ids.opened, ids.comment]);
      expect((await api(`/repos/octo-org/hello/threads/${opened.subject.number}`, world.tokens.other)).json.events).toEqual([]);
      const digest = await api("/digest", world.tokens.octo);
      expect(digest.json).toMatchObject({ total_events: 3 });
      expect(digest.json.repositories.map((repository: { name: string }) => repository.name).sort()).toEqual(["octo-org/hello", "octo-org/tools"]);
      expect((await api("/digest?since=2026-01-01T00:00:00Z&until=2026-03-01T00:00:00Z", world.tokens.octo)).json.error.message).toMatch(/at most 31 days/);
    });
  });

  describe("admin routes", () => {
    const adminRoutes: [string, string][] = [
      ["GET", "/subscriptions"],
      ["POST", "/subscriptions"],
      ["DELETE", "/subscriptions/x"],
      ["POST", "/subscriptions/x/test"],
      ["POST", "/subscriptions/x/enable"],
      ["POST", "/subscriptions/x/disable"],
      ["GET", "/deliveries"],
      ["GET", "/deliveries/1"],
      ["POST", "/deliveries/1/retry"],
      ["GET", "/tokens"],
      ["POST", "/tokens"],
      ["DELETE", "/tokens/x"],
    ];

    test("are refused to a plain token, whatever its scope", async () => {
      for (const [method, path] of adminRoutes) {
        const answer = await api(path, world.tokens.other, { method });
        expect({ method, path, status: answer.status, code: answer.json.error.code }).toEqual({ method, path, status: 403, code: "forbidden" });
        expect(answer.json.error.message).toMatch(/--admin/);
      }
    });

    test("subscriptions: create (secret once), list with health, test ping, disable, enable, delete", async () => {
      const bad = await api("/subscriptions", world.tokens.admin, { method: "POST", body: { name: "hooks", webhook: { url: "ftp://nope" } } });
      expect(bad.json.error).toMatchObject({ code: "invalid_body", parameter: "webhook.url" });
      const both = await api("/subscriptions", world.tokens.admin, { method: "POST", body: { name: "hooks" } });
      expect(both.json.error).toMatchObject({ code: "invalid_body", parameter: "webhook", message: expect.stringContaining("one target") });
      const unknown = await api("/subscriptions", world.tokens.admin, {
        method: "POST",
        body: { name: "hooks", webhook: { url: world.receiver.url }, rules: { event: ["push"] } },
      });
      expect(unknown.json.error).toMatchObject({ code: "unknown_parameter", parameter: "rules.event" });

      const created = await api("/subscriptions", world.tokens.admin, {
        method: "POST",
        body: { name: "hooks", webhook: { url: world.receiver.url }, rules: { events: ["issues.*"], repositories: ["octo-org/*"], exclude_actors: ["mallory"] } },
      });
      expect(created.status).toBe(201);
      expect(created.json.secret).toMatch(/^whsec_/);
      expect(created.json.subscription).toMatchObject({
        name: "hooks",
        target: "webhook",
        destination: world.receiver.url,
        enabled: true,
        pending: 0,
        failed: 0,
        last_error: null,
      });
      expect(created.json.subscription.rules).toMatchObject({ events: ["issues.*"], exclude_actors: ["mallory"], include_private: false });
      expect((await api("/subscriptions", world.tokens.admin, { method: "POST", body: { name: "hooks", webhook: { url: world.receiver.url } } })).status).toBe(409);

      const listed = await api("/subscriptions", world.tokens.admin);
      expect(JSON.stringify(listed.json)).not.toContain(created.json.secret);
      expect(listed.json.subscriptions.map((subscription: { name: string }) => subscription.name)).toEqual(["hooks"]);

      // The receiver verifies with its own secret, not this one: the ping's signature fails there, and the answer says so.
      const ping = await api("/subscriptions/hooks/test", world.tokens.admin, { method: "POST" });
      expect(ping.json).toMatchObject({ outcome: "failed", status_code: 400, response: "bad signature" });

      const disabled = await api("/subscriptions/hooks/disable", world.tokens.admin, { method: "POST" });
      expect(disabled.json).toMatchObject({ enabled: false, disabled_reason: expect.stringContaining("Disabled by operator") });
      const enabled = await api("/subscriptions/hooks/enable", world.tokens.admin, { method: "POST" });
      expect(enabled.json).toMatchObject({ enabled: true, disabled_reason: null });
      expect((await api("/subscriptions/hooks", world.tokens.admin, { method: "DELETE" })).json).toEqual({ deleted: "hooks" });
      expect((await api("/subscriptions/hooks", world.tokens.admin, { method: "DELETE" })).status).toBe(404);
      expect((await api("/subscriptions/hooks/test", world.tokens.admin, { method: "POST" })).status).toBe(404);
    });

    test("deliveries: a failed one with its attempts, retried until delivered", async () => {
      const created = await api("/subscriptions", world.tokens.admin, {
        method: "POST",
        body: { name: "pushes", webhook: { url: world.receiver.url, secret: world.receiverSecret }, rules: { events: ["push"] } },
      });
      expect(created.json.secret).toBeNull();
      await world.delivery.directory.refresh();
      const pushId = await world.webhook({ name: "push", repository: "octo-org/tools", actor: "alice" });

      const failed = await waitFor("the failed delivery", async () => {
        const list = await api("/deliveries?status=failed&subscription=pushes", world.tokens.admin);
        return list.json.deliveries.length === 1 && list.json.deliveries[0];
      });
      expect(failed).toMatchObject({ status: "failed", subscription: "pushes", event: "push", event_delivery_id: pushId, last_error: expect.stringContaining("HTTP 500") });
      const detail = await api(`/deliveries/${failed.id}`, world.tokens.admin);
      expect(detail.json.attempts).toEqual([expect.objectContaining({ status_code: 500, response: "receiver down" })]);
      expect((await api("/subscriptions", world.tokens.admin)).json.subscriptions[0]).toMatchObject({ name: "pushes", failed: 1, last_error: expect.stringContaining("HTTP 500") });

      world.receiver.respond = () => ({ status: 204 });
      const retried = await api(`/deliveries/${failed.id}/retry`, world.tokens.admin, { method: "POST" });
      // The tries so far stay counted: the retry's own try is the next one.
      expect(retried.json).toMatchObject({ id: failed.id, status: "pending", attempts: 1 });
      expect((await api(`/deliveries/${failed.id}/retry`, world.tokens.admin, { method: "POST" })).status).toBe(409);
      await waitFor("the retried delivery", async () => (await api(`/deliveries/${failed.id}`, world.tokens.admin)).json.delivery.status === "delivered");
      expect(world.receiver.acceptedIds()).toHaveLength(1);
      expect((await api(`/deliveries/${failed.id}`, world.tokens.admin)).json.attempts).toHaveLength(2);
      expect((await api("/deliveries/999999", world.tokens.admin)).status).toBe(404);

      const page = await api("/deliveries?limit=1", world.tokens.admin);
      expect(page.json.deliveries).toHaveLength(1);
      expect(page.json.next_cursor === null || typeof page.json.next_cursor === "string").toBe(true);
      world.receiver.respond = () => ({ status: 500, body: "receiver down" });
    });

    test("tokens: created with a scope (secret once), listed without it, revoked", async () => {
      const created = await api("/tokens", world.tokens.admin, { method: "POST", body: { name: "ci", repositories: ["octo-org/hello"], login: "octocat" } });
      expect(created.status).toBe(201);
      expect(created.json.token).toMatchObject({ name: "ci", repositories: ["octo-org/hello"], private: false, admin: false, login: "octocat", last_used_at: null });
      const secret: string = created.json.secret;
      expect(secret).toMatch(/^cb_/);
      expect((await api("/events", secret)).json.events.map((event: { delivery_id: string }) => event.delivery_id)).toEqual([ids.comment, ids.opened]);
      const listed = await api("/tokens", world.tokens.admin);
      expect(JSON.stringify(listed.json)).not.toContain(secret);
      expect(listed.json.tokens.find((token: { name: string }) => token.name === "ci")).toMatchObject({ last_used_at: expect.any(String) });
      expect((await api("/tokens", world.tokens.admin, { method: "POST", body: { name: "ci", repositories: ["*"] } })).status).toBe(409);
      expect((await api("/tokens", world.tokens.admin, { method: "POST", body: { name: "x", repositories: [] } })).json.error).toMatchObject({
        code: "invalid_body",
        parameter: "repositories",
      });
      expect((await api("/tokens", world.tokens.admin, { method: "POST", body: { name: "x", repositories: ["*"], login: "@octocat" } })).json.error).toMatchObject({
        code: "invalid_body",
        parameter: "login",
      });
      expect((await api("/tokens/ci", world.tokens.admin, { method: "DELETE" })).json).toEqual({ revoked: "ci" });
      expect((await api("/events", secret)).status).toBe(401);
      expect((await api("/tokens/ci", world.tokens.admin, { method: "DELETE" })).status).toBe(404);
    });

    test("bodies: wrong type, invalid JSON, too large, or on a route that takes none, are refused", async () => {
      const post = (body: string, type = "application/json", path = "/tokens") => api(path, world.tokens.admin, { method: "POST", body, headers: { "content-type": type } });
      expect((await post('{"name":"a"}', "text/plain")).json.error.code).toBe("unsupported_media_type");
      expect((await post("{not json")).json.error).toMatchObject({ code: "invalid_body", message: expect.stringContaining("not valid JSON") });
      const large = await post(JSON.stringify({ name: "big", repositories: ["*"], padding: "x".repeat(70_000) }));
      expect([large.status, large.json.error.code]).toEqual([413, "payload_too_large"]);
      expect((await post("{}", "application/json", "/subscriptions/x/test")).json.error).toMatchObject({ code: "invalid_body", message: expect.stringContaining("takes no body") });
    });
  });

  describe("CORS as on /mcp", () => {
    test("an allowed origin's preflight is answered without a token; its answers name it", async () => {
      const preflight = await fetch(`${world.url}/api/v1/events`, {
        method: "OPTIONS",
        headers: { origin: "http://localhost:5173", "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
      expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
      const answer = await callApi(world.url, "/events", { token: world.tokens.octo, headers: { origin: "http://localhost:5173" } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    });

    test("another origin gets 403; the server's own origin (the console) is always allowed", async () => {
      const foreign = await callApi(world.url, "/events", { token: world.tokens.octo, headers: { origin: "https://evil.example" } });
      expect([foreign.status, foreign.json.error.code]).toEqual([403, "forbidden"]);
      const own = await callApi(world.url, "/events", { token: world.tokens.octo, headers: { origin: world.url } });
      expect(own.status).toBe(200);
    });
  });
});
