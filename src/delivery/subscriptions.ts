import { DEFAULT_LETTA_BASE_URL } from "../config.js";
import type { PrismaDb } from "../store/db.js";
import { DeliveryError } from "./errors.js";
import type { TargetKind } from "./outbox-router.js";
import { rulesSchema, type Rules } from "./rules.js";
import { generateWebhookSecret, isWebhookSecret } from "./signing.js";

export type Destination = { webhook: { url: string; secret?: string } } | { letta: { agentId: string; baseUrl: string; apiKey: string } };

export type NewSubscription = Destination & {
  name: string;
  /** Parsed with rulesSchema: fields left out take their defaults. */
  rules: unknown;
};

export interface SubscriptionInfo {
  name: string;
  target: TargetKind;
  /** The webhook URL, or the Letta agent and server; never a secret. */
  destination: string;
  rules: Rules | null;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
  pending: number;
  failed: number;
  /** The latest `subscription test`, if any. */
  lastTest: TestPing | null;
  /** The error of the newest delivery still failing (pending a retry, or failed): what is wrong now. */
  lastError: string | null;
}

export interface TestPing {
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

function checkUrl(url: string, what: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DeliveryError(`${what} "${url}" is not a URL: give an absolute http(s) URL, e.g. https://example.com/hooks/code-buddy`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new DeliveryError(`${what} "${url}" must start with https:// (or http://)`);
}

function parseRules(input: unknown): Rules {
  const parsed = rulesSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new DeliveryError(`Invalid rules:\n  ${problems.join("\n  ")}`);
}

function storedRules(json: string): Rules | null {
  try {
    const parsed = rulesSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function row(request: NewSubscription): { target: TargetKind; url: string; secret: string; agentId: string | null; generatedSecret: string | null } {
  if ("letta" in request) {
    const { agentId, baseUrl, apiKey } = request.letta;
    if (!AGENT_ID.test(agentId)) throw new DeliveryError(`"${agentId}" is not a Letta agent id: copy it from the agent's page in Letta, e.g. agent-0f4c…`);
    checkUrl(baseUrl, "The Letta URL");
    if (apiKey === "" && new URL(baseUrl).origin === DEFAULT_LETTA_BASE_URL)
      throw new DeliveryError("Letta Cloud needs an API key: set LETTA_API_KEY or pass --letta-key. For a self-hosted server without authentication, pass its --letta-url.");
    return { target: "letta", url: baseUrl, secret: apiKey, agentId, generatedSecret: null };
  }
  const { url, secret } = request.webhook;
  checkUrl(url, "The webhook URL");
  if (secret !== undefined && !isWebhookSecret(secret))
    throw new DeliveryError("The secret must be a Standard Webhooks secret: whsec_ followed by 24 to 64 bytes in base64. Leave --secret out to have one generated.");
  const generatedSecret = secret === undefined ? generateWebhookSecret() : null;
  return { target: "webhook", url, secret: secret ?? generatedSecret!, agentId: null, generatedSecret };
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2002";

/** Stores a subscription; returns the webhook secret when one was generated (shown once). The server picks it up within seconds. */
export async function addSubscription(prisma: PrismaDb, request: NewSubscription): Promise<{ info: SubscriptionInfo; generatedSecret: string | null }> {
  if (!NAME.test(request.name))
    throw new DeliveryError(`Subscription name "${request.name}" is not valid: use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit.`);
  const rules = parseRules(request.rules);
  const { generatedSecret, ...target } = row(request);
  try {
    const created = await prisma.subscription.create({ data: { name: request.name, ...target, rules: JSON.stringify(rules) } });
    return { info: infoOf(created, new Map(), new Map()), generatedSecret };
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DeliveryError(
        `A subscription named "${request.name}" already exists. Choose another name, or remove it first: code-buddy subscription remove ${request.name}`,
        "conflict",
      );
    throw error;
  }
}

type Row = {
  id: number;
  name: string;
  target: string;
  url: string;
  agentId: string | null;
  rules: string;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
};

function infoOf(subscription: Row, counts: Map<string, number>, tests: Map<number, TestPing>, lastError: string | null = null): SubscriptionInfo {
  const target = subscription.target as TargetKind;
  return {
    name: subscription.name,
    target,
    destination: target === "letta" ? `agent ${subscription.agentId} at ${subscription.url}` : subscription.url,
    rules: storedRules(subscription.rules),
    enabled: subscription.enabled,
    disabledReason: subscription.disabledReason,
    failingSince: subscription.failingSince,
    createdAt: subscription.createdAt,
    pending: counts.get(`${subscription.id}:pending`) ?? 0,
    failed: counts.get(`${subscription.id}:failed`) ?? 0,
    lastTest: tests.get(subscription.id) ?? null,
    lastError,
  };
}

export async function listSubscriptions(prisma: PrismaDb): Promise<SubscriptionInfo[]> {
  const [rows, groups, pings] = await Promise.all([
    prisma.subscription.findMany({ orderBy: { name: "asc" } }),
    prisma.delivery.groupBy({ by: ["subscriptionId", "status"], where: { status: { in: ["pending", "failed"] } }, _count: { _all: true } }),
    prisma.deliveryAttempt.findMany({
      where: { trigger: "test" },
      orderBy: { id: "desc" },
      distinct: ["subscriptionId"],
      select: { subscriptionId: true, startedAt: true, durationMs: true, statusCode: true, error: true },
    }),
  ]);
  const counts = new Map(groups.map((group) => [`${group.subscriptionId}:${group.status}`, group._count._all]));
  const tests = new Map(pings.map(({ subscriptionId, ...ping }) => [subscriptionId, ping]));
  const lastErrors = await Promise.all(
    rows.map((subscription) =>
      prisma.delivery.findFirst({
        where: { subscriptionId: subscription.id, status: { in: ["pending", "failed"] }, lastError: { not: null } },
        orderBy: { id: "desc" },
        select: { lastError: true },
      }),
    ),
  );
  return rows.map((subscription, index) => infoOf(subscription, counts, tests, lastErrors[index]?.lastError ?? null));
}

export const notFound = (name: string) => new DeliveryError(`No subscription named "${name}". See the existing ones with: code-buddy subscription list`, "not_found");

/** Deletes a subscription with its deliveries and their attempt log. */
export async function removeSubscription(prisma: PrismaDb, name: string): Promise<void> {
  const { count } = await prisma.subscription.deleteMany({ where: { name } });
  if (count === 0) throw notFound(name);
}

/** Re-enables a disabled subscription; its pending deliveries go out now, in order, without waiting out their retry times. */
export async function enableSubscription(prisma: PrismaDb, name: string, now: Date): Promise<void> {
  const subscription = await prisma.subscription.findUnique({ where: { name }, select: { id: true } });
  if (!subscription) throw notFound(name);
  await prisma.subscription.updateMany({ where: { id: subscription.id }, data: { enabled: true, disabledReason: null, failingSince: null } });
  await prisma.delivery.updateMany({ where: { subscriptionId: subscription.id, status: "pending" }, data: { nextAttemptAt: now } });
}

/** Stops deliveries to a subscription until it is enabled; its deliveries wait, pending, in order. */
export async function disableSubscription(prisma: PrismaDb, name: string, reason: string): Promise<void> {
  const { count } = await prisma.subscription.updateMany({ where: { name }, data: { enabled: false, disabledReason: reason } });
  if (count === 0) throw notFound(name);
}

/** The stored subscription, secret included: for sending, never for printing. */
export async function findSubscription(prisma: PrismaDb, name: string) {
  const found = await prisma.subscription.findUnique({ where: { name } });
  if (!found) throw notFound(name);
  return { ...found, target: found.target as TargetKind };
}
