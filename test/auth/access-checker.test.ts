import { generateKeyPairSync } from "node:crypto";
import { AccessChecker } from "../../src/auth/github-users/access-checker.js";
import { GitHubSignIn } from "../../src/auth/github-users/github-sign-in.js";
import { GitHubUsers } from "../../src/auth/github-users/users.js";
import { deriveKeys } from "../../src/auth/derived-keys.js";
import { SealError, seal, unseal } from "../../src/auth/secret-box.js";
import { probotGitHubOptions, tokenOctokit } from "../../src/github/octokit.js";
import type { Db } from "../../src/store/db.js";
import { silentLog } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { FakeGitHub } from "../support/fake-github.js";
import { GitHubIdentity } from "../support/github-identity.js";

const [sqlite] = await testDatabases();
const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

describe("derived keys and sealed secrets", () => {
  test("each purpose has its own key, the same on every instance; a new private key changes them all", () => {
    const keys = deriveKeys(privateKey);
    expect(deriveKeys(privateKey)).toEqual(keys);
    expect(keys.sealing.equals(keys.csrf)).toBe(false);
    const other = deriveKeys(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString());
    expect(other.sealing.equals(keys.sealing)).toBe(false);
    expect(keys.signing).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig", kid: expect.any(String) });
  });

  test("a sealed value opens with its key only, and not once altered", () => {
    const { sealing } = deriveKeys(privateKey);
    const sealed = seal(sealing, "ghu_secret");
    expect(sealed).not.toContain("ghu_secret");
    expect(unseal(sealing, sealed)).toBe("ghu_secret");
    expect(() => unseal(Buffer.alloc(32, 1), sealed)).toThrow(SealError);
    expect(() => unseal(sealing, `${sealed.slice(0, -2)}AA`)).toThrow(SealError);
  });
});

describe("GitHub's web flow URLs", () => {
  test("github.com's, or a GitHub Enterprise Server's, from the API base URL", () => {
    const signal = new AbortController().signal;
    const flow = (apiBaseUrl: string) =>
      new URL(
        new GitHubSignIn({
          clientId: "Iv1.x",
          clientSecret: "s",
          callbackUrl: "https://cb.example/oauth/github/callback",
          request: new (probotGitHubOptions({ apiBaseUrl, signal, log: silentLog }).Octokit)().request,
        }).authorizationUrl("st"),
      );
    const dotcom = flow("https://api.github.com");
    expect(`${dotcom.origin}${dotcom.pathname}`).toBe("https://github.com/login/oauth/authorize");
    expect(Object.fromEntries(dotcom.searchParams)).toMatchObject({ client_id: "Iv1.x", state: "st", redirect_uri: "https://cb.example/oauth/github/callback" });
    const ghe = flow("https://github.example.com/api/v3");
    expect(`${ghe.origin}${ghe.pathname}`).toBe("https://github.example.com/login/oauth/authorize");
  });
});

