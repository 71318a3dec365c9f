import { SubscriptionDirectory } from "../../src/delivery/subscription-directory.js";
import { addSubscription } from "../../src/delivery/subscriptions.js";
import { createIngest } from "../../src/github/ingest.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { payloadOf, silent, type EventSpec } from "../support/delivery-world.js";
import { incoming } from "../support/webhooks.js";

const databases = await testDatabases();

/** One subscription per kind of rule, then which of these events each one is queued. */
const SUBSCRIPTIONS: Record<string, Record<string, unknown>> = {
  everything: {},
  "pr-opened": { events: ["pull_request.opened"] },
  "octo-org": { repositories: ["octo-org/*"] },
  "only-hello": { repositories: ["Octo-Org/Hello"] },
  "by-alice": { actors: ["alice"] },
  "not-alice": { excludeActors: ["alice"] },
  bots: { includeBots: true },
  "mentions-buddy": { mentions: ["buddy"] },
  "buddy-by-alice": { mentions: ["buddy"], triggerUsers: ["alice"] },
  private: { includePrivate: true },
};

const EVENTS: Record<string, EventSpec> = {
  "pr-opened-by-octocat": { name: "pull_request", action: "opened", repository: "octo-org/hello", actor: "octocat" },
  "issue-in-globex": { name: "issues", action: "opened", repository: "globex/web", actor: "alice" },
  "comment-mentioning-buddy": { name: "issue_comment", action: "created", repository: "octo-org/api", actor: "alice", comment: "@buddy please look" },
  "bot-push": { name: "push", repository: "octo-org/hello", actor: "renovate[bot]", actorType: "Bot" },
  "own-bot-push": { name: "push", repository: "octo-org/hello", actor: "code-buddy[bot]", actorType: "Bot" },
  "private-push": { name: "push", repository: "octo-org/secret", private: true, actor: "octocat" },
};

const EXPECTED: Record<string, string[]> = {
  everything: ["pr-opened-by-octocat", "issue-in-globex", "comment-mentioning-buddy"],
  "pr-opened": ["pr-opened-by-octocat"],
  "octo-org": ["pr-opened-by-octocat", "comment-mentioning-buddy"],
  "only-hello": ["pr-opened-by-octocat"],
  "by-alice": ["issue-in-globex", "comment-mentioning-buddy"],
  "not-alice": ["pr-opened-by-octocat"],
  bots: ["pr-opened-by-octocat", "issue-in-globex", "comment-mentioning-buddy", "bot-push"],
  "mentions-buddy": ["comment-mentioning-buddy"],
  "buddy-by-alice": ["comment-mentioning-buddy"],
  private: ["pr-opened-by-octocat", "issue-in-globex", "comment-mentioning-buddy", "private-push"],
};

describe.each(databases)("routing events to the outbox on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
  });
  afterAll(() => drop());

  test("each rule kind queues the events it matches, with its order key", async () => {
    for (const [name, rules] of Object.entries(SUBSCRIPTIONS)) await addSubscription(db.prisma, { name, webhook: { url: "https://example.com/hook" }, rules });
    await addSubscription(db.prisma, { name: "agent", letta: { agentId: "agent-1", baseUrl: "http://letta.internal:8283", apiKey: "" }, rules: { events: ["push"] } });
    const directory = new SubscriptionDirectory(db.prisma, silent);
    await directory.refresh();
    directory.setOwnLogins(["Code-Buddy[bot]"]);
    const ingest = createIngest({ db, log: silent, clock: () => new Date(), route: directory.route });
    for (const [id, spec] of Object.entries(EVENTS)) await ingest(incoming(id, spec.name, payloadOf(spec)));

    const rows = await db.prisma.delivery.findMany({ include: { subscription: true, event: true }, orderBy: { id: "asc" } });
    const queued = (name: string) => rows.filter((row) => row.subscription.name === name).map((row) => row.event.deliveryId);
    for (const [name, events] of Object.entries(EXPECTED)) expect({ name, events: queued(name) }).toEqual({ name, events });
    expect(queued("agent")).toEqual([]);

    const pr = rows.find((row) => row.subscription.name === "everything" && row.event.deliveryId === "pr-opened-by-octocat")!;
    expect(pr).toMatchObject({ status: "pending", attempts: 0, orderKey: `${pr.subscriptionId}:octo-org/hello`, claimedUntil: null });
  });

  test("a Letta subscription's order key is the subscription: one queue per agent", async () => {
    const directory = new SubscriptionDirectory(db.prisma, silent);
    await directory.refresh();
    const ingest = createIngest({ db, log: silent, clock: () => new Date(), route: directory.route });
    await ingest(incoming("push-a", "push", payloadOf({ name: "push", repository: "octo-org/a" })));
    await ingest(incoming("push-b", "push", payloadOf({ name: "push", repository: "globex/b" })));
    const agent = await db.prisma.subscription.findUniqueOrThrow({ where: { name: "agent" } });
    const keys = await db.prisma.delivery.findMany({ where: { subscriptionId: agent.id }, select: { orderKey: true } });
    expect(keys).toEqual([{ orderKey: String(agent.id) }, { orderKey: String(agent.id) }]);
  });
});
