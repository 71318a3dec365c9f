import { streamCarries } from "../../src/api/stream/stream-filter.js";
import type { Scope } from "../../src/auth/scope.js";
import { normalize } from "../../src/normalize/index.js";
import { example } from "../support/webhooks.js";

const scope = (repositories: string[], allowPrivate = false): Scope => ({ name: "test", repositories, allowPrivate });

/** An issues event of `fullName` as GitHub spells it (GitHub keeps the owner's and repository's capitals). */
function stored(fullName: string, isPrivate = false) {
  const payload = example("issues", (candidate) => candidate.action === "opened") as { repository: Record<string, unknown> };
  const [owner, name] = fullName.split("/");
  payload.repository = { ...payload.repository, full_name: fullName, name, private: isPrivate, owner: { ...(payload.repository.owner as object), login: owner } };
  const { event } = normalize({ deliveryId: "d-1", name: "issues", payload, receivedAt: new Date("2026-11-21T10:00:00Z") });
  return { id: 1, private: isPrivate, event };
}

describe("the live stream's filter", () => {
  test("applies the scope rule as lists do: names are case-insensitive", () => {
    const event = stored("Octo-Org/Hello");
    expect(streamCarries(scope(["octo-org/*"]), {}, event)).toBe(true);
    expect(streamCarries(scope(["octo-org/hello"]), {}, event)).toBe(true);
    expect(streamCarries(scope(["OCTO-ORG/HELLO"]), {}, event)).toBe(true);
    expect(streamCarries(scope(["other-org/*"]), {}, event)).toBe(false);
  });

  test("keeps private repositories' events for scopes that allow them", () => {
    const event = stored("octo-org/secret", true);
    expect(streamCarries(scope(["octo-org/*"]), {}, event)).toBe(false);
    expect(streamCarries(scope(["octo-org/*"], true), {}, event)).toBe(true);
  });

  test("then applies the request's filters", () => {
    const event = stored("Octo-Org/Hello");
    expect(streamCarries(scope(["*"]), { repository: "octo-org/hello", eventType: "issues", action: "opened" }, event)).toBe(true);
    expect(streamCarries(scope(["*"]), { eventType: "push" }, event)).toBe(false);
    expect(streamCarries(scope(["*"]), { repository: "octo-org/other" }, event)).toBe(false);
  });
});
