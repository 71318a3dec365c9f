import { pino } from "pino";
import type { Scope } from "../../src/auth/scope.js";
import { createIngest } from "../../src/github/ingest.js";
import { normalize } from "../../src/normalize/index.js";
import type { Db } from "../../src/store/db.js";
import { eventRow } from "../../src/store/events.js";
import { example, incoming } from "./webhooks.js";

// Example payloads are edited field by field; restating their webhook types here would add nothing.
type EditablePayload = Record<string, any>;

export interface Stored {
  /** The delivery id. */
  id: string;
  /** The webhook event name. */
  name: string;
  at: Date;
  /** "Owner/Name" as GitHub spells it, or null for an organization-level event of `org`. */
  repository?: string | null;
  org?: string;
  private?: boolean;
  actor?: string;
  /** The issue, pull request or discussion number (for CI events: the pull request they ran for). */
  number?: number;
  title?: string;
  /** Picks the example payload, e.g. by action. */
  pick?: (payload: Record<string, unknown>) => boolean;
  /** Any further edit of the payload. */
  change?: (payload: EditablePayload) => void;
}

const silent = pino({ level: "silent" });

function place(payload: EditablePayload, { repository = "Octo-Org/Hello-World", org, private: isPrivate = false, actor = "Octocat" }: Stored): void {
  if (repository === null) {
    delete payload.repository;
    payload.organization = { ...(payload.organization ?? { id: 9 }), login: org ?? "Octo-Org" };
  } else {
    const [owner, name] = repository.split("/");
    payload.repository = { ...(payload.repository ?? { id: 1 }), name, full_name: repository, private: isPrivate, html_url: `https://github.com/${repository}` };
    payload.repository.owner = { ...(payload.repository.owner ?? {}), login: owner };
    if (payload.organization) payload.organization = { ...payload.organization, login: org ?? owner };
  }
  payload.sender = { ...(payload.sender ?? { id: 1, type: "User" }), login: actor };
}

function thread(payload: EditablePayload, { number, title }: Stored): void {
  for (const key of ["issue", "pull_request", "discussion"]) {
    if (!payload[key]) continue;
    if (number !== undefined) payload[key].number = number;
    if (title !== undefined) payload[key].title = title;
  }
  for (const key of ["check_run", "check_suite", "workflow_run"]) {
    if (payload[key] && number !== undefined) payload[key].pull_requests = [{ ...(payload[key].pull_requests?.[0] ?? {}), number }];
  }
}

/** Stores one edited example payload through the real ingest path, received at `at`; returns its row id. */
export async function store(db: Db, spec: Stored): Promise<number> {
  const payload: EditablePayload = example(spec.name, spec.pick);
  place(payload, spec);
  thread(payload, spec);
  spec.change?.(payload);
  const outcome = await createIngest({ db, log: silent, clock: () => spec.at })(incoming(spec.id, spec.name, payload));
  if (outcome.outcome !== "stored") throw new Error(`${spec.id} was not stored`);
  return outcome.id;
}

export async function storeAll(db: Db, specs: Stored[]): Promise<number[]> {
  const ids: number[] = [];
  for (const spec of specs) ids.push(await store(db, spec));
  return ids;
}

/**
 * Stores `count` copies of one edited example payload, a millisecond apart from `from`, in batches:
 * the store's own row values without ingest's per-event round trip, for tests that need thousands.
 */
export async function storeMany(db: Db, spec: Omit<Stored, "id" | "at">, count: number, from: Date): Promise<void> {
  const payload: EditablePayload = example(spec.name, spec.pick);
  place(payload, { ...spec, id: "", at: from });
  thread(payload, { ...spec, id: "", at: from });
  spec.change?.(payload);
  const raw = Buffer.from(JSON.stringify(payload));
  const rows = Array.from({ length: count }, (_, i) => {
    const receivedAt = new Date(from.getTime() + i);
    return eventRow({ normalized: normalize({ deliveryId: `${spec.name}-${from.getTime()}-${i}`, name: spec.name, payload, receivedAt }), raw, receivedAt });
  });
  for (let i = 0; i < rows.length; i += 500) await db.insertEventRows(rows.slice(i, i + 500));
}

export function scope(repositories: string[], allowPrivate = true, name = "test-token"): Scope {
  return { name, repositories, allowPrivate };
}

export const EVERYTHING = scope(["*"]);

const MINUTE = 60_000;

/** `minutes` after a fixed noon, so tests read as a timeline. */
export function minute(minutes: number): Date {
  return new Date(Date.parse("2026-11-20T12:00:00Z") + minutes * MINUTE);
}

/** The delivery ids of a list of events, for comparing against expectations. */
export function ids(records: { event: { delivery_id: string } }[]): string[] {
  return records.map((record) => record.event.delivery_id);
}
