import { activityDigest } from "../../dist/query/activity-digest.js";
import { eventByDeliveryId } from "../../dist/query/event-by-delivery-id.js";
import { eventStats } from "../../dist/query/event-stats.js";
import { listRepositories } from "../../dist/query/list-repositories.js";
import { markEventsRead } from "../../dist/query/mark-events-read.js";
import { recentEvents } from "../../dist/query/recent-events.js";
import { searchEvents } from "../../dist/query/search-events.js";
import { threadEvents } from "../../dist/query/thread-events.js";
import { unreadEvents } from "../../dist/query/unread-events.js";
import { random, VOCABULARY, world } from "./synthetic.mjs";

const DAY = 24 * 60 * 60 * 1000;
const LIMIT = 50;

export const TARGETS = { recent: 10, "by-id": 10, stats: 10, search: 50 };

const scope = (repositories, allowPrivate = true) => ({ name: "bench", repositories, allowPrivate });
const ALL = scope(["*"]);
const PUBLIC = scope(["*"], false);

/** Events to look up by id and threads to read: drawn from the database through the query layer. */
async function samples(db, end) {
  const next = random(99);
  const deliveryIds = [];
  const threads = [];
  for (let day = 1; deliveryIds.length < 100 && day < 90; day++) {
    const until = new Date(end.getTime() - day * DAY + Math.floor(next() * DAY));
    const { events } = await recentEvents(db, ALL, { until }, { limit: 5 });
    for (const { event } of events) {
      deliveryIds.push(event.delivery_id);
      if (event.repository && event.subject?.number && ["issue", "pull_request"].includes(event.subject.type)) threads.push([event.repository.full_name, event.subject.number]);
    }
  }
  return { deliveryIds, threads };
}

