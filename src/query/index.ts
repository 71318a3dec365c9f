// The scoped query layer: everything an agent reads goes through these functions, each applying the caller's Scope.
export { activityDigest, type ActivityDigest, type DigestOptions, type RepositoryActivity } from "./activity-digest.js";
export { QueryError } from "./errors.js";
export { eventByDeliveryId, type EventWithPayload } from "./event-by-delivery-id.js";
export { eventStats, type ScopedEventStats, type StatsOptions } from "./event-stats.js";
export { listRepositories, type RepositorySummary } from "./list-repositories.js";
export { markEventsRead } from "./mark-events-read.js";
export { recentEvents } from "./recent-events.js";
export { searchEvents } from "./search-events.js";
export { threadEvents, type ThreadEvents } from "./thread-events.js";
export type { EventFilter, EventPage, EventRecord, PageRequest } from "./types.js";
export { unreadEvents, type UnreadEvents, type UnreadOptions } from "./unread-events.js";
export { MAX_LIMIT, parseConsumer, parseLogin, parseRepository } from "./validate.js";
