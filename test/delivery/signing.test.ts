import { Webhook } from "standardwebhooks";
import { generateWebhookSecret, isWebhookSecret, signWebhook } from "../../src/delivery/signing.js";
import { webhookBody } from "../../src/delivery/webhook-target.js";
import { pingEvent } from "../../src/delivery/ping.js";

describe("Standard Webhooks signing", () => {
  test("a generated secret is whsec_ and 32 random bytes in base64, different every time", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
    expect(isWebhookSecret(secret)).toBe(true);
  });

  test("only whsec_ secrets of 24 to 64 bytes are accepted", () => {
    expect(isWebhookSecret(`whsec_${Buffer.alloc(24).toString("base64")}`)).toBe(true);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(16).toString("base64")}`)).toBe(false);
    expect(isWebhookSecret(Buffer.alloc(32).toString("base64"))).toBe(false);
    expect(isWebhookSecret("whsec_not base64!")).toBe(false);
  });

  test("the official library verifies the signature, and refuses it for another body, id or secret", () => {
    const secret = generateWebhookSecret();
    const body = webhookBody(pingEvent("ci", new Date()));
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { "webhook-id": "msg_42", "webhook-timestamp": String(timestamp), "webhook-signature": signWebhook(secret, "msg_42", timestamp, body) };
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ type: "ping", data: { event_type: "ping" } });
    expect(() => new Webhook(secret).verify(body.replace("ping", "pong"), headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "msg_43" })).toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
  });
});
