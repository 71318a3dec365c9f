import { z } from "zod";

export const eventRepositorySchema = z.object({ id: z.number(), name: z.string(), full_name: z.string(), private: z.boolean(), url: z.string() });

export const eventActorSchema = z.object({ login: z.string(), id: z.number(), type: z.string() });

export const eventOrganizationSchema = z.object({ login: z.string(), id: z.number() });

export const eventSubjectSchema = z.object({
  type: z.string(),
  number: z.number().nullable(),
  title: z.string().nullable(),
  state: z.string().nullable(),
  url: z.string().nullable(),
});

/** Where an event came from: a webhook delivery, a poll of the Events API, or an import of history. */
export const eventSourceSchema = z.enum(["webhook", "events-api", "backfill"]);

/**
 * The one event shape agents read (snake_case, like GitHub's payloads): the
 * type normalizers produce (`NormalizedEvent`) and the schema MCP tools and
 * the REST API describe their answers with. Bare of descriptions: each
 * surface words it for its readers (every byte of an MCP tool definition
 * costs an agent tokens on every step; the OpenAPI document can say more).
 */
export const eventSchema = z.object({
  delivery_id: z.string(),
  source: eventSourceSchema,
  event_type: z.string(),
  action: z.string().nullable(),
  timestamp: z.string(),
  installation_id: z.number().nullable(),
  repository: eventRepositorySchema.nullable(),
  sender: eventActorSchema.nullable(),
  organization: eventOrganizationSchema.nullable(),
  subject: eventSubjectSchema.nullable(),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
  mentions: z.array(z.string()),
});

/** The event with every field explained, as the REST API's OpenAPI document states it; `readAgain` says where its delivery id reads it again. */
export const describedEventSchema = (readAgain: string) =>
  eventSchema.extend({
    delivery_id: eventSchema.shape.delivery_id.describe(`GitHub's X-GitHub-Delivery id (events-api:<id> for a polled event); ${readAgain}.`),
    source: eventSourceSchema.describe("How Code Buddy learned of it: a webhook, a poll of GitHub's Events API, or an import of history."),
    event_type: eventSchema.shape.event_type.describe('GitHub event name, e.g. "pull_request".'),
    timestamp: eventSchema.shape.timestamp.describe("When Code Buddy received it, or for a polled or imported event when it happened on GitHub (ISO 8601)."),
    subject: eventSchema.shape.subject.describe("What the event is about: an issue, a pull request, a release, a workflow run…"),
    summary: eventSchema.shape.summary.describe("One line a human would write."),
    details: eventSchema.shape.details.describe("The few fields of this event family an agent needs (bounded)."),
    mentions: eventSchema.shape.mentions.describe("@logins mentioned in the texts this event introduced."),
  });