/** Every measured call: a group with a target (or none), and a function of the run number, so inputs vary between runs. */
export async function benchCases(db, end) {
  const { repositories, actors } = world();
  const { deliveryIds, threads } = await samples(db, end);
  const next = random(1234);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const busyRepository = () => repositories[Math.floor(next() * 20)].full_name;
  const anyRepository = () => pick(repositories).full_name;
  const someDay = () => new Date(end.getTime() - (1 + Math.floor(next() * 80)) * DAY);
  const firstPage = await recentEvents(db, ALL, {}, { limit: LIMIT });
  const unreadStart = (await recentEvents(db, ALL, { until: new Date(end.getTime() - DAY / 24) }, { limit: 1 })).events[0].id;
  await markEventsRead(db, ALL, "bench-reader", unreadStart);
  const lastDay = { since: new Date(end.getTime() - DAY), until: end };
  const common = VOCABULARY[0];
  const medium = VOCABULARY[60];
  const rare = VOCABULARY[15000];
  const recent =
    (filter, page = {}, caller = ALL) =>
    () =>
      recentEvents(db, caller, filter, { limit: LIMIT, ...page });
  return [
    { group: "recent", name: "recent: no filter", run: recent({}) },
    { group: "recent", name: "recent: next page (cursor)", run: recent({}, { cursor: firstPage.nextCursor }) },
    { group: "recent", name: "recent: repository (any of 200)", run: () => recentEvents(db, ALL, { repository: anyRepository() }, { limit: LIMIT }) },
    { group: "recent", name: "recent: eventType pull_request", run: recent({ eventType: "pull_request" }) },
    { group: "recent", name: "recent: eventType release", run: recent({ eventType: "release" }) },
    { group: "recent", name: "recent: actor (any of 500)", run: () => recentEvents(db, ALL, { actor: pick(actors).login }, { limit: LIMIT }) },
    { group: "recent", name: "recent: issues + opened", run: recent({ eventType: "issues", action: "opened" }) },
    { group: "recent", name: "recent: repository + pull_request", run: () => recentEvents(db, ALL, { repository: anyRepository(), eventType: "pull_request" }, { limit: LIMIT }) },
    {
      group: "recent",
      name: "recent: repository + actor",
      run: () => recentEvents(db, ALL, { repository: busyRepository(), actor: pick(actors.slice(0, 50)).login }, { limit: LIMIT }),
    },
    {
      group: "recent",
      name: "recent: one day (since/until)",
      run: () => {
        const since = someDay();
        return recentEvents(db, ALL, { since, until: new Date(since.getTime() + DAY) }, { limit: LIMIT });
      },
    },
    { group: "recent", name: "recent: owner/* scope", run: () => recentEvents(db, scope([`${pick(world().owners)}/*`]), {}, { limit: LIMIT }) },
    { group: "recent", name: "recent: owner/* scope + release", run: () => recentEvents(db, scope([`${pick(world().owners)}/*`]), { eventType: "release" }, { limit: LIMIT }) },
    {
      group: "recent",
      name: "recent: owner/* scope, no private + release",
      run: () => recentEvents(db, scope([`${pick(world().owners)}/*`], false), { eventType: "release" }, { limit: LIMIT }),
    },
    { group: "recent", name: "recent: 3-repository scope", run: () => recentEvents(db, scope([anyRepository(), anyRepository(), anyRepository()]), {}, { limit: LIMIT }) },
    {
      group: "recent",
      name: "recent: 3-repository scope + pull_request",
      run: () => recentEvents(db, scope([anyRepository(), anyRepository(), anyRepository()]), { eventType: "pull_request" }, { limit: LIMIT }),
    },
    { group: "recent", name: "recent: private excluded", run: recent({}, {}, PUBLIC) },
    { group: "recent", name: "recent: private excluded + release", run: recent({ eventType: "release" }, {}, PUBLIC) },
    { group: "by-id", name: "eventByDeliveryId", run: () => eventByDeliveryId(db, ALL, pick(deliveryIds)) },
    { group: "by-id", name: "eventByDeliveryId + payload", run: () => eventByDeliveryId(db, ALL, pick(deliveryIds), { includePayload: true }) },
    { group: "stats", name: "eventStats: all", run: () => eventStats(db, ALL) },
    { group: "stats", name: "eventStats: one repository", run: () => eventStats(db, ALL, { repository: anyRepository() }) },
    {
      group: "stats",
      name: "eventStats: one day",
      run: () => {
        const since = someDay();
        return eventStats(db, ALL, { since, until: new Date(since.getTime() + DAY) });
      },
    },
    { group: "stats", name: "eventStats: all, private excluded", run: () => eventStats(db, PUBLIC) },
    { group: "search", name: `search: common word "${common}"`, run: () => searchEvents(db, ALL, common, {}, { limit: LIMIT }) },
    { group: "search", name: `search: medium word "${medium}"`, run: () => searchEvents(db, ALL, medium, {}, { limit: LIMIT }) },
    { group: "search", name: `search: rare word "${rare}"`, run: () => searchEvents(db, ALL, rare, {}, { limit: LIMIT }) },
    { group: "search", name: `search: "${common}" + repository`, run: () => searchEvents(db, ALL, common, { repository: anyRepository() }, { limit: LIMIT }) },
    { group: "search", name: `search: "${medium}" + repository`, run: () => searchEvents(db, ALL, medium, { repository: anyRepository() }, { limit: LIMIT }) },
    { group: "search", name: `search: "${medium} ${common}"`, run: () => searchEvents(db, ALL, `${medium} ${common}`, {}, { limit: LIMIT }) },
    { group: "search", name: `search: prefix "${common.slice(0, 2)}*"`, run: () => searchEvents(db, ALL, `${common.slice(0, 2)}*`, {}, { limit: LIMIT }) },
    { group: "search", name: `search: "${common}", private excluded`, run: () => searchEvents(db, PUBLIC, common, {}, { limit: LIMIT }) },
    {
      group: null,
      name: "threadEvents",
      run: () => {
        const [repository, number] = pick(threads);
        return threadEvents(db, ALL, repository, number);
      },
    },
    { group: null, name: "listRepositories", run: () => listRepositories(db, ALL) },
    { group: null, name: "listRepositories: private excluded", run: () => listRepositories(db, PUBLIC) },
    { group: null, name: "activityDigest: last day", run: () => activityDigest(db, ALL, lastDay) },
    { group: null, name: "activityDigest: last day, owner/*", run: () => activityDigest(db, scope([`${pick(world().owners)}/*`]), lastDay) },
    { group: null, name: "unreadEvents: 1 h behind", run: () => unreadEvents(db, ALL, "bench-reader", { limit: LIMIT, now: end }) },
    { group: null, name: "unreadEvents: first read", run: () => unreadEvents(db, ALL, "bench-newcomer", { limit: LIMIT, now: end }) },
  ];
}
