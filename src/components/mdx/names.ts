/** Names of the components MDX content may use (kept apart from index.ts so Node tests can read it). */
export const mdxComponentNames = [
  'Amount',
  'County',
  'Hotline',
  'PrivacyVersion',
  'Retention',
  'RiskLevel',
  'RiskLevels',
  'ScreeningMonths',
] as const;
