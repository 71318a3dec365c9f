import { z } from "zod";

export const eventRepositorySchema = z.object({ id: z.number(), name: z.string(), full_name: z.string(), private: z.boolean(), url: z.string() });

export const eventActorSchema = z.object({ login: z.string(), id: z.number(), type: z.string() });

export const eventOrganizationSchema = z.object({ login: z.string(), id: z.number() });

export const eventSubjectSchema = z.object({ type: z.string(), number: z.number().nullable(), title: z.string().nullable(), state: z.string().nullable(), url: z.string().nullable() });

/**
 * The one event shape agents read (snake_case, like GitHub's payloads): the
 * type normalizers produce (`NormalizedEvent`) and the schema MCP tools and
 * the REST API describe their answers with.
 */
export const eventSchema = z.object({
  delivery_id: z.string().describe("GitHub's X-GitHub-Delivery id."),
  event_type: z.string().describe('GitHub event name, e.g. "pull_request".'),
  action: z.string().nullable(),
  timestamp: z.string().describe("When Code Buddy received it (ISO 8601)."),
  installation_id: z.number().nullable(),
  repository: eventRepositorySchema.nullable(),
  sender: eventActorSchema.nullable(),
  organization: eventOrganizationSchema.nullable(),
  subject: eventSubjectSchema.nullable().describe("What the event is about: an issue, a pull request, a release, a workflow run…"),
  summary: z.string().describe("One line a human would write."),
  details: z.record(z.string(), z.unknown()).describe("The few fields of this event family an agent needs (bounded)."),
  mentions: z.array(z.string()).describe("@logins mentioned in the texts this event introduced."),
});

/** The same event, with its delivery id described for the surface that serves it (where to pass it to read the event again). */
export const eventSchemaFor = (readAgain: string) => eventSchema.extend({ delivery_id: eventSchema.shape.delivery_id.describe(`GitHub's X-GitHub-Delivery id; ${readAgain}.`) });
