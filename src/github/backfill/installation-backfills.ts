import type { NewBackfillJob } from "../../store/backfill-jobs.js";

/** The webhook events that give an installation repositories, and where their payloads list them. */
export const INSTALLATION_TRIGGERS = [
  { eventType: "installation", action: "created", list: "repositories" },
  { eventType: "installation_repositories", action: "added", list: "repositories_added" },
] as const;

interface TriggerEvent {
  deliveryId: string;
  eventType: string;
  action: string | null;
  payload: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** The jobs one stored installation event asks for: one per repository it gives the app. Pure. */
export function backfillJobsFor({ deliveryId, eventType, action, payload }: TriggerEvent, days: number): NewBackfillJob[] {
  const trigger = INSTALLATION_TRIGGERS.find((t) => t.eventType === eventType && t.action === action);
  if (trigger === undefined || !isObject(payload) || !isObject(payload.installation) || typeof payload.installation.id !== "number") return [];
  const installationId = payload.installation.id;
  const repositories = Array.isArray(payload[trigger.list]) ? (payload[trigger.list] as unknown[]) : [];
  return repositories.flatMap((repository) =>
    isObject(repository) && typeof repository.full_name === "string" ? [{ trigger: deliveryId, installationId, repository: repository.full_name, days }] : [],
  );
}
