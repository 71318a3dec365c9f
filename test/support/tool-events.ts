import { randomUUID } from "node:crypto";
import type { Scope } from "../../src/auth/scope.js";
import { createIngest } from "../../src/github/ingest.js";
import type { Db } from "../../src/store/db.js";
import { silentLog } from "./app-server.js";
import type { TestDatabase } from "./databases.js";
import { connectInMemory, type InMemoryMcp } from "./mcp-in-memory.js";
import { example, incoming } from "./webhooks.js";

// Example payloads are edited field by field; restating their webhook types here would add nothing.
type EditablePayload = Record<string, any>;

/** One of GitHub's example payloads (an opened one for issues and pull requests), moved to `fullName`. */
export function withRepository(name: string, fullName: string, isPrivate: boolean, edit: (payload: EditablePayload) => void = () => {}): EditablePayload {
  const payload: EditablePayload = example(name, (p) => (name === "pull_request" || name === "issues" ? p.action === "opened" : true));
  payload.repository.full_name = fullName;
  payload.repository.name = fullName.split("/")[1];
  payload.repository.private = isPrivate;
  edit(payload);
  return payload;
}

/** The scopes of the two tokens the tool tests read with: everything, private included; one public repository. */
export const EVERYTHING: Scope = { name: "everything", repositories: ["*"], allowPrivate: true };
export const HELLO_ONLY: Scope = { name: "hello-only", repositories: ["octo-org/hello"], allowPrivate: false };

export interface ToolEvents {
  /** The pull request "Add dark mode" in octo-org/hello, which a comment answers. */
  prNumber: number;
  /** The delivery id of the push to the private octo-org/secret-sauce. */
  pushId: string;
}

/**
 * Stores, through the real ingest path, a second apart: a pull request, an issue and a comment
 * on the pull request in octo-org/hello, a push to the private octo-org/secret-sauce and a star
 * of other-org/tools.
 */
export async function storeToolEvents(db: Db): Promise<ToolEvents> {
  const pr = withRepository("pull_request", "octo-org/hello", false, (p) => {
    p.pull_request.title = "Add dark mode";
    p.pull_request.body = "Please review @alice, the spinner flickers";
  });
  const prNumber: number = pr.pull_request.number;
  const pushId = randomUUID();
  const deliveries: [string, string, EditablePayload][] = [
    [randomUUID(), "pull_request", pr],
    [randomUUID(), "issues", withRepository("issues", "octo-org/hello", false)],
    [randomUUID(), "issue_comment", withRepository("issue_comment", "octo-org/hello", false, (p) => (p.issue.number = prNumber))],
    [pushId, "push", withRepository("push", "octo-org/secret-sauce", true)],
    [randomUUID(), "star", withRepository("star", "other-org/tools", false)],
  ];
  const start = Date.now() - deliveries.length * 1000;
  for (const [i, [id, name, payload]] of deliveries.entries()) {
    const outcome = await createIngest({ db, log: silentLog, clock: () => new Date(start + i * 1000) })(incoming(id, name, payload));
    if (outcome.outcome !== "stored") throw new Error(`${name} ${id} was not stored`);
  }
  return { prNumber, pushId };
}

export interface ToolWorld extends ToolEvents {
  /** A client of the EVERYTHING scope. */
  all: InMemoryMcp["client"];
  /** A client of the HELLO_ONLY scope. */
  scoped: InMemoryMcp["client"];
}

/**
 * For the enclosing describe: a fresh `database` holding the tool events, and a client of each
 * scope on it, the servers' clock a minute ahead (past PostgreSQL's unread settle window, see
 * src/query/unread-events.ts). The fields are set once beforeAll has run.
 */
export function useToolWorld(database: TestDatabase): ToolWorld {
  const world = {} as ToolWorld;
  const open: InMemoryMcp[] = [];
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    Object.assign(world, await storeToolEvents(created.db));
    const clock = () => new Date(Date.now() + 60_000);
    for (const scope of [EVERYTHING, HELLO_ONLY]) open.push(await connectInMemory(created.db, scope, { clock }));
    world.all = open[0]!.client;
    world.scoped = open[1]!.client;
  });
  afterAll(async () => {
    for (const mcp of open) await mcp.close();
    await drop();
  });
  return world;
}
