import { compact } from "../pick.js";
import { excerpt, quote, words } from "../text.js";
import type { FamilyNormalizers } from "../types.js";

export const advisoryNormalizers = {
  // Global advisories come from GitHub itself, with no sender.
  security_advisory: (payload) => {
    const advisory = payload.security_advisory;
    const packages = [...new Set(advisory.vulnerabilities.map((vulnerability) => vulnerability.package.name))].slice(0, 5);
    return {
      subject: {
        type: "security_advisory",
        number: null,
        title: advisory.summary,
        state: advisory.withdrawn_at ? "withdrawn" : "published",
        url: `https://github.com/advisories/${advisory.ghsa_id}`,
      },
      summary: `Security advisory ${advisory.ghsa_id} ${quote(advisory.summary)} (${advisory.severity}) was ${words(payload.action)}`,
      details: compact({
        ghsa_id: advisory.ghsa_id,
        cve_id: advisory.identifiers.find((identifier) => identifier.type === "CVE")?.value,
        severity: advisory.severity,
        packages,
        description: excerpt(advisory.description),
      }),
      texts: [advisory.summary, advisory.description],
    };
  },
  repository_advisory: (payload, actor) => {
    const advisory = payload.repository_advisory;
    const verb = payload.action === "reported" ? "reported a vulnerability:" : `${words(payload.action)} repository advisory`;
    return {
      subject: { type: "repository_advisory", number: null, title: advisory.summary, state: advisory.state, url: advisory.html_url },
      summary: `${actor} ${verb} ${advisory.ghsa_id} ${quote(advisory.summary)}`,
      details: compact({
        ghsa_id: advisory.ghsa_id,
        cve_id: advisory.cve_id,
        severity: advisory.severity,
        state: advisory.state,
        description: excerpt(advisory.description),
      }),
      texts: [advisory.summary, advisory.description ?? ""],
    };
  },
} satisfies Partial<FamilyNormalizers>;
