import { parseArgs } from "node:util";
import { openDb } from "../../store/db.js";
import type { PushConfig } from "../../config.js";
import { testSubscription } from "../ping.js";
import { addSubscription, enableSubscription, findSubscription, listSubscriptions, removeSubscription, type Destination, type SubscriptionInfo } from "../subscriptions.js";
import { consoleIo, oneLine, runCommand, table, UsageError, when, type CommandIo } from "./output.js";
import { describeRules } from "./rules-summary.js";

export const SUBSCRIPTION_USAGE = `  subscription add <name> --webhook <url> [--secret whsec_…]
  subscription add <name> --letta-agent <agent-id> [--letta-url <url>] [--letta-key <key>]
                    push matching events to a webhook (Standard Webhooks, signed with its
                    whsec_ secret: generated unless given, printed once on the last line) or
                    to a Letta agent (--letta-url defaults to LETTA_BASE_URL, --letta-key to
                    LETTA_API_KEY). Which events, all optional:
                      --event <type[.action]>   e.g. pull_request.opened, issues.*, push (repeatable)
                      --repo <owner/name|owner/*>                                     (repeatable)
                      --actor <login> / --exclude-actor <login>                       (repeatable)
                      --mention <login>         only events that @mention it          (repeatable)
                      --trigger-user <login>    with --mention: only mentions by them (repeatable)
                      --include-bots            bots' events too (the app's own never)
                      --private                 private repositories' events too
  subscription list list subscriptions: target, rules, status, pending and failed deliveries,
                    the last test
  subscription test <name>
                    send a ping event now and print the answer (kept in the attempt log)
  subscription enable <name>
                    enable a subscription disabled after failures or a 410; its queue resumes
  subscription remove <name>
                    delete a subscription with its deliveries`;

export type PushCommandConfig = { databaseUrl: string } & PushConfig;

