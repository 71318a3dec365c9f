import { z } from "zod";
import { createToken, listTokens, revokeToken } from "../../auth/tokens.js";
import { deliveryDetail, listDeliveries, retryDelivery } from "../../delivery/deliveries.js";
import type { PushConfig } from "../../config.js";
import type { Fetch } from "../../delivery/http-post.js";
import { testSubscription } from "../../delivery/ping.js";
import {
  addSubscription,
  disableSubscription,
  enableSubscription,
  findSubscription,
  listSubscriptions,
  removeSubscription,
  type Destination,
} from "../../delivery/subscriptions.js";
import type { Db, PrismaDb } from "../../store/db.js";
import { defineRoute, type ApiRoute } from "../route.js";
import {
  createdSubscriptionSchema,
  createdTokenSchema,
  deliveryDetailSchema,
  deliveryListSchema,
  deliverySchema,
  deliveryStatus,
  newSubscriptionSchema,
  newTokenSchema,
  pingResultSchema,
  subscriptionListSchema,
  subscriptionSchema,
  tokenListSchema,
} from "../schemas/admin.js";
import { integerParam, limitParam, nameParam } from "../schemas/params.js";
import { attemptJson, deliveryJson, pingJson, subscriptionJson, tokenJson } from "./admin-json.js";

export interface AdminRouteDeps {
  db: Db;
  clock: () => Date;
  push: PushConfig;
  fetch: Fetch;
}

const subscriptionName = z.strictObject({ name: nameParam("subscription") });
const deliveryId = z.strictObject({ id: integerParam(1, Number.MAX_SAFE_INTEGER, "a delivery id") });
const noQuery = z.strictObject({});

type NewSubscriptionBody = z.output<typeof newSubscriptionSchema>;

function destinationOf(body: NewSubscriptionBody, push: PushConfig): Destination {
  if (body.webhook) return { webhook: { url: body.webhook.url, ...(body.webhook.secret !== undefined && { secret: body.webhook.secret }) } };
  const letta = body.letta!;
  return { letta: { agentId: letta.agent_id, baseUrl: letta.base_url ?? push.letta.baseUrl, apiKey: letta.api_key ?? push.letta.apiKey } };
}

function rulesOf(body: NewSubscriptionBody): Record<string, unknown> {
  const rules = body.rules ?? {};
  const camel = {
    events: rules.events,
    repositories: rules.repositories,
    actors: rules.actors,
    excludeActors: rules.exclude_actors,
    includeBots: rules.include_bots,
    mentions: rules.mentions,
    triggerUsers: rules.trigger_users,
    includePrivate: rules.include_private,
  };
  return Object.fromEntries(Object.entries(camel).filter(([, value]) => value !== undefined));
}

async function subscriptionNamed(prisma: PrismaDb, name: string) {
  const found = (await listSubscriptions(prisma)).find((subscription) => subscription.name === name);
  // Removed between the change and this read: findSubscription says so in the usual words.
  if (!found) await findSubscription(prisma, name);
  return subscriptionJson(found!);
}

