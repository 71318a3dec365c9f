import { listSessions } from "../auth/console-sessions.js";
import { createToken, listTokens, revokeToken, TokenError } from "../auth/tokens.js";
import { doneNotice, type ConsoleDeps, type PageRoute } from "./console-route.js";
import { accessPage } from "./pages/access-page.js";
import { redirect, sendPage } from "./respond.js";

/** Access: tokens (create, shown once; revoke) and who is signed in. For admins. */
export function accessRoutes({ db, clock }: ConsoleDeps): PageRoute[] {
  const prisma = db.prisma;
  const state = async () => {
    const [tokens, sessions] = await Promise.all([listTokens(prisma), listSessions(prisma, clock())]);
    return { tokens, sessions };
  };
  return [
    {
      method: "GET",
      pattern: /^\/access$/,
      access: "admin",
      handle: async ({ res, url, principal }) => sendPage(res, 200, accessPage({ principal: principal!, ...(await state()), notice: doneNotice(url) })),
    },
    {
      method: "POST",
      pattern: /^\/access\/tokens$/,
      access: "admin",
      handle: async ({ res, principal, form }) => {
        const fields = {
          name: (form!.get("name") ?? "").trim(),
          repositories: form!.get("repositories") ?? "",
          private: form!.get("private") === "on",
          admin: form!.get("admin") === "on",
        };
        try {
          const { token, info } = await createToken(prisma, {
            name: fields.name,
            repositories: fields.repositories.split(/[\s,]+/).filter((pattern) => pattern !== ""),
            allowPrivate: fields.private,
            admin: fields.admin,
          });
          sendPage(res, 201, accessPage({ principal: principal!, ...(await state()), created: { name: info.name, secret: token } }));
        } catch (error) {
          if (!(error instanceof TokenError)) throw error;
          sendPage(
            res,
            error.reason === "conflict" ? 409 : 400,
            accessPage({ principal: principal!, ...(await state()), form: fields, notice: { kind: "error", text: error.message } }),
          );
        }
      },
    },
    {
      method: "POST",
      pattern: /^\/access\/tokens\/([^/]+)\/revoke$/,
      access: "admin",
      handle: async ({ res, params: [name] }) => {
        await revokeToken(prisma, name!);
        redirect(res, "/access?done=revoked");
      },
    },
  ];
}
