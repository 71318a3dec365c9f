import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";
import { callApi } from "../support/api.js";
import { startConsoleWorld, type ConsoleWorld } from "../support/console-world.js";
import { testDatabases } from "../support/databases.js";
import { waitFor } from "../support/delivery-world.js";
import { RecordingClient, sseTransport, streamableTransport } from "../support/mcp.js";
import { signedRequest } from "../support/webhooks.js";

const [sqlite] = await testDatabases();
const METRICS_TOKEN = "metrics-token-for-the-test-0123456789";

/** The value of one sample: a counter's or gauge's value, a histogram's count. */
function sample(families: ParsedFamily[], name: string, labels: Record<string, string>): number {
  const family = families.find((candidate) => candidate.name === name);
  if (!family) throw new Error(`no metric ${name}`);
  const found = family.metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value));
  // Histograms have no labels: the parser folds their samples into one with the count.
  if (!found) return 0;
  return Number(family.type === "HISTOGRAM" ? found.count : found.value);
}

describe("GET /metrics", () => {
  test("is not there at all without METRICS_TOKEN", async () => {
    const world = await startConsoleWorld(sqlite!);
    try {
      const answer = await fetch(`${world.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(answer.status).toBe(404);
    } finally {
      await world.stop();
    }
  });

  describe("with METRICS_TOKEN", () => {
    let world: ConsoleWorld;
    const scrape = async () => {
      const answer = await fetch(`${world.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      return parsePrometheusTextFormat(await answer.text());
    };

    beforeAll(async () => {
      world = await startConsoleWorld(sqlite!, { respond: () => ({ status: 500 }), config: { metricsToken: METRICS_TOKEN } });
      await callApi(world.url, "/subscriptions", {
        token: world.tokens.admin,
        method: "POST",
        body: { name: "ci-bot", webhook: { url: world.receiver.url, secret: world.receiverSecret }, rules: { events: ["push"] } },
      });
      await world.delivery.directory.refresh();
    });

    afterAll(() => world.stop());

    test("answers only the scraper's bearer token", async () => {
      expect((await fetch(`${world.url}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${world.url}/metrics`, { headers: { authorization: `Bearer ${world.tokens.admin}` } });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get("www-authenticate")).toContain("Bearer");
    });

    test("parses as Prometheus text, and its values move after webhooks and deliveries", async () => {
      const before = await scrape();
      expect(before.map((family) => family.name)).toEqual(
        expect.arrayContaining([
          "code_buddy_webhooks_received_total",
          "code_buddy_ingest_duration_seconds",
          "code_buddy_events_stored_total",
          "code_buddy_outbox_deliveries",
          "code_buddy_delivery_attempts_total",
          "code_buddy_delivery_attempt_duration_seconds",
          "code_buddy_delivery_latency_seconds",
          "code_buddy_mcp_sessions_open",
          "code_buddy_mcp_tool_calls_total",
          "code_buddy_recovery_runs_total",
          "code_buddy_process_cpu_seconds_total",
        ]),
      );
      expect(sample(before, "code_buddy_outbox_deliveries", { subscription: "ci-bot", status: "failed" })).toBe(0);

      await world.webhook({ name: "push", repository: "octo-org/hello" });
      await world.webhook({ name: "issues", action: "opened", repository: "octo-org/hello" });
      const forged = await signedRequest({ name: "issues", payload: { action: "opened" }, secret: "not-the-secret" });
      expect((await fetch(`${world.url}/api/github/webhooks`, { method: "POST", headers: forged.headers, body: forged.body })).status).toBeGreaterThanOrEqual(400);
      await waitFor("the failed delivery", async () => (await callApi(world.url, "/deliveries?status=failed", { token: world.tokens.admin })).json.deliveries.length === 1);

      const after = await scrape();
      const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
      expect(moved("code_buddy_webhooks_received_total", { event: "push", status: "200" })).toBe(1);
      expect(moved("code_buddy_webhooks_received_total", { event: "issues", status: "200" })).toBe(1);
      expect(
        after.find((family) => family.name === "code_buddy_webhooks_received_total")!.metrics.some((metric) => metric.labels?.event === "issues" && metric.labels.status !== "200"),
      ).toBe(true);
      expect(moved("code_buddy_events_stored_total", { event_type: "push" })).toBe(1);
      // Two stored; the forged one never reached ingest.
      expect(moved("code_buddy_ingest_duration_seconds", {})).toBe(2);
      expect(moved("code_buddy_delivery_attempts_total", { subscription: "ci-bot", outcome: "retry" })).toBe(1);
      expect(moved("code_buddy_delivery_attempt_duration_seconds", {})).toBe(1);
      expect(sample(after, "code_buddy_outbox_deliveries", { subscription: "ci-bot", status: "failed" })).toBe(1);

      world.receiver.respond = () => ({ status: 204 });
      const [failed] = (await callApi(world.url, "/deliveries?status=failed", { token: world.tokens.admin })).json.deliveries;
      await callApi(world.url, `/deliveries/${failed.id}/retry`, { token: world.tokens.admin, method: "POST" });
      await waitFor("the delivered retry", async () => (await callApi(world.url, `/deliveries/${failed.id}`, { token: world.tokens.admin })).json.delivery.status === "delivered");
      const delivered = await scrape();
      expect(sample(delivered, "code_buddy_delivery_latency_seconds", {})).toBe(1);
      expect(sample(delivered, "code_buddy_delivery_attempts_total", { subscription: "ci-bot", outcome: "delivered" })).toBe(1);
      expect(sample(delivered, "code_buddy_outbox_deliveries", { subscription: "ci-bot", status: "failed" })).toBe(0);
    });

    test("counts the MCP sessions open, by transport, and tool calls by tool and outcome", async () => {
      const before = await scrape();
      expect(sample(before, "code_buddy_mcp_sessions_open", { transport: "streamable" })).toBe(0);
      expect(sample(before, "code_buddy_mcp_sessions_open", { transport: "sse" })).toBe(0);

      const transport = streamableTransport(world.url, world.tokens.octo);
      const streamable = await new RecordingClient().connect(transport);
      const sse = await new RecordingClient().connect(sseTransport(world.url, world.tokens.octo));
      const open = await scrape();
      expect(sample(open, "code_buddy_mcp_sessions_open", { transport: "streamable" })).toBe(1);
      expect(sample(open, "code_buddy_mcp_sessions_open", { transport: "sse" })).toBe(1);

      await streamable.client.callTool({ name: "get_recent_events", arguments: {} });
      await sse.client.callTool({ name: "get_recent_events", arguments: { limit: 1 } });
      const refused = await streamable.client.callTool({ name: "get_event_by_id", arguments: { delivery_id: "no-such-delivery" } });
      expect(refused.isError).toBe(true);
      const called = await scrape();
      const moved = (labels: Record<string, string>) => sample(called, "code_buddy_mcp_tool_calls_total", labels) - sample(before, "code_buddy_mcp_tool_calls_total", labels);
      expect(moved({ tool: "get_recent_events", outcome: "ok" })).toBe(2);
      expect(moved({ tool: "get_event_by_id", outcome: "refused" })).toBe(1);
      expect(moved({ tool: "get_event_by_id", outcome: "ok" })).toBe(0);

      await transport.terminateSession();
      await streamable.client.close();
      await sse.client.close();
      await waitFor("the sessions to end", async () => {
        const after = await scrape();
        return sample(after, "code_buddy_mcp_sessions_open", { transport: "streamable" }) === 0 && sample(after, "code_buddy_mcp_sessions_open", { transport: "sse" }) === 0;
      });
    });
  });
});
