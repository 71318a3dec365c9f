import { compact, refName } from "../pick.js";
import { quote, words } from "../text.js";
import type { FamilyNormalizers } from "../types.js";
import { describeAlertActivity } from "./alert-activity.js";

export const securityNormalizers = {
  code_scanning_alert: (payload, actor) => {
    const alert = payload.alert;
    const title = alert.rule.description || alert.rule.id;
    return {
      subject: { type: "code_scanning_alert", number: alert.number, title, state: alert.state, url: alert.html_url },
      summary: describeAlertActivity({
        actor,
        action: payload.action,
        kind: "code scanning alert",
        item: `#${alert.number} ${quote(title)}`,
        severity: alert.rule.severity,
        reason: alert.dismissed_reason,
      }),
      details: compact({
        rule: alert.rule.id,
        severity: alert.rule.severity,
        tool: alert.tool?.name,
        state: alert.state,
        ref: payload.ref ? refName(payload.ref) : undefined,
        dismissed_reason: alert.dismissed_reason,
      }),
      texts: [],
    };
  },
  dependabot_alert: (payload, actor) => {
    const alert = payload.alert;
    const advisory = alert.security_advisory;
    return {
      subject: { type: "dependabot_alert", number: alert.number, title: advisory.summary, state: alert.state, url: alert.html_url },
      summary: describeAlertActivity({
        actor,
        action: payload.action,
        kind: "Dependabot alert",
        item: `#${alert.number} ${quote(advisory.summary)}`,
        severity: advisory.severity,
        reason: alert.dismissed_reason,
      }),
      details: compact({
        package: alert.dependency.package?.name,
        ecosystem: alert.dependency.package?.ecosystem,
        manifest: alert.dependency.manifest_path,
        severity: advisory.severity,
        ghsa_id: advisory.ghsa_id,
        cve_id: advisory.cve_id,
        vulnerable_versions: alert.security_vulnerability.vulnerable_version_range,
        patched_version: alert.security_vulnerability.first_patched_version?.identifier,
        state: alert.state,
        dismissed_reason: alert.dismissed_reason,
      }),
      texts: [advisory.summary],
    };
  },
  repository_vulnerability_alert: (payload, actor) => {
    const alert = payload.alert;
    return {
      subject: {
        type: "vulnerability_alert",
        number: alert.number ?? null,
        title: alert.affected_package_name,
        // Older deliveries carry no state.
        state: alert.state ?? null,
        url: alert.external_reference,
      },
      summary: describeAlertActivity({
        actor: "dismisser" in alert && alert.dismisser ? alert.dismisser.login : actor,
        action: payload.action,
        kind: "vulnerability alert",
        item: `for ${alert.affected_package_name} ${alert.affected_range}`,
        severity: alert.severity,
        reason: "dismiss_reason" in alert ? alert.dismiss_reason : undefined,
      }),
      details: compact({
        package: alert.affected_package_name,
        affected_range: alert.affected_range,
        fixed_in: alert.fixed_in,
        severity: alert.severity,
        ghsa_id: alert.ghsa_id,
        cve_id: alert.external_identifier,
      }),
      texts: [],
    };
  },
  secret_scanning_alert: (payload, actor) => {
    const alert = payload.alert;
    const secret = alert.secret_type_display_name ?? alert.secret_type ?? "secret";
    return {
      subject: { type: "secret_scanning_alert", number: alert.number ?? null, title: secret, state: alert.resolution ?? "open", url: alert.html_url ?? null },
      summary: describeAlertActivity({
        actor,
        action: payload.action,
        kind: "secret scanning alert",
        item: `#${alert.number ?? "?"} ${quote(secret)}`,
        reason: alert.resolution ?? (payload.action === "validated" ? alert.validity : undefined),
      }),
      details: compact({ secret_type: alert.secret_type, resolution: alert.resolution, validity: alert.validity, publicly_leaked: alert.publicly_leaked }),
      texts: [],
    };
  },
  secret_scanning_alert_location: (payload) => {
    const alert = payload.alert;
    const secret = alert.secret_type_display_name ?? alert.secret_type ?? "secret";
    const where = payload.location.type ? ` (${words(payload.location.type)})` : "";
    return {
      subject: { type: "secret_scanning_alert", number: alert.number ?? null, title: secret, state: alert.resolution ?? "open", url: alert.html_url ?? null },
      summary: `Secret scanning alert #${alert.number ?? "?"} ${quote(secret)} was found in a new location${where}`,
      details: compact({ secret_type: alert.secret_type, location_type: payload.location.type }),
      texts: [],
    };
  },
  secret_scanning_scan: (payload) => ({
    subject: null,
    summary: `Secret scanning ${words(payload.type)} scan of ${words(payload.source)} ${payload.action}`,
    details: compact({ type: payload.type, source: payload.source, secret_types: payload.secret_types?.slice(0, 10), custom_pattern: payload.custom_pattern_name }),
    texts: [],
  }),
} satisfies Partial<FamilyNormalizers>;