/** Subscriptions, deliveries and tokens: for admin principals only (the router checks). */
export function adminRoutes({ db, clock, push, fetch }: AdminRouteDeps): ApiRoute[] {
  const prisma = db.prisma;
  return [
    defineRoute({
      method: "GET",
      path: "/subscriptions",
      operationId: "listSubscriptions",
      tag: "Admin",
      summary: "Subscriptions with their health",
      access: "admin",
      query: noQuery,
      response: subscriptionListSchema,
      handle: async () => ({ subscriptions: (await listSubscriptions(prisma)).map(subscriptionJson) }),
    }),
    defineRoute({
      method: "POST",
      path: "/subscriptions",
      operationId: "createSubscription",
      tag: "Admin",
      summary: "Push matching events to a webhook or a Letta agent",
      description: "A generated webhook secret appears in this answer only.",
      access: "admin",
      query: noQuery,
      body: newSubscriptionSchema,
      status: 201,
      response: createdSubscriptionSchema,
      handle: async ({ body }) => {
        const { info, generatedSecret } = await addSubscription(prisma, { name: body.name, ...destinationOf(body, push), rules: rulesOf(body) });
        return { subscription: subscriptionJson(info), secret: generatedSecret };
      },
    }),
    defineRoute({
      method: "DELETE",
      path: "/subscriptions/{name}",
      operationId: "deleteSubscription",
      tag: "Admin",
      summary: "Remove a subscription with its deliveries",
      access: "admin",
      params: subscriptionName,
      query: noQuery,
      response: z.object({ deleted: z.string() }),
      handle: async ({ params }) => {
        await removeSubscription(prisma, params.name);
        return { deleted: params.name };
      },
    }),
    defineRoute({
      method: "POST",
      path: "/subscriptions/{name}/test",
      operationId: "testSubscription",
      tag: "Admin",
      summary: "Send a ping now and return the answer",
      description: "Outside the outbox: no event or delivery is stored; the answer is logged as the subscription's last test.",
      access: "admin",
      params: subscriptionName,
      query: noQuery,
      response: pingResultSchema,
      handle: async ({ params }) => pingJson(await testSubscription(prisma, { fetch, clock }, push, await findSubscription(prisma, params.name))),
    }),
    defineRoute({
      method: "POST",
      path: "/subscriptions/{name}/enable",
      operationId: "enableSubscription",
      tag: "Admin",
      summary: "Enable a disabled subscription; its queue resumes in order",
      access: "admin",
      params: subscriptionName,
      query: noQuery,
      response: subscriptionSchema,
      handle: async ({ params }) => {
        await enableSubscription(prisma, params.name, clock());
        return subscriptionNamed(prisma, params.name);
      },
    }),
    defineRoute({
      method: "POST",
      path: "/subscriptions/{name}/disable",
      operationId: "disableSubscription",
      tag: "Admin",
      summary: "Stop deliveries until enabled; they wait, pending",
      access: "admin",
      params: subscriptionName,
      query: noQuery,
      response: subscriptionSchema,
      handle: async ({ params, principal }) => {
        await disableSubscription(prisma, params.name, `Disabled by ${principal.name} at ${clock().toISOString()}. Enable it again to resume its queue.`);
        return subscriptionNamed(prisma, params.name);
      },
    }),
    defineRoute({
      method: "GET",
      path: "/deliveries",
      operationId: "listDeliveries",
      tag: "Admin",
      summary: "Deliveries, newest first",
      access: "admin",
      query: z.strictObject({
        status: deliveryStatus.optional().describe("Only these: failed ones are the dead letters."),
        subscription: nameParam("subscription").optional(),
        limit: limitParam(50, 100),
        cursor: z
          .string()
          .regex(/^\d{1,15}$/, { error: "must be the next_cursor of the previous page" })
          .optional()
          .describe("next_cursor of the previous page."),
      }),
      response: deliveryListSchema,
      handle: async ({ query }) => {
        const rows = await listDeliveries(prisma, {
          limit: query.limit + 1,
          ...(query.status && { status: query.status }),
          ...(query.subscription && { subscription: query.subscription }),
          ...(query.cursor && { beforeId: Number(query.cursor) }),
        });
        const page = rows.slice(0, query.limit);
        return { deliveries: page.map(deliveryJson), next_cursor: rows.length > query.limit ? String(page.at(-1)!.id) : null };
      },
    }),
    defineRoute({
      method: "GET",
      path: "/deliveries/{id}",
      operationId: "getDelivery",
      tag: "Admin",
      summary: "One delivery with every attempt",
      access: "admin",
      params: deliveryId,
      query: noQuery,
      response: deliveryDetailSchema,
      handle: async ({ params }) => {
        const { delivery, attempts } = await deliveryDetail(prisma, params.id);
        return { delivery: deliveryJson(delivery), attempts: attempts.map(attemptJson) };
      },
    }),
    defineRoute({
      method: "POST",
      path: "/deliveries/{id}/retry",
      operationId: "retryDelivery",
      tag: "Admin",
      summary: "Send a failed (or delivered) delivery again, in its place in the order",
      access: "admin",
      params: deliveryId,
      query: noQuery,
      response: deliverySchema,
      handle: async ({ params }) => deliveryJson(await retryDelivery(db, params.id, clock())),
    }),
    defineRoute({
      method: "GET",
      path: "/tokens",
      operationId: "listTokens",
      tag: "Admin",
      summary: "Tokens (never their secrets)",
      access: "admin",
      query: noQuery,
      response: tokenListSchema,
      handle: async () => ({ tokens: (await listTokens(prisma)).map(tokenJson) }),
    }),
    defineRoute({
      method: "POST",
      path: "/tokens",
      operationId: "createToken",
      tag: "Admin",
      summary: "Create a cb_ token; its secret appears in this answer only",
      access: "admin",
      query: noQuery,
      body: newTokenSchema,
      status: 201,
      response: createdTokenSchema,
      handle: async ({ body }) => {
        const { token, info } = await createToken(prisma, {
          name: body.name,
          repositories: body.repositories,
          allowPrivate: body.private,
          admin: body.admin,
          login: body.login ?? null,
        });
        return { token: tokenJson(info), secret: token };
      },
    }),
    defineRoute({
      method: "DELETE",
      path: "/tokens/{name}",
      operationId: "revokeToken",
      tag: "Admin",
      summary: "Revoke a token: its requests, sessions and streams end",
      access: "admin",
      params: z.strictObject({ name: nameParam("token") }),
      query: noQuery,
      response: z.object({ revoked: z.string() }),
      handle: async ({ params }) => {
        await revokeToken(prisma, params.name);
        return { revoked: params.name };
      },
    }),
  ];
}
