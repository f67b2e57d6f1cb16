import { t } from '../i18n/index.ts';
import type { AstroIntegration } from 'astro';
import county from '#content/county.ts';
import { unsetSettings } from '../config/county-schema.ts';

/** Reminds the deployer, at every build, which county settings still show a placeholder. */
export function countySettingsReminder(): AstroIntegration {
  return {
    name: 'tonghu-county-settings',
    hooks: {
      'astro:build:start': ({ logger }) => {
        const unset = unsetSettings(county);
        if (unset.length) logger.warn(t('build.countySettings.unset', { settings: unset.join('\n  ') }));
      },
    },
  };
}
