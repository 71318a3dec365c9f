import { sign } from "@octokit/webhooks-methods";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createRequire } from "node:module";

export interface ExampleDefinition {
  name: string;
  examples: Record<string, unknown>[];
}

/** GitHub's own example payloads, every event type. */
export const EXAMPLES: ExampleDefinition[] = createRequire(import.meta.url)("@octokit/webhooks-examples");

export function example(name: string, predicate: (payload: Record<string, unknown>) => boolean = () => true): Record<string, unknown> {
  const found = EXAMPLES.find((definition) => definition.name === name)?.examples.find(predicate);
  if (!found) throw new Error(`no example payload for ${name}`);
  return structuredClone(found);
}

/** A verified delivery as the webhook endpoint hands it to ingest. */
/** GitHub's star example moved to the repository `fullName` ("owner/name"), public unless `isPrivate`. */
export function starIn(fullName: string, isPrivate = false): Record<string, unknown> {
  const payload = example("star");
  const [owner, name] = fullName.split("/");
  const repository = payload.repository as Record<string, unknown>;
  Object.assign(repository, { full_name: fullName, name, private: isPrivate, owner: { ...(repository.owner as object), login: owner } });
  return payload;
}

export function incoming(id: string, name: string, payload: Record<string, unknown>) {
  return { id, name, payload, raw: Buffer.from(JSON.stringify(payload)) };
}

export const TEST_SECRET = "test-webhook-secret";

export const TEST_PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

export interface Delivery {
  name: string;
  payload: unknown;
  id?: string;
  secret?: string;
}

/** Headers and body exactly as GitHub sends a delivery. */
export async function signedRequest({ name, payload, id = randomUUID(), secret = TEST_SECRET }: Delivery): Promise<{ id: string; body: string; headers: Record<string, string> }> {
  const body = JSON.stringify(payload);
  return {
    id,
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/test",
      "x-github-event": name,
      "x-github-delivery": id,
      "x-hub-signature-256": await sign(secret, body),
    },
  };
}

export async function deliver(baseUrl: string, delivery: Delivery, path = "/api/github/webhooks"): Promise<{ id: string; status: number; json: unknown }> {
  const { id, body, headers } = await signedRequest(delivery);
  const response = await fetch(baseUrl + path, { method: "POST", headers, body });
  return { id, status: response.status, json: await response.json() };
}
