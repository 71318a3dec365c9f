import { createHash, timingSafeEqual } from "node:crypto";
import { bearerCredential } from "../auth/authenticate.js";
import { HttpError, sendError } from "../http/http-error.js";
import { getRoute, type Handler } from "../http/route.js";
import type { Metrics } from "./metrics.js";

const digest = (text: string) => createHash("sha256").update(text).digest();
const refusal = () => new HttpError(401, 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>".', { "www-authenticate": 'Bearer realm="code-buddy-metrics"' });

/**
 * GET /metrics in Prometheus' text format, for the scraper holding
 * METRICS_TOKEN only. Without the variable there is no route at all (404):
 * nothing about the deployment shows by default.
 */
export function metricsRoute(token: string, { registry }: Pick<Metrics, "registry">): Handler {
  const expected = digest(token);
  return getRoute("/metrics", async (req, res) => {
    let presented: string | null;
    try {
      presented = bearerCredential(req, refusal);
    } catch (error) {
      sendError(res, error as HttpError);
      return;
    }
    // Digests are compared: equal lengths, and the comparison leaks nothing about the token.
    if (presented === null || !timingSafeEqual(digest(presented), expected)) {
      sendError(res, refusal());
      return;
    }
    const text = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" }).end(text);
  });
}
