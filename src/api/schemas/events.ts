import { z } from "zod";

/** The normalized event (src/normalize/types.ts NormalizedEvent), as every list and the stream carry it. */
export const eventSchema = z
  .object({
    delivery_id: z.string().describe("GitHub's X-GitHub-Delivery id (events-api:<id> for a polled event): GET /events/{delivery_id} reads it again."),
    source: z.enum(["webhook", "events-api", "backfill"]).describe("How Code Buddy learned of it: a webhook, a poll of GitHub's Events API, or an import of history."),
    event_type: z.string().describe('GitHub event name, e.g. "pull_request".'),
    action: z.string().nullable(),
    timestamp: z.string().describe("When Code Buddy received it, or for a polled event when it happened on GitHub (ISO 8601)."),
    installation_id: z.number().nullable(),
    repository: z.object({ id: z.number(), name: z.string(), full_name: z.string(), private: z.boolean(), url: z.string() }).nullable(),
    sender: z.object({ login: z.string(), id: z.number(), type: z.string() }).nullable(),
    organization: z.object({ login: z.string(), id: z.number() }).nullable(),
    subject: z
      .object({ type: z.string(), number: z.number().nullable(), title: z.string().nullable(), state: z.string().nullable(), url: z.string().nullable() })
      .nullable()
      .describe("What the event is about: an issue, a pull request, a release, a workflow run…"),
    summary: z.string().describe("One line a human would write."),
    details: z.record(z.string(), z.unknown()).describe("The few fields of this event family an agent needs (bounded)."),
    mentions: z.array(z.string()).describe("@logins mentioned in the texts this event introduced."),
  })
  .meta({ id: "Event" });

export const eventPageSchema = z.object({
  events: z.array(eventSchema).describe("Newest first."),
  next_cursor: z.string().nullable().describe("Pass as cursor for the next (older) page; null when there is none."),
});

export const eventDetailSchema = z.object({
  event: eventSchema,
  payload: z.unknown().optional().describe("The webhook payload exactly as GitHub sent it; only with include_payload=true."),
});

export const statsSchema = z.object({
  total_events: z.number(),
  event_types: z.record(z.string(), z.number()).describe("Events per type, most first."),
  unique_repositories: z.number(),
  repositories: z.record(z.string(), z.number()).describe("Events per repository, most first."),
  first_event_at: z.string().nullable(),
  last_event_at: z.string().nullable(),
});

export const repositoriesSchema = z.object({
  repositories: z
    .array(
      z.object({
        full_name: z.string(),
        private: z.boolean(),
        events: z.number(),
        last_event_at: z.string(),
        last_event_type: z.string(),
      }),
    )
    .describe("Most recently active first."),
});

export const threadSchema = z.object({
  repository: z.string(),
  number: z.number(),
  events: z.array(eventSchema).describe("Oldest first: opened, comments, reviews, labels, CI results, merged or closed."),
  truncated: z.boolean().describe("True when the thread has more events than limit: the newest were left out."),
});

const itemList = z.object({ count: z.number(), items: z.array(z.record(z.string(), z.unknown())).optional(), more: z.number().optional() });

export const digestSchema = z.object({
  since: z.string(),
  until: z.string(),
  total_events: z.number(),
  repositories: z
    .array(
      z.object({
        name: z.string(),
        events: z.number(),
        pull_requests: z.record(z.string(), itemList).optional(),
        issues: z.record(z.string(), itemList).optional(),
        releases: itemList.optional(),
        pushes: z.object({ count: z.number(), commits: z.number(), branches: itemList.optional() }).optional(),
        failed_ci: itemList.optional(),
        other: z.record(z.string(), z.number()).optional(),
        other_more: z.object({ types: z.number(), events: z.number() }).optional(),
        filter: z.object({ repository: z.string() }).optional(),
      }),
    )
    .describe("The most active repositories, most events first."),
  other_repositories: z.record(z.string(), z.number()).optional(),
  more_repositories: z.number().optional(),
  drill_down: z.string(),
  capped: z.object({ listed_events: z.number(), read: z.number(), note: z.string() }).optional(),
});
