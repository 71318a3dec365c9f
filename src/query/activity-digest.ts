import { scopeCondition, type Scope } from "../auth/scope.js";
import type { NormalizedEvent } from "../normalize/types.js";
import type { Db } from "../store/db.js";
import type { Provider } from "../store/provider.js";
import { join, list, sql, type Fragment } from "../store/sql.js";
import { boundLists, type BoundedLists } from "./digest-budget.js";
import { addToLists, emptyLists, type RepositoryLists } from "./digest-lists.js";
import { chooseDriver } from "./driver.js";
import { QueryError } from "./errors.js";
import { eventConditions } from "./filter-sql.js";
import { scopeWithoutIndex } from "./index-hint.js";
import { toNumber } from "./rows.js";

export interface DigestOptions {
  since: Date;
  until: Date;
  /** "owner/name": only this repository. */
  repository?: string;
}

export interface RepositoryActivity extends BoundedLists {
  /** "owner/name", or an organization's login for its events without a repository. */
  name: string;
  events: number;
  /** Events in no list above, by event type: the most frequent types… */
  other?: Record<string, number>;
  /** …and how many events of how many further types. */
  other_more?: { types: number; events: number };
  /** With the digest's since and until: the recent-events filter that lists all of them. */
  filter?: { repository: string };
}

export interface ActivityDigest {
  since: string;
  until: string;
  total_events: number;
  /** The most active repositories, most events first. */
  repositories: RepositoryActivity[];
  /** The other repositories' event counts. */
  other_repositories?: Record<string, number>;
  more_repositories?: number;
  drill_down: string;
  /** Present when the period held more listed events than one digest reads: the lists then cover the newest of them. */
  capped?: { listed_events: number; read: number; note: string };
}

const MAX_PERIOD_DAYS = 31;
/** The listed events one digest reads at most, newest first. */
export const MAX_LISTED_EVENTS = 5000;
const DETAILED_REPOSITORIES = 10;
const COUNTED_REPOSITORIES = 10;
const OTHER_TYPES = 5;
const DRILL_DOWN = "To see every event of a repository in this period, list recent events with its filter plus this since and until.";

/**
 * The events the lists show (see digest-lists.ts); the others are only
 * counted. CASE makes PostgreSQL read the JSON of completed CI runs only.
 */
function listedCondition(provider: Provider): Fragment {
  const conclusion = provider === "sqlite" ? sql`json_extract(event, '$.details.conclusion')` : sql`(event::json -> 'details' ->> 'conclusion')`;
  const failedRun = sql`CASE WHEN event_type IN ('workflow_run', 'check_suite', 'check_run') AND action = 'completed' THEN ${conclusion} IN ('failure', 'timed_out') ELSE false END`;
  return sql`((event_type IN ('pull_request', 'issues') AND action IN ('opened', 'closed')) OR (event_type = 'release' AND action = 'published') OR event_type = 'push' OR ${failedRun})`;
}

interface CountRow {
  repository: string | null;
  owner: string | null;
  event_type: string;
  listed: number | bigint | boolean;
  n: number | bigint;
  last_id: number | bigint;
}

interface Group {
  name: string;
  /** Whether `name` is spelled as GitHub does (read from an event), rather than the lowercased column. */
  spelled: boolean;
  repository: string | null;
  events: number;
  lastId: number;
  other: Record<string, number>;
  lists: RepositoryLists;
}

function checkPeriod({ since, until }: DigestOptions): void {
  if (until.getTime() - since.getTime() > MAX_PERIOD_DAYS * 24 * 60 * 60 * 1000) {
    throw new QueryError(`an activity digest covers at most ${MAX_PERIOD_DAYS} days; ask for a shorter period, or use event stats for longer ones.`);
  }
}

function nameOf(event: NormalizedEvent): string | null {
  return event.repository?.full_name ?? event.organization?.login ?? null;
}

/**
 * What happened in a period, per repository: pull requests opened, merged and
 * closed unmerged, issues opened and closed, releases, pushes per branch,
 * failed CI runs, and the rest counted by type. Counts are exact; lists are
 * bounded (see digest-budget.ts) and read from at most MAX_LISTED_EVENTS events.
 */
