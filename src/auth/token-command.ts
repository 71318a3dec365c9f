import { parseArgs } from "node:util";
import type { PrismaDb } from "../store/db.js";
import { createToken, listTokens, revokeToken, TokenError, type TokenInfo } from "./tokens.js";

export const TOKEN_USAGE = `  token create <name> --repo <pattern>... [--private] [--admin] [--login <github-login>]
                    create a bearer token for MCP, the REST API and the console; <pattern> is
                    owner/name, "owner/*" or "*" (quote the * in your shell), --repo may repeat,
                    --private adds private repositories, --admin lets it manage subscriptions,
                    deliveries and tokens, --login is whose attention get_attention reports by
                    default. The token is printed once, on the last line.
  token list        list tokens: name, repositories, private, admin, login, created, last used
  token revoke <name>
                    delete a token: requests with it get 401 from then on`;

const when = (date: Date | null) => (date === null ? "never" : date.toISOString().replace(/\.\d{3}Z$/, "Z"));

function table(tokens: TokenInfo[]): string[] {
  const rows = [
    ["NAME", "REPOSITORIES", "PRIVATE", "ADMIN", "LOGIN", "CREATED", "LAST USED"],
    ...tokens.map((t) => [t.name, t.repositories.join(","), t.allowPrivate ? "yes" : "no", t.admin ? "yes" : "no", t.login ?? "-", when(t.createdAt), when(t.lastUsedAt)]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd(),
  );
}

/** `code-buddy token create|list|revoke`; each line of output goes to `print`. */
export async function runTokenCommand(prisma: PrismaDb, args: string[], print: (line: string) => void): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      repo: { type: "string", multiple: true, short: "r" },
      private: { type: "boolean", default: false },
      admin: { type: "boolean", default: false },
      login: { type: "string" },
    },
  });
  const [sub, name, ...extra] = positionals;
  if (extra.length > 0) throw new TokenError(`Unexpected argument(s): ${extra.join(" ")}. A token name is one word; give each repository with its own --repo.`);
  if (sub !== "create" && (values.repo !== undefined || values.private || values.admin || values.login !== undefined))
    throw new TokenError("--repo, --private, --admin and --login only go with: token create <name>.");
  switch (sub) {
    case "create": {
      if (name === undefined) throw new TokenError("token create needs a name: code-buddy token create <name> --repo owner/name");
      const { token, info } = await createToken(prisma, { name, repositories: values.repo ?? [], allowPrivate: values.private, admin: values.admin, login: values.login ?? null });
      const access = [
        info.allowPrivate ? "private repositories included" : "public repositories only",
        ...(info.admin ? ["admin: may manage subscriptions, deliveries and tokens"] : []),
        ...(info.login ? [`attention of ${info.login}`] : []),
      ].join("; ");
      print(`Created token "${info.name}" for ${info.repositories.join(", ")} (${access}).`);
      print('Copy it now, it is not stored and cannot be shown again. Clients send it as "Authorization: Bearer <token>":');
      print(token);
      return;
    }
    case "list": {
      const tokens = await listTokens(prisma);
      if (tokens.length === 0) print("No tokens yet. Create one with: code-buddy token create <name> --repo owner/name");
      else table(tokens).forEach((line) => print(line));
      return;
    }
    case "revoke":
      if (name === undefined) throw new TokenError("token revoke needs the token's name: code-buddy token revoke <name> (see code-buddy token list).");
      await revokeToken(prisma, name);
      print(`Revoked token "${name}": requests with it now get 401, and its open MCP sessions end within a minute.`);
      return;
    default:
      throw new TokenError(`Usage:\n${TOKEN_USAGE}`);
  }
}
