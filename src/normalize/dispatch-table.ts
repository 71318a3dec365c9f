import { advisoryNormalizers } from "./families/advisories.js";
import { appNormalizers } from "./families/app.js";
import { ciNormalizers } from "./families/ci.js";
import { commitCommentNormalizers } from "./families/commit-comment.js";
import { deploymentNormalizers } from "./families/deployment.js";
import { discussionNormalizers } from "./families/discussion.js";
import { issueRelationNormalizers } from "./families/issue-relations.js";
import { issuesNormalizers } from "./families/issues.js";
import { labelMilestoneNormalizers } from "./families/labels-milestones.js";
import { organizationNormalizers } from "./families/organization.js";
import { packageNormalizers } from "./families/package.js";
import { projectNormalizers } from "./families/project.js";
import { pullRequestReviewNormalizers } from "./families/pull-request-review.js";
import { pullRequestNormalizers } from "./families/pull-request.js";
import { pushNormalizers } from "./families/push.js";
import { releaseNormalizers } from "./families/release.js";
import { repositorySettingsNormalizers } from "./families/repository-settings.js";
import { repositoryNormalizers } from "./families/repository.js";
import { securityNormalizers } from "./families/security.js";
import { socialNormalizers } from "./families/social.js";
import { teamNormalizers } from "./families/teams.js";
import { wikiPagesNormalizers } from "./families/wiki-pages.js";
import type { FamilyNormalizers } from "./types.js";

/** Every event name @octokit/webhooks knows, mapped to its family's normalizer; the type fails to compile if one is missing. */
export const dispatchTable: FamilyNormalizers = {
  ...pullRequestNormalizers,
  ...pullRequestReviewNormalizers,
  ...issuesNormalizers,
  ...issueRelationNormalizers,
  ...commitCommentNormalizers,
  ...pushNormalizers,
  ...ciNormalizers,
  ...deploymentNormalizers,
  ...releaseNormalizers,
  ...packageNormalizers,
  ...discussionNormalizers,
  ...labelMilestoneNormalizers,
  ...projectNormalizers,
  ...securityNormalizers,
  ...advisoryNormalizers,
  ...repositoryNormalizers,
  ...repositorySettingsNormalizers,
  ...socialNormalizers,
  ...wikiPagesNormalizers,
  ...organizationNormalizers,
  ...teamNormalizers,
  ...appNormalizers,
};
