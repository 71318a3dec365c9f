import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

async function bodyOf(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${server.address().port}`;
}

/**
 * A webhook receiver that verifies each request with the official library and
 * records when each event (by GitHub delivery id) first arrived, on this process's clock.
 */
export async function startWebhookReceiver(secret) {
  const verifier = new Webhook(secret);
  const arrivals = new Map();
  const stats = { requests: 0, duplicates: 0, badSignatures: 0 };
  const seenIds = new Set();
  const server = createServer(async (req, res) => {
    const body = await bodyOf(req);
    const at = performance.now();
    stats.requests += 1;
    let payload;
    try {
      payload = verifier.verify(body, req.headers);
    } catch {
      stats.badSignatures += 1;
      res.writeHead(400).end();
      return;
    }
    const webhookId = req.headers["webhook-id"];
    if (seenIds.has(webhookId)) stats.duplicates += 1;
    seenIds.add(webhookId);
    if (!arrivals.has(payload.data.delivery_id)) arrivals.set(payload.data.delivery_id, at);
    res.writeHead(204).end();
  });
  const url = await listen(server);
  return { url: `${url}/hooks`, arrivals, stats, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))) };
}

/**
 * Letta's messages API stood in: answers after `delayMs` (an agent thinking),
 * records when each event first reached the agent, and how many messages were
 * in flight at once (must stay 1).
 */
export async function startFakeLetta(delayMs) {
  const arrivals = new Map();
  const stats = { messages: 0, events: 0, inFlight: 0, maxInFlight: 0 };
  const server = createServer(async (req, res) => {
    const { messages } = JSON.parse(await bodyOf(req));
    const at = performance.now();
    stats.messages += 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    for (const [, id] of messages[0].content.matchAll(/delivery_id ([^)\s]+)/g)) {
      stats.events += 1;
      if (!arrivals.has(id)) arrivals.set(id, at);
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    stats.inFlight -= 1;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ messages: [{ message_type: "assistant_message", content: "Noted." }] }));
  });
  const url = await listen(server);
  return { url, arrivals, stats, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))) };
}
