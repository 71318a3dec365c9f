import autocannon from "autocannon";
import { randomUUID } from "node:crypto";

export const CONNECTIONS = 10;
const WEBHOOK_PATH = "/api/github/webhooks";

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

/**
 * Posts the signed bodies in rotation for `seconds`, each with a fresh delivery
 * id (a repeated id is a redelivery, which the app acknowledges without storing).
 */
export async function load(url, bodies, seconds) {
  let next = 0;
  const instance = autocannon({
    url: url + WEBHOOK_PATH,
    method: "POST",
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest(request) {
          const { event, body, signature } = bodies[next++ % bodies.length];
          const headers = { "content-type": "application/json", "x-github-event": event, "x-github-delivery": randomUUID(), "x-hub-signature-256": signature };
          return { ...request, headers, body };
        },
      },
    ],
  });
  // autocannon's histogram has a 1 ms resolution, too coarse for the baseline's latencies.
  const latencies = [];
  instance.on("response", (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    rps: result.requests.total / result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    sent: result.requests.sent,
  };
}
