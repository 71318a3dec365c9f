import type { EventActor, EventOrganization, EventRepository } from "./types.js";

/** The fields every payload may carry, read without trusting the payload's shape. */
export interface CommonFields {
  action: string | null;
  installation_id: number | null;
  repository: EventRepository | null;
  sender: EventActor | null;
  organization: EventOrganization | null;
}

type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function id(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function readRepository(value: unknown): EventRepository | null {
  const fullName = text(field(value, "full_name"));
  const repoId = id(field(value, "id"));
  if (fullName === null || repoId === null) return null;
  return {
    id: repoId,
    name: text(field(value, "name")) ?? fullName.slice(fullName.indexOf("/") + 1),
    full_name: fullName,
    private: field(value, "private") === true,
    url: text(field(value, "html_url")) ?? `https://github.com/${fullName}`,
  };
}

function readSender(value: unknown): EventActor | null {
  const login = text(field(value, "login"));
  const senderId = id(field(value, "id"));
  if (login === null || senderId === null) return null;
  return { login, id: senderId, type: text(field(value, "type")) ?? "User" };
}

function readOrganization(value: unknown): EventOrganization | null {
  const login = text(field(value, "login"));
  const orgId = id(field(value, "id"));
  return login === null || orgId === null ? null : { login, id: orgId };
}

export function readCommonFields(payload: unknown): CommonFields {
  return {
    action: text(field(payload, "action")),
    installation_id: id(field(field(payload, "installation"), "id")),
    repository: readRepository(field(payload, "repository")),
    sender: readSender(field(payload, "sender")),
    organization: readOrganization(field(payload, "organization")),
  };
}