describe("re-checking what signed-in users may see", () => {
  let db: Db;
  let drop: () => Promise<void>;
  let fake: FakeGitHub;
  let identity: GitHubIdentity;
  let now: number;

  const checker = () => {
    const signal = new AbortController().signal;
    const options = { apiBaseUrl: fake.apiBaseUrl, signal, log: silentLog };
    const users = new GitHubUsers({ prisma: db.prisma, sealingKey: deriveKeys(privateKey).sealing });
    const signIn = new GitHubSignIn({ clientId: "Iv1.x", clientSecret: "s", callbackUrl: "http://127.0.0.1/cb", request: new (probotGitHubOptions(options).Octokit)().request });
    return { users, checker: new AccessChecker({ users, signIn, userOctokit: (token) => tokenOctokit(token, options), clock: () => new Date(now), log: silentLog }) };
  };

  /** alice signed in once: her GitHub token issued by the fake, her access as it was then. */
  async function signedIn(expiresAt: string | null) {
    const { users } = checker();
    const token = `ghu_${Math.random().toString(36).slice(2)}`;
    identity.tokens.set(token, "alice");
    await users.saveAccess(
      { user: { id: 1001, login: "alice", name: null }, repositories: ["octo-org/hello", "octo-org/secret"], ownerOf: [], accounts: ["octo-org"] },
      { token, expiresAt, refreshToken: null, refreshTokenExpiresAt: null },
      new Date(now),
    );
  }

  beforeAll(async () => {
    ({ db, drop } = await sqlite!.create());
    fake = await FakeGitHub.start();
    identity = new GitHubIdentity(fake, "Iv1.x", "s");
    identity
      .addInstallation({
        id: 100,
        account: "octo-org",
        type: "Organization",
        repositories: [
          { full_name: "octo-org/hello", private: false },
          { full_name: "octo-org/secret", private: true },
        ],
      })
      .addUser({ id: 1001, login: "alice", access: new Map([[100, ["octo-org/hello"]]]), owns: [] });
  });
  afterAll(async () => {
    await fake.close();
    await drop();
  });
  beforeEach(() => {
    now = Date.parse("2026-12-01T10:00:00Z");
    fake.requests.length = 0;
  });

  test("a user not checked for the interval is read again, once however many instances run the check", async () => {
    await signedIn(null);
    now += 16 * 60_000;
    const [a, b] = [checker(), checker()];
    const counts = await Promise.all([a.checker.recheckDue(15 * 60_000), b.checker.recheckDue(15 * 60_000)]);
    expect(counts.sort()).toEqual([0, 1]);
    expect(fake.calls("/user")).toHaveLength(1);
    expect((await a.users.find(1001))?.scope.repositories).toEqual(["octo-org/hello"]);
    expect(await a.checker.recheckDue(15 * 60_000)).toBe(0);
  });

  test("GitHub unreachable: the last known access stays; GitHub refusing the token: nothing is visible", async () => {
    await signedIn(null);
    fake.route("GET /user", () => ({ status: 502, body: { message: "Bad Gateway" } }));
    const { users, checker: check } = checker();
    expect((await check.recheck(1001))?.scope.repositories).toEqual(["octo-org/hello", "octo-org/secret"]);
    fake.route("GET /user", () => ({ status: 401, body: { message: "Bad credentials" } }));
    const revoked = await check.recheck(1001);
    expect(revoked).toMatchObject({ scope: { repositories: [] }, accounts: [], accessError: expect.stringMatching(/refused/) });
    expect(await users.claimDue(new Date(now + 3_600_000), new Date(now), 10)).toEqual([]);
    fake.route("GET /user", () => ({ status: 200, body: { id: 1001, login: "alice", name: null } }));
  });

  test("an expiring GitHub token is refreshed before it is used, and the new one stored sealed", async () => {
    const { users, checker: check } = checker();
    const refreshToken = "ghr_refresh";
    fake.route("POST /login/oauth/access_token", () => {
      identity.tokens.set("ghu_fresh", "alice");
      return {
        status: 200,
        body: { access_token: "ghu_fresh", token_type: "bearer", scope: "", expires_in: 28_800, refresh_token: "ghr_next", refresh_token_expires_in: 15_897_600 },
      };
    });
    await users.saveAccess(
      { user: { id: 1001, login: "alice", name: null }, repositories: [], ownerOf: [], accounts: ["octo-org"] },
      { token: "ghu_stale", expiresAt: new Date(now + 30_000).toISOString(), refreshToken, refreshTokenExpiresAt: null },
      new Date(now),
    );
    await check.recheck(1001);
    expect(fake.calls("/login/oauth/access_token", "POST")).toHaveLength(1);
    expect(await users.credentials(1001)).toMatchObject({ token: "ghu_fresh", refreshToken: "ghr_next" });
    expect((await db.prisma.gitHubUser.findUniqueOrThrow({ where: { id: 1001 } })).credentials).not.toContain("ghu_fresh");
  });
});
