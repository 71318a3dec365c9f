import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { callApi } from "../support/api.js";
import { startConsoleWorld, type ConsoleWorld } from "../support/console-world.js";
import { testDatabases } from "../support/databases.js";
import { waitFor } from "../support/delivery-world.js";
import { openSse } from "../support/sse.js";

const [sqlite] = await testDatabases();

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}

type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };

describe("GET /api/v1/openapi.json", () => {
  let world: ConsoleWorld;
  let doc: Document;
  let eventId: string;
  let threadNumber: number;
  let deliveryId: number;

  beforeAll(async () => {
    world = await startConsoleWorld(sqlite!);
    await callApi(world.url, "/subscriptions", {
      token: world.tokens.admin,
      method: "POST",
      body: { name: "documented", webhook: { url: world.receiver.url, secret: world.receiverSecret } },
    });
    await world.delivery.directory.refresh();
    eventId = await world.webhook({ name: "issues", action: "opened", repository: "octo-org/hello" });
    threadNumber = (await callApi(world.url, `/events/${eventId}`, { token: world.tokens.admin })).json.event.subject.number;
    deliveryId = await waitFor(
      "a delivered delivery",
      async () => (await callApi(world.url, "/deliveries?status=delivered", { token: world.tokens.admin })).json.deliveries[0]?.id,
    );
    doc = (await (await fetch(`${world.url}/api/v1/openapi.json`)).json()) as Document;
  });

  afterAll(() => world.stop());

  test("is public and a valid OpenAPI 3.1 document", async () => {
    const answer = await fetch(`${world.url}/api/v1/openapi.json`);
    expect(answer.status).toBe(200);
    expect((doc as unknown as { openapi: string }).openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc);
    expect(result).toEqual({ valid: true });
  });

  test("documents every route, and every route's answer matches its documented schema", async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ $id: "doc", components: doc.components });
    const schemaOf = (schema: object) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));

    // One concrete call per operation, with its own parameters, made with the admin token.
    const calls: Record<string, { path: string; method: string; body?: unknown }> = {
      listEvents: { path: "/events?limit=5", method: "GET" },
      getEvent: { path: `/events/${eventId}?include_payload=true`, method: "GET" },
      getStats: { path: "/stats", method: "GET" },
      listRepositories: { path: "/repositories", method: "GET" },
      getThread: { path: `/repos/octo-org/hello/threads/${threadNumber}`, method: "GET" },
      getDigest: { path: "/digest", method: "GET" },
      getMe: { path: "/me", method: "GET" },
      listSubscriptions: { path: "/subscriptions", method: "GET" },
      createSubscription: { path: "/subscriptions", method: "POST", body: { name: "made", letta: { agent_id: "agent-1", base_url: "http://127.0.0.1:9" } } },
      testSubscription: { path: "/subscriptions/documented/test", method: "POST" },
      disableSubscription: { path: "/subscriptions/documented/disable", method: "POST" },
      enableSubscription: { path: "/subscriptions/documented/enable", method: "POST" },
      listDeliveries: { path: "/deliveries", method: "GET" },
      getDelivery: { path: `/deliveries/${deliveryId}`, method: "GET" },
      retryDelivery: { path: `/deliveries/${deliveryId}/retry`, method: "POST" },
      listTokens: { path: "/tokens", method: "GET" },
      createToken: { path: "/tokens", method: "POST", body: { name: "documented", repositories: ["*"], admin: true } },
      revokeToken: { path: "/tokens/documented", method: "DELETE" },
      deleteSubscription: { path: "/subscriptions/made", method: "DELETE" },
    };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
    );
    expect(operations.map(({ operation }) => operation.operationId).sort()).toEqual([...Object.keys(calls), "streamEvents"].sort());

    // In the order of `calls`: each call leaves what the next needs (a disabled subscription is enabled before a retry).
    for (const [operationId, call] of Object.entries(calls)) {
      const { path, method, operation } = operations.find((documented) => documented.operation.operationId === operationId)!;
      expect({ operation: operation.operationId, method: call.method, template: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}(\\?|$)`).test(call.path) }).toEqual({
        operation: operation.operationId,
        method,
        template: true,
      });
      const answer = await callApi(world.url, call.path, { token: world.tokens.admin, method, ...(call.body !== undefined && { body: call.body }) });
      const [status, response] = Object.entries(operation.responses).find(([code]) => code.startsWith("2"))!;
      expect({ operation: operation.operationId, status: answer.status }).toEqual({ operation: operation.operationId, status: Number(status) });
      const validate = ajv.compile(schemaOf(response.content!["application/json"]!.schema));
      expect({ operation: operation.operationId, valid: validate(answer.json), errors: validate.errors ?? null }).toEqual({
        operation: operation.operationId,
        valid: true,
        errors: null,
      });
    }
  });

  test("the stream's messages carry the documented event", async () => {
    const operation = doc.paths["/events/stream"]!.get!;
    expect(operation.parameters!.map((parameter) => parameter.name)).toEqual(["event_type", "action", "repository", "actor", "after", "Last-Event-ID"]);
    const sse = await openSse(`${world.url}/api/v1/events/stream?after=0`, { authorization: `Bearer ${world.tokens.admin}` });
    const [message] = await sse.waitForMessages(1);
    sse.close();
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    ajv.addSchema({ $id: "doc", components: doc.components });
    const schema = JSON.parse(JSON.stringify(operation.responses["200"]!.content!["text/event-stream"]!.schema).replaceAll('"#/components/', '"doc#/components/'));
    expect(ajv.validate(schema, JSON.parse(message!.data))).toBe(true);
  });
});