const OPTIONS = {
  webhook: { type: "string" },
  secret: { type: "string" },
  "letta-agent": { type: "string" },
  "letta-url": { type: "string" },
  "letta-key": { type: "string" },
  event: { type: "string", multiple: true },
  repo: { type: "string", multiple: true },
  actor: { type: "string", multiple: true },
  "exclude-actor": { type: "string", multiple: true },
  mention: { type: "string", multiple: true },
  "trigger-user": { type: "string", multiple: true },
  "include-bots": { type: "boolean" },
  private: { type: "boolean" },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>["values"];

function destinationOf(values: Values, config: PushConfig): Destination {
  const webhook = values.webhook;
  const agentId = values["letta-agent"];
  if ((webhook === undefined) === (agentId === undefined)) throw new UsageError("subscription add needs one target: --webhook <url> or --letta-agent <agent-id>.");
  if (webhook !== undefined) {
    if (values["letta-url"] !== undefined || values["letta-key"] !== undefined) throw new UsageError("--letta-url and --letta-key only go with --letta-agent.");
    return { webhook: { url: webhook, ...(values.secret === undefined ? {} : { secret: values.secret }) } };
  }
  if (values.secret !== undefined) throw new UsageError("--secret only goes with --webhook; a Letta agent takes --letta-key.");
  return { letta: { agentId: agentId!, baseUrl: values["letta-url"] ?? config.letta.baseUrl, apiKey: values["letta-key"] ?? config.letta.apiKey } };
}

/** Only the flags given: rulesSchema fills in the defaults. */
function rulesOf(values: Values): Record<string, unknown> {
  const logins = (list: string[] | undefined) => list?.map((login) => login.replace(/^@/, ""));
  const rules = {
    events: values.event,
    repositories: values.repo,
    actors: logins(values.actor),
    excludeActors: logins(values["exclude-actor"]),
    mentions: logins(values.mention),
    triggerUsers: logins(values["trigger-user"]),
    includeBots: values["include-bots"],
    includePrivate: values.private,
  };
  return Object.fromEntries(Object.entries(rules).filter(([, value]) => value !== undefined));
}

function status(info: SubscriptionInfo): string {
  if (!info.enabled) return "disabled";
  return info.failingSince === null ? "ok" : `failing since ${when(info.failingSince)}`;
}

function printList(subscriptions: SubscriptionInfo[], io: CommandIo): void {
  if (subscriptions.length === 0) {
    io.out("No subscriptions yet. Add one with: code-buddy subscription add <name> --webhook <url> (or --letta-agent <id>)");
    return;
  }
  const rows = subscriptions.map((s) => [s.name, s.target, s.destination, describeRules(s.rules), status(s), String(s.pending), String(s.failed)]);
  table(["NAME", "TARGET", "DESTINATION", "RULES", "STATUS", "PENDING", "FAILED"], rows).forEach((line) => io.out(line));
  for (const s of subscriptions) if (!s.enabled) io.out(`${s.name} is disabled: ${s.disabledReason ?? "no reason recorded"}`);
  for (const { name, lastTest } of subscriptions) {
    if (lastTest === null) continue;
    const answer = lastTest.statusCode === null ? (lastTest.error ?? "no answer") : `HTTP ${lastTest.statusCode}`;
    io.out(`${name} was last tested ${when(lastTest.startedAt)}: ${answer} after ${lastTest.durationMs} ms.`);
  }
}

const needName = (sub: string, name: string | undefined): string => {
  if (name === undefined) throw new UsageError(`subscription ${sub} needs the subscription's name (see code-buddy subscription list).`);
  return name;
};

/** `code-buddy subscription add|list|test|enable|remove`. */
export function runSubscriptionCommand(config: PushCommandConfig, args: string[], io: CommandIo = consoleIo): Promise<number> {
  return runCommand(io, SUBSCRIPTION_USAGE, async () => {
    const { positionals, values } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
    const [sub, name, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`Unexpected argument(s): ${extra.join(" ")}. A subscription name is one word; give each rule with its own flag.`);
    if (sub !== "add" && Object.keys(values).length > 0)
      throw new UsageError(
        `Flags (${Object.keys(values)
          .map((flag) => `--${flag}`)
          .join(", ")}) only go with: subscription add.`,
      );
    const db = await openDb(config.databaseUrl);
    try {
      switch (sub) {
        case "add": {
          const { info, generatedSecret } = await addSubscription(db.prisma, { name: needName(sub, name), ...destinationOf(values, config), rules: rulesOf(values) });
          io.out(`Added subscription "${info.name}": ${info.target} ${info.destination}, for ${describeRules(info.rules)}.`);
          io.out(`The running server starts delivering to it within a few seconds. Try it now with: code-buddy subscription test ${info.name}`);
          if (generatedSecret !== null) {
            io.out("Its signing secret follows; receivers verify webhook-signature with it. Copy it now, it is not shown again:");
            io.out(generatedSecret);
          }
          return 0;
        }
        case "list":
          printList(await listSubscriptions(db.prisma), io);
          return 0;
        case "test": {
          const subscription = await findSubscription(db.prisma, needName(sub, name));
          const result = await testSubscription(db.prisma, { fetch, clock: () => new Date() }, config, subscription);
          const answer = result.statusCode === null ? result.error : `HTTP ${result.statusCode}${result.error ? ` (${result.error})` : ""}`;
          const verdict = result.outcome === "delivered" ? "delivered" : "failed";
          io.out(`Ping to "${subscription.name}" ${verdict}: ${answer} after ${result.durationMs} ms.`);
          if (result.response) io.out(`Response: ${oneLine(result.response, 500)}`);
          return result.outcome === "delivered" ? 0 : 1;
        }
        case "enable":
          await enableSubscription(db.prisma, needName(sub, name), new Date());
          io.out(`Enabled subscription "${name}": its pending deliveries go out again, in order, within a few seconds.`);
          return 0;
        case "remove":
          await removeSubscription(db.prisma, needName(sub, name));
          io.out(`Removed subscription "${name}" and its deliveries; the running server stops routing to it within a few seconds.`);
          return 0;
        default:
          throw new UsageError(sub === undefined ? "subscription needs a command." : `Unknown command "subscription ${sub}".`);
      }
    } finally {
      await db.close();
    }
  });
}
