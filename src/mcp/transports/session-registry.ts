import type { ServerResponse } from "node:http";
import type { Logger } from "pino";

export interface Session {
  readonly id: string;
  /** The token that opened the session: only that token may use it. */
  readonly tokenId: number;
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
  /** Which of these tokens still exist: sessions of revoked tokens end at the next sweep. */
  existingTokenIds(ids: readonly number[]): Promise<Set<number>>;
  log: Logger;
}

/**
 * The MCP sessions this process holds, by id. A session is only ever handed
 * to the token that opened it; one that nobody has used for `idleMs` (and
 * that holds no open stream), or whose token was revoked, is closed, and the
 * count is capped, so abandoned sessions cannot pile up.
 */
export class SessionRegistry<S extends Session> {
  readonly #entries = new Map<string, Entry<S>>();

  constructor(private readonly options: SessionRegistryOptions) {}

  get size(): number {
    return this.#entries.size;
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
   * The session for a request of `tokenId`, held active until `res` closes; undefined when
   * the session is unknown here (ended, expired, or opened on another instance) or another
   * token's. Both cases look the same to the caller, so a token learns nothing about others' sessions.
   */
  acquire(id: string, tokenId: number, res: ServerResponse): S | undefined {
    const entry = this.#entries.get(id);
    if (!entry || entry.session.tokenId !== tokenId) return undefined;
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

  /** Ends the idle sessions and those of revoked tokens. */
  async sweep(): Promise<void> {
    const now = this.#now();
    for (const entry of this.#entries.values()) if (this.#idle(entry, now)) this.#end(entry, "idle");
    const tokenIds = [...new Set([...this.#entries.values()].map((entry) => entry.session.tokenId))];
    let existing: Set<number>;
    try {
      existing = await this.options.existingTokenIds(tokenIds);
    } catch (error) {
      this.options.log.warn({ err: error }, "could not check MCP sessions' tokens; trying again at the next sweep");
      return;
    }
    for (const entry of this.#entries.values()) if (!existing.has(entry.session.tokenId)) this.#end(entry, "token revoked");
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
