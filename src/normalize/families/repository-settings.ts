import { compact } from "../pick.js";
import { oneLine, quote, truncate, words } from "../text.js";
import type { FamilyNormalizers, PayloadOf } from "../types.js";

/** Custom property values are free-form: keep a few, each cut short. */
function propertyValues(values: PayloadOf<"custom_property_values">["new_property_values"]): Record<string, unknown> {
  return Object.fromEntries(
    values.slice(0, 10).map(({ property_name, value }) => [property_name, typeof value === "string" ? truncate(oneLine(value), 100) : (value?.slice(0, 10) ?? null)]),
  );
}

/** "enabled"/"disabled" per security feature, as the repository now has them. */
function securityFeatures(settings: PayloadOf<"security_and_analysis">["repository"]["security_and_analysis"]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings ?? {}).map(([feature, value]) => [feature, value?.status ?? null]));
}

export const repositorySettingsNormalizers = {
  branch_protection_rule: (payload, actor) => {
    const rule = payload.rule;
    return {
      subject: { type: "branch_protection_rule", number: null, title: rule.name, state: null, url: null },
      summary: `${actor} ${words(payload.action)} the branch protection rule for ${quote(rule.name)}`,
      details: compact({
        pattern: rule.name,
        required_approving_reviews: rule.required_approving_review_count,
        required_status_checks: rule.required_status_checks.slice(0, 10),
        admin_enforced: rule.admin_enforced,
        changed: "changes" in payload && payload.changes ? Object.keys(payload.changes).slice(0, 10) : undefined,
      }),
      texts: [],
    };
  },
  branch_protection_configuration: (payload, actor) => ({
    subject: null,
    summary: `${actor} ${payload.action} branch protections`,
    details: {},
    texts: [],
  }),
  repository_ruleset: (payload, actor) => {
    const ruleset = payload.repository_ruleset;
    return {
      subject: { type: "ruleset", number: null, title: ruleset.name, state: ruleset.enforcement, url: null },
      summary: `${actor} ${words(payload.action)} ruleset ${quote(ruleset.name)}`,
      details: compact({ name: ruleset.name, target: ruleset.target, enforcement: ruleset.enforcement, source: ruleset.source, rules: ruleset.rules?.length }),
      texts: [],
    };
  },
  // The key itself is left out: it is long and tells an agent nothing.
  deploy_key: (payload, actor) => ({
    subject: null,
    summary: `${actor} ${payload.action === "created" ? "added" : "removed"} deploy key ${quote(payload.key.title)}`,
    details: { title: payload.key.title, read_only: payload.key.read_only },
    texts: [],
  }),
  custom_property_values: (payload, actor) => ({
    subject: null,
    summary: `${actor} updated the custom property values`,
    details: { values: propertyValues(payload.new_property_values) },
    texts: [],
  }),
  security_and_analysis: (payload, actor) => ({
    subject: null,
    summary: `${actor} changed the security and analysis settings`,
    details: { features: securityFeatures(payload.repository.security_and_analysis) },
    texts: [],
  }),
} satisfies Partial<FamilyNormalizers>;
