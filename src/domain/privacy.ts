/**
 * Version of the privacy notice (content/guides/privacy.mdx). A form records the version
 * the person agreed to; change it whenever the notice changes what is collected or kept.
 */
export const PRIVACY_NOTICE_VERSION = '2026-12-02';
