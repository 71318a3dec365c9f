import { paged, type FakeGitHub, type SeenRequest } from "./fake-github.js";

/**
 * One repository's recent history as GitHub's REST API lists it, served by a FakeGitHub: issues
 * (pull requests included, as GitHub lists them), pull requests, comments, reviews, review comments,
 * releases and workflow runs, each list filtered and paged the way GitHub does.
 */
export interface HistorySize {
  issues: number;
  pulls: number;
  /** Issue comments, spread over the issues and pull requests. */
  comments: number;
  reviewsPerPull?: number;
  reviewComments?: number;
  releases?: number;
  runs?: number;
}

const HOUR = 3_600_000;
const user = (login: string, id: number) => ({ login, id, node_id: `U_${id}`, type: "User", site_admin: false, avatar_url: "", html_url: `https://github.com/${login}`, url: "" });

export class FakeHistory {
  readonly owner = "octo-org";
  readonly name = "hello";
  readonly fullName = `${this.owner}/${this.name}`;
  readonly repository = {
    id: 4242,
    node_id: "R_4242",
    name: this.name,
    full_name: this.fullName,
    private: false,
    html_url: `https://github.com/${this.fullName}`,
    owner: { login: this.owner, id: 9, node_id: "O_9", type: "Organization", site_admin: false, avatar_url: "", html_url: `https://github.com/${this.owner}`, url: "" },
    default_branch: "main",
  };
  readonly issues: Record<string, unknown>[] = [];
  readonly pulls: Record<string, unknown>[] = [];
  readonly comments: Record<string, unknown>[] = [];
  readonly reviews = new Map<number, Record<string, unknown>[]>();
  readonly reviewComments: Record<string, unknown>[] = [];
  readonly releases: Record<string, unknown>[] = [];
  readonly runs: Record<string, unknown>[] = [];

  /** Everything happened in the last `days` days, spread evenly, newest last; `now` is the newest moment. */
  constructor(
    size: HistorySize,
    readonly now: Date,
    days = 10,
  ) {
    const span = days * 24 * HOUR;
    const at = (i: number, n: number) => new Date(now.getTime() - span + Math.round(((i + 1) * span) / (n + 1))).toISOString();
    const api = `https://api.github.com/repos/${this.fullName}`;
    for (let i = 0; i < size.issues; i++) {
      const number = i + 1;
      const closed = i % 2 === 0;
      this.issues.push({
        id: 10_000 + number,
        node_id: `I_${number}`,
        number,
        title: `Issue ${number} needs @alice`,
        body: `Body of issue ${number}`,
        state: closed ? "closed" : "open",
        user: user("octocat", 1),
        labels: [{ name: "bug" }],
        assignees: [],
        comments: 0,
        html_url: `https://github.com/${this.fullName}/issues/${number}`,
        url: `${api}/issues/${number}`,
        created_at: at(i, size.issues),
        updated_at: at(i, size.issues),
        closed_at: closed ? at(i, size.issues) : null,
        author_association: "MEMBER",
      });
    }
    for (let i = 0; i < size.pulls; i++) {
      const number = size.issues + i + 1;
      const merged = i % 2 === 0;
      const created = at(i, size.pulls);
      const pr = {
        id: 20_000 + number,
        node_id: `PR_${number}`,
        number,
        title: `Pull ${number}`,
        body: `Body of pull ${number}`,
        state: merged ? "closed" : "open",
        draft: false,
        user: user("hubot", 2),
        labels: [],
        html_url: `https://github.com/${this.fullName}/pull/${number}`,
        url: `${api}/pulls/${number}`,
        head: { ref: `feature-${number}`, sha: "a".repeat(40), label: `${this.owner}:feature-${number}` },
        base: { ref: "main", sha: "b".repeat(40), label: `${this.owner}:main` },
        created_at: created,
        updated_at: created,
        closed_at: merged ? created : null,
        merged_at: merged ? created : null,
        author_association: "MEMBER",
      };
      this.pulls.push(pr);
      // GitHub lists every pull request among the issues too.
      this.issues.push({ ...pr, id: 30_000 + number, pull_request: { url: pr.url, html_url: pr.html_url, merged_at: pr.merged_at }, comments: 0 });
      this.reviews.set(
        number,
        Array.from({ length: size.reviewsPerPull ?? 1 }, (_, r) => ({
          id: 40_000 + number * 10 + r,
          node_id: `PRR_${number}_${r}`,
          user: user("alice", 3),
          body: "Looks good",
          state: "APPROVED",
          html_url: `${pr.html_url}#review`,
          pull_request_url: pr.url,
          submitted_at: created,
          commit_id: "a".repeat(40),
          author_association: "MEMBER",
        })),
      );
    }
    const threads = this.issues.map((issue) => issue.number as number);
    for (let i = 0; i < size.comments; i++) {
      const number = threads[i % threads.length]!;
      this.comments.push({
        id: 50_000 + i,
        node_id: `IC_${i}`,
        body: `Comment ${i} for @bob`,
        user: user("bob", 4),
        html_url: `https://github.com/${this.fullName}/issues/${number}#issuecomment-${50_000 + i}`,
        issue_url: `${api}/issues/${number}`,
        url: `${api}/issues/comments/${50_000 + i}`,
        created_at: at(i, size.comments),
        updated_at: at(i, size.comments),
        author_association: "MEMBER",
      });
    }
    for (let i = 0; i < (size.reviewComments ?? 0); i++) {
      const pr = this.pulls[i % this.pulls.length]!;
      this.reviewComments.push({
        id: 60_000 + i,
        node_id: `RC_${i}`,
        body: `Nit ${i}`,
        user: user("alice", 3),
        path: "src/app.ts",
        line: 3,
        diff_hunk: "@@",
        commit_id: "a".repeat(40),
        html_url: `${String(pr.html_url)}#discussion_r${60_000 + i}`,
        pull_request_url: pr.url,
        created_at: pr.created_at,
        updated_at: pr.created_at,
        author_association: "MEMBER",
      });
    }
    for (let i = 0; i < (size.releases ?? 0); i++) {
      const created = at(i, size.releases!);
      this.releases.push({
        id: 70_000 + i,
        node_id: `RE_${i}`,
        tag_name: `v1.${i}.0`,
        name: `Release 1.${i}`,
        body: "Notes",
        draft: false,
        prerelease: false,
        author: user("octocat", 1),
        html_url: `https://github.com/${this.fullName}/releases/v1.${i}.0`,
        created_at: created,
        published_at: created,
      });
    }
    for (let i = 0; i < (size.runs ?? 0); i++) {
      const created = at(i, size.runs!);
      this.runs.push({
        id: 80_000 + i,
        node_id: `WR_${i}`,
        name: "CI",
        display_title: `CI run ${i}`,
        run_number: i + 1,
        run_attempt: 1,
        event: "push",
        status: "completed",
        conclusion: i % 3 === 0 ? "failure" : "success",
        head_branch: "main",
        head_sha: "c".repeat(40),
        html_url: `https://github.com/${this.fullName}/actions/runs/${80_000 + i}`,
        pull_requests: [],
        actor: user("octocat", 1),
        triggering_actor: user("octocat", 1),
        created_at: created,
        updated_at: created,
      });
    }
  }

