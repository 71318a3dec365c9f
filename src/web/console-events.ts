import { QueryError } from "../query/errors.js";
import { eventByDeliveryId } from "../query/event-by-delivery-id.js";
import { recentEvents } from "../query/recent-events.js";
import type { EventFilter } from "../query/types.js";
import { activitySeries, PERIODS, type Breakdown, type Period } from "./activity-series.js";
import type { ConsoleDeps, PageRoute } from "./console-route.js";
import { activityPage } from "./pages/activity-page.js";
import { eventPage } from "./pages/event-page.js";
import { feedPage, type FeedFilters } from "./pages/feed-page.js";
import { messagePage } from "./pages/message-page.js";
import { sendPage } from "./respond.js";

const FEED_SIZE = 50;

function filtersOf(url: URL): FeedFilters {
  const filters: FeedFilters = {};
  for (const name of ["event_type", "repository", "actor"] as const) {
    const value = url.searchParams.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

function toFilter({ event_type, repository, actor }: FeedFilters): EventFilter {
  return { ...(event_type && { eventType: event_type }), ...(repository && { repository }), ...(actor && { actor: actor.replace(/^@/, "") }) };
}

/** The live feed, one event's page, the activity chart: for anyone signed in, within their scope. */
export function eventPageRoutes({ db, clock }: ConsoleDeps): PageRoute[] {
  return [
    {
      method: "GET",
      pattern: /^\/$/,
      access: "reader",
      handle: async ({ res, url, principal }) => {
        const filters = filtersOf(url);
        // Read before the list: the stream starts here, so nothing stored meanwhile is missed (the page drops what it shows twice).
        const after = (await db.prisma.event.aggregate({ _max: { id: true } }))._max.id ?? 0;
        try {
          const page = await recentEvents(db, principal!.scope, toFilter(filters), { limit: FEED_SIZE });
          sendPage(res, 200, feedPage({ principal: principal!, filters, events: page.events, after, error: null }));
        } catch (error) {
          if (!(error instanceof QueryError)) throw error;
          sendPage(res, 400, feedPage({ principal: principal!, filters, events: [], after, error: error.message }));
        }
      },
    },
    {
      method: "GET",
      pattern: /^\/events\/([^/]+)$/,
      access: "reader",
      handle: async ({ res, params: [deliveryId], principal }) => {
        const found = await eventByDeliveryId(db, principal!.scope, deliveryId!, { includePayload: true });
        if (!found)
          sendPage(res, 404, messagePage(principal, "feed", "Not found", `No event with delivery id ${deliveryId} is visible to you (or it is past the retention period).`));
        else sendPage(res, 200, eventPage(principal!, found.event, found.payload));
      },
    },
    {
      method: "GET",
      pattern: /^\/activity$/,
      access: "reader",
      handle: async ({ res, url, principal }) => {
        const requested = url.searchParams.get("period") ?? "";
        const period: Period = requested in PERIODS ? (requested as Period) : "24h";
        const by: Breakdown = url.searchParams.get("by") === "repository" ? "repository" : "type";
        sendPage(res, 200, activityPage(principal!, await activitySeries(db, principal!.scope, period, by, clock())));
      },
    },
  ];
}
