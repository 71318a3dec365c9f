import { createHmac } from "node:crypto";
import { createRequire } from "node:module";

export function signature(secret, body) {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** GitHub's example payloads, every event type, each serialized and signed once. */
export function signedBodies(secret) {
  const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples");
  return definitions.flatMap(({ name, examples }) =>
    examples.map((example) => {
      const body = Buffer.from(JSON.stringify(example));
      return { event: name, body, signature: signature(secret, body) };
    }),
  );
}
