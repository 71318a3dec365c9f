import type { ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Principal, PrincipalStates } from "../../auth/principal.js";
import { scopeKey } from "../../auth/scope.js";

export interface Session {
  readonly id: string;
  /** The credential that opened the session (Principal.id): only it may use the session. */
  readonly principal: string;
  /** The scope the session serves (scopeKey): when the principal's scope changes, the session ends. */
  readonly scopeKey: string;
  close(): Promise<void>;
}

interface Entry<S extends Session> {
  session: S;
  /** When a request last started or ended. */
  lastActive: number;
  /** Requests in flight, the long-lived notification streams included. */
  open: number;
}

export interface SessionRegistryOptions {
  /** A session with nothing open for this long ends. */
  idleMs: number;
  maxSessions: number;
  clock: () => Date;
  /** What these principals may see now: sessions of revoked ones, or whose scope changed, end at the next sweep. */
  principalStates: PrincipalStates;
  log: Logger;
}

/**
 * The MCP sessions this process holds, by id. A session is only ever handed
 * to the principal that opened it, with the scope it opened with; one that
 * nobody has used for `idleMs` (and that holds no open stream), whose token
 * or grant was revoked, or whose principal's scope changed (a signed-in user
 * lost access on GitHub), is closed, and the count is capped, so abandoned
 * sessions cannot pile up.
 */
export class SessionRegistry<S extends Session> {
  readonly #entries = new Map<string, Entry<S>>();

  constructor(private readonly options: SessionRegistryOptions) {}

  get size(): number {
    return this.#entries.size;
  }

  /** How many sessions are open, by `key` of each. */
  countBy(key: (session: S) => string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { session } of this.#entries.values()) counts.set(key(session), (counts.get(key(session)) ?? 0) + 1);
    return counts;
  }

  get capacity(): number {
    return this.options.maxSessions;
  }

  get full(): boolean {
    return this.#entries.size >= this.options.maxSessions;
  }

  /** Registers a new session, held active until `res` (the request that opened it) closes. */
  add(session: S, res: ServerResponse): void {
    const entry: Entry<S> = { session, lastActive: this.#now(), open: 0 };
    this.#entries.set(session.id, entry);
    this.#hold(entry, res);
  }

  /**
   * The session for a request of `caller`, held active until `res` closes; undefined when the
   * session is unknown here (ended, expired, or opened on another instance) or another
   * principal's. Both cases look the same to the caller, so a token learns nothing about
   * others' sessions. A session whose principal's scope changed ends here: the client starts a
   * new one, which sees what the principal may see now.
   */
  acquire(id: string, caller: Principal, res: ServerResponse): S | undefined {
    const entry = this.#entries.get(id);
    if (!entry || entry.session.principal !== caller.id) return undefined;
    if (entry.session.scopeKey !== scopeKey(caller.scope)) {
      this.#end(entry, "scope changed");
      return undefined;
    }
    if (this.#idle(entry, this.#now())) {
      this.#end(entry, "idle");
      return undefined;
    }
    this.#hold(entry, res);
    return entry.session;
  }

  /** Forgets a session that closed (its transport calls this). */
  delete(id: string): void {
    this.#entries.delete(id);
  }

  /** Ends the idle sessions, those of revoked tokens and grants, and those whose principal's scope changed. */
  async sweep(): Promise<void> {
    const now = this.#now();
    for (const entry of this.#entries.values()) if (this.#idle(entry, now)) this.#end(entry, "idle");
    const principals = [...new Set([...this.#entries.values()].map((entry) => entry.session.principal))];
    let states: Map<string, string>;
    try {
      states = await this.options.principalStates(principals);
    } catch (error) {
      this.options.log.warn({ err: error }, "could not check MCP sessions' credentials; trying again at the next sweep");
      return;
    }
    for (const entry of this.#entries.values()) {
      const current = states.get(entry.session.principal);
      if (current === undefined) this.#end(entry, "credentials revoked");
      else if (current !== entry.session.scopeKey) this.#end(entry, "scope changed");
    }
  }

  async closeAll(): Promise<void> {
    const sessions = [...this.#entries.values()].map((entry) => entry.session);
    this.#entries.clear();
    await Promise.allSettled(sessions.map((session) => session.close()));
  }

  #now(): number {
    return this.options.clock().getTime();
  }

  #idle(entry: Entry<S>, now: number): boolean {
    return entry.open === 0 && now - entry.lastActive >= this.options.idleMs;
  }

  #hold(entry: Entry<S>, res: ServerResponse): void {
    entry.open += 1;
    entry.lastActive = this.#now();
    res.once("close", () => {
      entry.open -= 1;
      entry.lastActive = this.#now();
    });
  }

  #end(entry: Entry<S>, reason: string): void {
    this.#entries.delete(entry.session.id);
    this.options.log.info({ session: entry.session.id, reason }, "MCP session ended");
    entry.session.close().catch((error: unknown) => this.options.log.warn({ err: error, session: entry.session.id }, "MCP session did not close cleanly"));
  }
}
