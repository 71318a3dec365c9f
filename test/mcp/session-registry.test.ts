import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import type { Principal } from "../../src/auth/principal.js";
import { scopeKey, type Scope } from "../../src/auth/scope.js";
import { SessionRegistry, type Session } from "../../src/mcp/transports/session-registry.js";
import { silentLog } from "../support/app-server.js";

const SCOPE: Scope = { name: "reader", repositories: ["octo/*"], allowPrivate: false };
const WIDER: Scope = { name: "reader", repositories: ["octo/*", "other/*"], allowPrivate: false };

/** Token n as the guard admits it. */
const caller = (token: number, scope = SCOPE): Principal => ({ kind: "token", id: `token:${token}`, name: scope.name, scope, isAdmin: false, csrfToken: null, sessionId: null });

class FakeSession implements Session {
  closed = false;
  readonly principal: string;
  readonly scopeKey = scopeKey(SCOPE);
  constructor(
    readonly id: string,
    token: number,
  ) {
    this.principal = `token:${token}`;
  }
  async close() {
    this.closed = true;
  }
}

/** A response that the test ends, as a client closing its request (or stream) would. */
const response = () => new EventEmitter() as EventEmitter & ServerResponse;
const end = (res: EventEmitter) => res.emit("close");

describe("SessionRegistry", () => {
  let now: number;
  let tokens: Map<number, Scope>;
  let registry: SessionRegistry<FakeSession>;

  beforeEach(() => {
    now = 0;
    tokens = new Map([
      [1, SCOPE],
      [2, SCOPE],
    ]);
    registry = new SessionRegistry<FakeSession>({
      idleMs: 60_000,
      maxSessions: 3,
      clock: () => new Date(now),
      principalStates: async (principals) =>
        new Map(
          principals.flatMap((principal) => {
            const scope = tokens.get(Number(principal.slice("token:".length)));
            return scope ? [[principal, scopeKey(scope)] as const] : [];
          }),
        ),
      log: silentLog,
    });
  });

  test("hands a session only to the token that opened it", () => {
    const res = response();
    registry.add(new FakeSession("a", 1), res);
    end(res);
    expect(registry.acquire("a", caller(2), response())).toBeUndefined();
    expect(registry.acquire("a", caller(1), response())?.id).toBe("a");
    expect(registry.acquire("missing", caller(1), response())).toBeUndefined();
  });

  test("a session idle for idleMs ends on its next use or at the next sweep", async () => {
    const first = new FakeSession("a", 1);
    const second = new FakeSession("b", 1);
    for (const session of [first, second]) {
      const res = response();
      registry.add(session, res);
      end(res);
    }
    now = 59_999;
    await registry.sweep();
    expect(registry.size).toBe(2);
    now = 60_000;
    expect(registry.acquire("a", caller(1), response())).toBeUndefined();
    expect(first.closed).toBe(true);
    await registry.sweep();
    expect(second.closed).toBe(true);
    expect(registry.size).toBe(0);
  });

  test("idle time counts from the end of the last request, and an open stream is never idle", async () => {
    const opening = response();
    registry.add(new FakeSession("a", 1), opening);
    end(opening);
    now = 30_000;
    const stream = response();
    registry.acquire("a", caller(1), stream);
    now = 10 * 60_000;
    await registry.sweep();
    expect(registry.size).toBe(1);
    end(stream);
    now += 59_000;
    await registry.sweep();
    expect(registry.size).toBe(1);
    now += 1_000;
    await registry.sweep();
    expect(registry.size).toBe(0);
  });

  test("a sweep ends the sessions of revoked tokens, even with a stream open", async () => {
    const kept = new FakeSession("a", 1);
    const revoked = new FakeSession("b", 2);
    registry.add(kept, response());
    registry.add(revoked, response());
    tokens.delete(2);
    await registry.sweep();
    expect([kept.closed, revoked.closed]).toEqual([false, true]);
    expect(registry.size).toBe(1);
  });

  test("a principal whose scope changed (a user who lost access on GitHub) loses its sessions: at its next request, and at the next sweep", async () => {
    const used = new FakeSession("a", 1);
    const streaming = new FakeSession("b", 2);
    registry.add(used, response());
    registry.add(streaming, response());
    expect(registry.acquire("a", caller(1, WIDER), response())).toBeUndefined();
    expect(used.closed).toBe(true);
    tokens.set(2, WIDER);
    await registry.sweep();
    expect(streaming.closed).toBe(true);
    expect(registry.size).toBe(0);
  });

  test("a sweep that cannot check tokens keeps the sessions", async () => {
    const failing = new SessionRegistry<FakeSession>({
      idleMs: 60_000,
      maxSessions: 3,
      clock: () => new Date(now),
      principalStates: async () => {
        throw new Error("database down");
      },
      log: silentLog,
    });
    failing.add(new FakeSession("a", 1), response());
    await failing.sweep();
    expect(failing.size).toBe(1);
  });

  test("is full at maxSessions; closeAll closes everything", async () => {
    const sessions = ["a", "b", "c"].map((id) => new FakeSession(id, 1));
    sessions.forEach((session) => registry.add(session, response()));
    expect(registry.full).toBe(true);
    expect(registry.capacity).toBe(3);
    await registry.closeAll();
    expect(sessions.every((session) => session.closed)).toBe(true);
    expect(registry.full).toBe(false);
  });
});
