/**
 * How the site's content is sorted: the kinds of page search can filter by, and the sections
 * of /policies/. Labels are UI text, in zh-CN.json (type.<kind>, policies.section.<key>).
 */

/** Content pages by kind, in the order the search filter lists them. */
export const CONTENT_TYPES = ['entitlement', 'policy', 'law', 'guide', 'hotline'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** The parts of the programme a policy page belongs to, in the order /policies/ shows them. */
export const POLICY_SECTIONS = ['overview', 'targets', 'areas', 'mechanisms', 'organisation'] as const;
export type PolicySection = (typeof POLICY_SECTIONS)[number];