export async function activityDigest(db: Db, scope: Scope, options: DigestOptions): Promise<ActivityDigest> {
  const where = join(eventConditions(db.provider, scope, options, await chooseDriver(db, scope, options)), " AND ");
  checkPeriod(options);
  const listed = listedCondition(db.provider);
  const [counts, rows] = await Promise.all([
    db.rows<CountRow>(
      sql`SELECT repository, owner, event_type, CASE WHEN ${listed} THEN 1 ELSE 0 END AS listed, count(*) AS n, MAX(id) AS last_id FROM events WHERE ${where} GROUP BY 1, 2, 3, 4`,
    ),
    db.rows<{ event: string }>(sql`SELECT event FROM events WHERE ${where} AND ${listed} ORDER BY occurred_at DESC, id DESC LIMIT ${MAX_LISTED_EVENTS + 1}`),
  ]);
  const groups = new Map<string, Group>();
  let listedEvents = 0;
  for (const row of counts) {
    const key = row.repository ?? row.owner ?? "";
    const group = groups.get(key) ?? { name: key, spelled: false, repository: row.repository, events: 0, lastId: 0, other: {}, lists: emptyLists() };
    groups.set(key, group);
    const n = toNumber(row.n);
    group.events += n;
    group.lastId = Math.max(group.lastId, toNumber(row.last_id));
    if (Number(row.listed) === 1) listedEvents += n;
    else group.other[row.event_type] = (group.other[row.event_type] ?? 0) + n;
  }
  for (const row of rows.slice(0, MAX_LISTED_EVENTS)) {
    const event = JSON.parse(row.event) as NormalizedEvent;
    const group = groups.get((event.repository?.full_name ?? event.organization?.login ?? "").toLowerCase());
    if (!group) continue;
    group.name = nameOf(event) ?? group.name;
    group.spelled = true;
    addToLists(group.lists, event);
  }
  const ranked = [...groups.values()].sort((a, b) => b.events - a.events || a.name.localeCompare(b.name)).slice(0, DETAILED_REPOSITORIES + COUNTED_REPOSITORIES);
  await spellNames(db, scope, ranked);
  return assemble(options, [...groups.values()], ranked, listedEvents, rows.length);
}

/** Names as GitHub spells them, for the groups no listed event named: from their latest event. */
async function spellNames(db: Db, scope: Scope, groups: Group[]): Promise<void> {
  const unspelled = groups.filter((group) => !group.spelled);
  if (unspelled.length === 0) return;
  const rows = await db.rows<{ id: number | bigint; event: string }>(
    sql`SELECT id, event FROM events WHERE id IN ${list(unspelled.map((group) => group.lastId))} AND ${scopeCondition(scope, scopeWithoutIndex(db.provider))}`,
  );
  const names = new Map(rows.map((row) => [toNumber(row.id), nameOf(JSON.parse(row.event) as NormalizedEvent)]));
  for (const group of unspelled) group.name = names.get(group.lastId) ?? group.name;
}

/** The most frequent unlisted event types, the rest summed: a busy repository sees 40 types a day. */
function otherTypes(counts: Record<string, number>): Pick<RepositoryActivity, "other" | "other_more"> {
  const ranked = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (ranked.length === 0) return {};
  const rest = ranked.slice(OTHER_TYPES);
  return {
    other: Object.fromEntries(ranked.slice(0, OTHER_TYPES)),
    ...(rest.length > 0 ? { other_more: { types: rest.length, events: rest.reduce((sum, [, n]) => sum + n, 0) } } : {}),
  };
}

function assemble({ since, until }: DigestOptions, groups: Group[], ranked: Group[], listedEvents: number, read: number): ActivityDigest {
  const detailed = ranked.slice(0, DETAILED_REPOSITORIES);
  const counted = groups.length - DETAILED_REPOSITORIES;
  const bounded = boundLists(detailed.map((group) => group.lists));
  const digest: ActivityDigest = {
    since: since.toISOString(),
    until: until.toISOString(),
    total_events: groups.reduce((sum, group) => sum + group.events, 0),
    repositories: detailed.map((group, index) => ({
      name: group.name,
      events: group.events,
      ...bounded[index],
      ...otherTypes(group.other),
      ...(group.repository === null ? {} : { filter: { repository: group.name } }),
    })),
    drill_down: DRILL_DOWN,
  };
  if (counted > 0) digest.other_repositories = Object.fromEntries(ranked.slice(DETAILED_REPOSITORIES).map((group) => [group.name, group.events]));
  if (counted > COUNTED_REPOSITORIES) digest.more_repositories = counted - COUNTED_REPOSITORIES;
  if (read > MAX_LISTED_EVENTS) {
    digest.capped = {
      listed_events: listedEvents,
      read: MAX_LISTED_EVENTS,
      note: `The lists cover the newest ${MAX_LISTED_EVENTS} of ${listedEvents} listed events; ask for a shorter period or one repository for all of them.`,
    };
  }
  return digest;
}
