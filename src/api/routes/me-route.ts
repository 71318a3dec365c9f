import { z } from "zod";
import { defineRoute, type ApiRoute } from "../route.js";
import { principalSchema } from "../schemas/admin.js";

/** GET /api/v1/me: who the credential says the caller is, and what it may read. */
export const meRoute: ApiRoute = defineRoute({
  method: "GET",
  path: "/me",
  operationId: "getMe",
  tag: "Access",
  summary: "Who the credential belongs to and what it may see",
  access: "reader",
  query: z.strictObject({}),
  response: principalSchema,
  handle: async ({ principal }) => ({
    name: principal.name,
    kind: principal.kind,
    admin: principal.isAdmin,
    scope: { repositories: [...principal.scope.repositories], private: principal.scope.allowPrivate },
  }),
});
