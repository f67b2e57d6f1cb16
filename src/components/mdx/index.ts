/** Components that MDX content may use without importing them. */
import Amount from './Amount.astro';
import County from './County.astro';
import Hotline from './Hotline.astro';
import PrivacyVersion from './PrivacyVersion.astro';
import Retention from './Retention.astro';
import RiskLevel from './RiskLevel.astro';
import RiskLevels from './RiskLevels.astro';
import ScreeningMonths from './ScreeningMonths.astro';
import type { mdxComponentNames } from './names.ts';

export const mdxComponents = {
  Amount,
  County,
  Hotline,
  PrivacyVersion,
  Retention,
  RiskLevel,
  RiskLevels,
  ScreeningMonths,
} satisfies Record<(typeof mdxComponentNames)[number], unknown>;
