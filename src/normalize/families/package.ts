import { compact } from "../pick.js";
import { truncate, words } from "../text.js";
import type { EventSubject, FamilyNormalizers, FamilyResult, PayloadOf } from "../types.js";

type Package = PayloadOf<"package">["package"] | PayloadOf<"registry_package">["registry_package"];

/** Both events describe the same thing: `package` is the older name of `registry_package`. */
function normalizePackage(pkg: Package, action: string, actor: string): FamilyResult {
  const version = pkg.package_version?.version;
  const subject: EventSubject = { type: "package", number: null, title: pkg.name, state: null, url: pkg.html_url };
  return {
    subject,
    summary: `${actor} ${words(action)} package ${pkg.name}${version ? ` version ${truncate(version, 30)}` : ""}`,
    details: compact({ name: pkg.name, namespace: pkg.namespace, package_type: pkg.package_type, ecosystem: pkg.ecosystem, version }),
    texts: [],
  };
}

export const packageNormalizers = {
  package: (payload, actor) => normalizePackage(payload.package, payload.action, actor),
  registry_package: (payload, actor) => normalizePackage(payload.registry_package, payload.action, actor),
} satisfies Partial<FamilyNormalizers>;
