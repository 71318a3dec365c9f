import type { EventSubject } from "../types.js";

/** A repository as the subject of an event (created, starred, forked…), its visibility as the state. */
export function repositorySubject(repository: { full_name: string; html_url: string; private: boolean }): EventSubject {
  return { type: "repository", number: null, title: repository.full_name, state: repository.private ? "private" : "public", url: repository.html_url };
}
