import { deliveryDetail, listDeliveries, retryDelivery, type DeliveryStatus } from "../delivery/deliveries.js";
import { testSubscription } from "../delivery/ping.js";
import { disableSubscription, enableSubscription, findSubscription, listSubscriptions } from "../delivery/subscriptions.js";
import { doneNotice, type ConsoleDeps, type PageRoute } from "./console-route.js";
import { deliveriesPage, deliveryPage } from "./pages/deliveries-page.js";
import { redirect, sendPage } from "./respond.js";

const LISTED = 50;
const STATUSES = new Set<string>(["pending", "delivered", "failed"]);

/** Deliveries: the subscriptions' health, Test ping, Enable and Disable; the deliveries, their attempts, Retry. For admins. */
export function deliveryRoutes({ db, clock, push, fetch: fetchImpl = fetch }: ConsoleDeps): PageRoute[] {
  const prisma = db.prisma;
  const listing = async (url: URL) => {
    const requested = url.searchParams.get("status") ?? "";
    const status = STATUSES.has(requested) ? (requested as DeliveryStatus) : undefined;
    const subscription = url.searchParams.get("subscription") ?? undefined;
    const [subscriptions, deliveries] = await Promise.all([
      listSubscriptions(prisma),
      listDeliveries(prisma, { limit: LISTED, ...(status && { status }), ...(subscription && { subscription }) }),
    ]);
    return { subscriptions, deliveries, status };
  };
  return [
    {
      method: "GET",
      pattern: /^\/deliveries$/,
      access: "admin",
      handle: async ({ res, url, principal }) => sendPage(res, 200, deliveriesPage({ principal: principal!, ...(await listing(url)), notice: doneNotice(url) })),
    },
    {
      method: "GET",
      pattern: /^\/deliveries\/(\d{1,15})$/,
      access: "admin",
      handle: async ({ res, url, params: [id], principal }) => {
        const { delivery, attempts } = await deliveryDetail(prisma, Number(id));
        sendPage(res, 200, deliveryPage(principal!, delivery, attempts, doneNotice(url)));
      },
    },
    {
      method: "POST",
      pattern: /^\/deliveries\/(\d{1,15})\/retry$/,
      access: "admin",
      handle: async ({ res, params: [id] }) => {
        await retryDelivery(db, Number(id), clock());
        redirect(res, `/deliveries/${id}?done=retried`);
      },
    },
    {
      method: "POST",
      pattern: /^\/deliveries\/subscriptions\/([^/]+)\/(enable|disable)$/,
      access: "admin",
      handle: async ({ res, params: [name, action], principal }) => {
        if (action === "enable") await enableSubscription(prisma, name!, clock());
        else await disableSubscription(prisma, name!, `Disabled by ${principal!.name} at ${clock().toISOString()} in the console. Enable it again to resume its queue.`);
        redirect(res, `/deliveries?done=${action}d`);
      },
    },
    {
      method: "POST",
      pattern: /^\/deliveries\/subscriptions\/([^/]+)\/test$/,
      access: "admin",
      handle: async ({ res, url, params: [name], principal }) => {
        const result = await testSubscription(prisma, { fetch: fetchImpl, clock }, push, await findSubscription(prisma, name!));
        const answer = result.statusCode === null ? (result.error ?? "no answer") : `HTTP ${result.statusCode}${result.error ? ` (${result.error})` : ""}`;
        const delivered = result.outcome === "delivered";
        const text = `Ping to "${name}" ${delivered ? "delivered" : "failed"}: ${answer} after ${result.durationMs} ms.${result.response ? ` Answer: ${result.response.slice(0, 300)}` : ""}`;
        sendPage(res, 200, deliveriesPage({ principal: principal!, ...(await listing(url)), notice: { kind: delivered ? "ok" : "error", text } }));
      },
    },
  ];
}
