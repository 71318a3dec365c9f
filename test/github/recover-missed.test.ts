import nock from "nock";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { recoverMissedDeliveries } from "../../src/github/recover-missed.js";
import { createIngest } from "../../src/github/ingest.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { example, incoming, TEST_PRIVATE_KEY } from "../support/webhooks.js";

const databases = await testDatabases();
const NOW = Date.parse("2026-11-21T12:00:00Z");
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const log = pino({ level: "silent" });

function attempt(id: number, guid: string, status_code: number, minutes: number) {
  return {
    id,
    guid,
    status_code,
    delivered_at: minutesAgo(minutes),
    redelivery: false,
    event: "issues",
    action: "opened",
    status: status_code === 200 ? "OK" : "Invalid HTTP Response: 502",
  };
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe.each(databases)("recovering missed deliveries on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let octokit: ProbotOctokit;

  beforeAll(async () => {
    const probot = new Probot({ appId: 123, privateKey: TEST_PRIVATE_KEY, log, Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }) });
    octokit = await probot.auth();
  });
  beforeEach(async () => {
    ({ db, drop } = await database.create());
  });
  afterEach(async () => {
    nock.cleanAll();
    await drop();
  });

  const store = (id: string) => createIngest({ db, log, clock: () => new Date(NOW) })(incoming(id, "issues", example("issues")));

  test("asks GitHub to redeliver only what no attempt got a 2xx for and the store does not have", async () => {
    await store("stored-but-answer-lost");
    const github = nock("https://api.github.com")
      .get("/app/hook/deliveries")
      .query({ per_page: "100" })
      .reply(
        200,
        [
          attempt(9, "missed-twice", 502, 5),
          attempt(8, "acknowledged", 200, 10),
          attempt(7, "missed-twice", 0, 20),
          attempt(6, "stored-but-answer-lost", 504, 30),
          attempt(5, "failed-then-redelivered", 200, 40),
          attempt(4, "failed-then-redelivered", 503, 50),
          attempt(3, "older-than-since", 502, 5000),
        ],
        { link: '<https://api.github.com/app/hook/deliveries?per_page=100&cursor=next>; rel="next"' },
      )
      .post("/app/hook/deliveries/9/attempts")
      .reply(202, {});

    const result = await recoverMissedDeliveries({ octokit, prisma: db.prisma, log }, new Date(NOW - 24 * 60 * 60_000));

    expect(result).toEqual({ checked: 6, redelivered: ["missed-twice"] });
    expect(github.pendingMocks()).toEqual([]);
  });

  test("follows the pages while they are all recent, and keeps going when one redelivery request fails", async () => {
    const github = nock("https://api.github.com")
      .get("/app/hook/deliveries")
      .query({ per_page: "100" })
      .reply(200, [attempt(21, "first-missed", 502, 1)], { link: '<https://api.github.com/app/hook/deliveries?per_page=100&cursor=p2>; rel="next"' })
      .get("/app/hook/deliveries")
      .query({ per_page: "100", cursor: "p2" })
      .reply(200, [attempt(20, "second-missed", 502, 2)])
      .post("/app/hook/deliveries/21/attempts")
      .reply(422, { message: "Validation Failed" })
      .post("/app/hook/deliveries/20/attempts")
      .reply(202, {});

    const result = await recoverMissedDeliveries({ octokit, prisma: db.prisma, log }, new Date(NOW - 60 * 60_000));

    expect(result).toEqual({ checked: 2, redelivered: ["second-missed"] });
    expect(github.pendingMocks()).toEqual([]);
  });
});
