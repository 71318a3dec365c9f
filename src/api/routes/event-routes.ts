import { z } from "zod";
import type { Db } from "../../store/db.js";
import { activityDigest } from "../../query/activity-digest.js";
import { eventByDeliveryId } from "../../query/event-by-delivery-id.js";
import { eventStats } from "../../query/event-stats.js";
import { listRepositories } from "../../query/list-repositories.js";
import { recentEvents } from "../../query/recent-events.js";
import { searchEvents } from "../../query/search-events.js";
import { threadEvents } from "../../query/thread-events.js";
import { ApiError } from "../api-error.js";
import { defineRoute, type ApiRoute } from "../route.js";
import { digestSchema, eventDetailSchema, eventPageSchema, repositoriesSchema, statsSchema, threadSchema } from "../schemas/events.js";
import { booleanParam, eventFilterParams, integerParam, limitParam, periodParams, repositoryParam } from "../schemas/params.js";
import { checkPeriod, toEventFilter } from "./event-filter.js";

export interface EventRouteDeps {
  db: Db;
  clock: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The read routes: every one through the scoped query layer, with the caller's scope. */
export function eventRoutes({ db, clock }: EventRouteDeps): ApiRoute[] {
  return [
    defineRoute({
      method: "GET",
      path: "/events",
      operationId: "listEvents",
      tag: "Events",
      summary: "List events, newest first",
      description: "The events the caller may see, filtered, a page at a time; with q, those whose titles, bodies, comments, commit messages or summary contain every word of q.",
      access: "reader",
      query: z.strictObject({
        ...eventFilterParams,
        ...periodParams,
        q: z.string().min(1).max(500).optional().describe("Full-text search: every word must occur."),
        limit: limitParam(50, 100),
        cursor: z.string().min(1).max(200).optional().describe("next_cursor of the previous page; omit for the newest."),
      }),
      response: eventPageSchema,
      handle: async ({ query, principal }) => {
        const filter = toEventFilter(query);
        const page = { limit: query.limit, ...(query.cursor !== undefined && { cursor: query.cursor }) };
        const found = query.q === undefined ? await recentEvents(db, principal.scope, filter, page) : await searchEvents(db, principal.scope, query.q, filter, page);
        return { events: found.events.map((record) => record.event), next_cursor: found.nextCursor };
      },
    }),
    defineRoute({
      method: "GET",
      path: "/events/{delivery_id}",
      operationId: "getEvent",
      tag: "Events",
      summary: "One event, optionally with its raw payload",
      access: "reader",
      params: z.strictObject({ delivery_id: z.string().min(1).max(200).describe("The event's delivery_id (X-GitHub-Delivery).") }),
      query: z.strictObject({ include_payload: booleanParam.optional().describe("Also return the webhook payload exactly as GitHub sent it (default false).") }),
      response: eventDetailSchema,
      handle: async ({ params, query, principal }) => {
        const found = await eventByDeliveryId(db, principal.scope, params.delivery_id, { includePayload: query.include_payload ?? false });
        if (!found)
          throw new ApiError(
            404,
            "not_found",
            `No event with delivery_id "${params.delivery_id}" is visible to this token. Take the id from GET /api/v1/events; events past the retention period are deleted.`,
          );
        return query.include_payload ? { event: found.event, payload: found.payload } : { event: found.event };
      },
    }),
    defineRoute({
      method: "GET",
      path: "/stats",
      operationId: "getStats",
      tag: "Events",
      summary: "Event counts by type and repository",
      access: "reader",
      query: z.strictObject({ ...periodParams, repository: repositoryParam.optional() }),
      response: statsSchema,
      handle: async ({ query, principal }) => {
        checkPeriod(query.since, query.until);
        return eventStats(db, principal.scope, {
          ...(query.since && { since: query.since }),
          ...(query.until && { until: query.until }),
          ...(query.repository && { repository: query.repository }),
        });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/repositories",
      operationId: "listRepositories",
      tag: "Events",
      summary: "Repositories with events, most recently active first",
      access: "reader",
      query: z.strictObject({}),
      response: repositoriesSchema,
      handle: async ({ principal }) => ({ repositories: await listRepositories(db, principal.scope) }),
    }),
    defineRoute({
      method: "GET",
      path: "/repos/{owner}/{repo}/threads/{number}",
      operationId: "getThread",
      tag: "Events",
      summary: "Every event of one issue, pull request or discussion, oldest first",
      access: "reader",
      params: z.strictObject({
        owner: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/, { error: "must be a GitHub owner login" }),
        repo: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, { error: "must be a repository name" }),
        number: integerParam(1, 2_147_483_647, "an issue, pull request or discussion number"),
      }),
      query: z.strictObject({ limit: limitParam(200, 1000) }),
      response: threadSchema,
      handle: async ({ params, query, principal }) => {
        const repository = `${params.owner}/${params.repo}`;
        const thread = await threadEvents(db, principal.scope, repository, params.number, { limit: query.limit });
        return { repository, number: params.number, events: thread.events.map((record) => record.event), truncated: thread.truncated };
      },
    }),
    defineRoute({
      method: "GET",
      path: "/digest",
      operationId: "getDigest",
      tag: "Events",
      summary: "What happened in a period, per repository",
      description:
        "Pull requests opened, merged and closed, issues, releases, pushes and failed CI per repository; the last 24 hours unless since/until say otherwise (31 days at most).",
      access: "reader",
      query: z.strictObject({ ...periodParams, repository: repositoryParam.optional() }),
      response: digestSchema,
      handle: async ({ query, principal }) => {
        const until = query.until ?? clock();
        const since = query.since ?? new Date(until.getTime() - DAY_MS);
        checkPeriod(since, until);
        return activityDigest(db, principal.scope, { since, until, ...(query.repository && { repository: query.repository }) });
      },
    }),
  ];
}
