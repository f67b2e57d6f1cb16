import { FILE_LIMITS, sizeText } from '../domain/materials.ts';
import { t } from '../i18n/index.ts';
import type { MaterialsMessages } from './html.ts';

/** The checklist's words, for the pages (embedded) and for the Worker (pages it completes). */
export function materialsMessages(): MaterialsMessages {
  return {
    title: t('materials.title'),
    intro: t('materials.intro'),
    limits: t('materials.limits', { file: sizeText(FILE_LIMITS.fileBytes), total: sizeText(FILE_LIMITS.applicationBytes) }),
    required: t('materials.required'),
    later: t('materials.later'),
    requested: t('materials.requested'),
    received: t('materials.received'),
    notYet: t('materials.notYet'),
    choose: t('materials.choose'),
    upload: t('materials.upload'),
    none: t('materials.none'),
  };
}

/** What the upload script says as it works (embedded in the pages with forms). */
export function uploadMessages() {
  return {
    ...materialsMessages(),
    shrinking: t('materials.shrinking'),
    uploading: t('materials.uploading'),
    uploaded: t('materials.uploaded'),
    failed: t('materials.failed'),
    network: t('materials.network'),
    progress: t('materials.progress'),
    done: t('materials.done'),
  };
}
export type UploadMessages = ReturnType<typeof uploadMessages>;
