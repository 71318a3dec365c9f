import type { IncomingMessage } from "node:http";
import { mcpPrincipals } from "../../src/auth/principals.js";
import { hashToken } from "../../src/auth/token-secret.js";
import { createToken, listTokens, lookupToken, recordTokenUse, revokeToken, TokenError } from "../../src/auth/tokens.js";
import type { Db } from "../../src/store/db.js";
import { silentLog } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";

const databases = await testDatabases();

describe.each(databases)("API tokens on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
  });

  afterAll(async () => {
    await drop();
  });

  test("a new token is random, prefixed, and only its SHA-256 is stored", async () => {
    const { token, info } = await createToken(db.prisma, { name: "ci", repositories: ["octo/*", "octo/hello", "octo/*"], allowPrivate: true });
    expect(token).toMatch(/^cb_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ name: "ci", repositories: ["octo/*", "octo/hello"], allowPrivate: true, lastUsedAt: null });
    const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { name: "ci" } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token.slice(3));
    const other = await createToken(db.prisma, { name: "ci-2", repositories: ["*"], allowPrivate: false });
    expect(other.token).not.toBe(token);
  });

  test("lookup finds the token's scope by its hash; unknown and revoked tokens find nothing", async () => {
    const { token } = await createToken(db.prisma, { name: "reader", repositories: ["octo/hello"], allowPrivate: false });
    const found = await lookupToken(db.prisma, token);
    expect(found?.scope).toMatchObject({ name: "reader", repositories: ["octo/hello"], allowPrivate: false });
    expect(found?.scope.tokenId).toEqual(expect.any(Number));
    expect(await lookupToken(db.prisma, `${token}x`)).toBeNull();
    await revokeToken(db.prisma, "reader");
    expect(await lookupToken(db.prisma, token)).toBeNull();
  });

  test("refuses a duplicate name, a missing or invalid --repo and a bad name, saying what to do", async () => {
    await createToken(db.prisma, { name: "dup", repositories: ["*"], allowPrivate: false });
    await expect(createToken(db.prisma, { name: "dup", repositories: ["*"], allowPrivate: false })).rejects.toThrow(
      new TokenError('A token named "dup" already exists. Choose another name, or revoke it first: code-buddy token revoke dup'),
    );
    await expect(createToken(db.prisma, { name: "x", repositories: [], allowPrivate: false })).rejects.toThrow(/at least one --repo/);
    await expect(createToken(db.prisma, { name: "x", repositories: ["octo", "octo/hello/extra", "*/*"], allowPrivate: false })).rejects.toThrow(
      'Not a repository pattern: "octo", "octo/hello/extra", "*/*". Use owner/name, owner/* or *.',
    );
    await expect(createToken(db.prisma, { name: "has space", repositories: ["*"], allowPrivate: false })).rejects.toThrow(/Token name "has space" is not valid/);
  });

  test("revoking an unknown name says how to see the tokens", async () => {
    await expect(revokeToken(db.prisma, "nobody")).rejects.toThrow('No token named "nobody". See the existing ones with: code-buddy token list');
  });

  test("the list shows names, scopes and times, never a hash", async () => {
    const tokens = await listTokens(db.prisma);
    expect(tokens.map((t) => t.name)).toEqual([...tokens.map((t) => t.name)].sort());
    for (const info of tokens) expect(Object.keys(info).sort()).toEqual(["admin", "allowPrivate", "createdAt", "lastUsedAt", "login", "name", "repositories"]);
  });

  test("a use is recorded at most once a minute", async () => {
    const { token } = await createToken(db.prisma, { name: "throttled", repositories: ["*"], allowPrivate: false });
    const lastUsed = async () => (await db.prisma.apiToken.findUniqueOrThrow({ where: { name: "throttled" } })).lastUsedAt;
    const use = async (at: number) => recordTokenUse(db.prisma, (await lookupToken(db.prisma, token))!, new Date(at));
    const start = Date.UTC(2026, 10, 21, 10, 0, 0);
    await use(start);
    expect(await lastUsed()).toEqual(new Date(start));
    await use(start + 59_000);
    expect(await lastUsed()).toEqual(new Date(start));
    await use(start + 60_000);
    expect(await lastUsed()).toEqual(new Date(start + 60_000));
  });

  describe("authenticate(req)", () => {
    const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;
    let authenticate: ReturnType<typeof mcpPrincipals>;
    let token: string;

    beforeAll(async () => {
      authenticate = mcpPrincipals({ prisma: db.prisma, clock: () => new Date(), log: silentLog, oauth: null });
      ({ token } = await createToken(db.prisma, { name: "http", repositories: ["octo/*"], allowPrivate: false }));
    });

    test("returns the token's scope and the principal its sessions are bound to, whatever the case of the scheme", async () => {
      await expect(authenticate(request(`Bearer ${token}`))).resolves.toEqual({
        kind: "token",
        id: expect.stringMatching(/^token:\d+$/),
        name: "http",
        scope: { name: "http", repositories: ["octo/*"], allowPrivate: false, login: null },
        isAdmin: false,
        csrfToken: null,
        sessionId: null,
      });
      await expect(authenticate(request(`bearer  ${token} `))).resolves.toMatchObject({ scope: { name: "http" } });
    });

    test.each([
      [undefined, 'Bearer realm="code-buddy"', /needs a bearer token/],
      ["", 'Bearer realm="code-buddy"', /needs a bearer token/],
      ["Token abc", 'Bearer realm="code-buddy", error="invalid_request", error_description="The Authorization header must be \\"Bearer <token>\\"."', /must be "Bearer <token>"/],
      ["Bearer a b", 'Bearer realm="code-buddy", error="invalid_request", error_description="The Authorization header must be \\"Bearer <token>\\"."', /must be "Bearer <token>"/],
      [
        "Bearer cb_unknown",
        'Bearer realm="code-buddy", error="invalid_token", error_description="The bearer token is not valid (unknown or revoked)."',
        /not valid \(unknown or revoked\)/,
      ],
    ])("Authorization %p → 401 with %s", async (header, challenge, message) => {
      const failure = authenticate(request(header));
      await expect(failure).rejects.toMatchObject({ status: 401, headers: { "www-authenticate": challenge } });
      await expect(failure).rejects.toThrow(message);
      await expect(failure).rejects.toThrow(/code-buddy token create/);
    });
  });
});