  /** Serves the lists on `fake`, under installation `installationId`'s repository. */
  serve(fake: FakeGitHub): this {
    const repo = `/repos/${this.owner}/${this.name}`;
    const since = (request: SeenRequest) => Date.parse(request.query.get("since") ?? "1970-01-01T00:00:00Z");
    const newestFirst = (items: Record<string, unknown>[], key: string) => [...items].sort((a, b) => Date.parse(b[key] as string) - Date.parse(a[key] as string));
    const updatedSince = (items: Record<string, unknown>[], request: SeenRequest) => items.filter((item) => Date.parse(item.updated_at as string) >= since(request));
    fake
      .route(`GET ${repo}`, () => ({ status: 200, body: this.repository }))
      .route(`GET ${repo}/issues`, (request) => paged(request, newestFirst(updatedSince(this.issues, request), "updated_at"), fake))
      .route(`GET ${repo}/issues/comments`, (request) => paged(request, updatedSince(this.comments, request), fake))
      .route(`GET ${repo}/pulls`, (request) => paged(request, newestFirst(this.pulls, "updated_at"), fake))
      .route(`GET ${repo}/pulls/comments`, (request) => paged(request, updatedSince(this.reviewComments, request), fake))
      .route(`GET ${repo}/pulls/:number/reviews`, (request) => paged(request, this.reviews.get(Number(request.path.split("/")[5])) ?? [], fake))
      .route(`GET ${repo}/releases`, (request) => paged(request, newestFirst(this.releases, "created_at"), fake))
      .route(`GET ${repo}/actions/runs`, (request) => {
        const from = Date.parse((request.query.get("created") ?? ">=1970-01-01T00:00:00Z").slice(2));
        const runs = newestFirst(this.runs, "created_at").filter((run) => Date.parse(run.created_at as string) >= from);
        const page = paged(request, runs, fake);
        return { ...page, body: { total_count: runs.length, workflow_runs: page.body } };
      });
    return this;
  }
}
