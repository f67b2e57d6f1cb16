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
        if (unset.length)
          logger.warn(`content/county.ts 中以下设置尚未填写，页面将显示「以本县公布标准为准」或全国统一热线：\n  ${unset.join('\n  ')}`);
      },
    },
  };
}
