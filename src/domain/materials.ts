/**
 * 申请材料 as a checklist: each document the 办事指南 of an entitlement asks for is an item
 * with a key (content/entitlements/*.mdx `materials:`, each line keeping the guide's own
 * words). An application's checklist merges the items of the entitlements asked for, each
 * once; the family photographs them on /apply/done/ or /status/ and staff read them in the
 * console. Pure code: the site, the Worker and the console share it.
 */
import { t } from '../i18n/browser.ts';

/**
 * The items, in the order a checklist shows them: the child and the family first, then what
 * proves the situation, then what the payment needs. One item may serve several guides
 * (孩子的户口簿 is asked by most), so the family sends it once.
 */
export const MATERIALS = {
  childIdentity: { title: t('material.childIdentity.title'), hint: t('material.childIdentity.hint') },
  familyRegister: { title: t('material.familyRegister.title') },
  applicantIdentity: { title: t('material.applicantIdentity.title') },
  guardianIdentity: { title: t('material.guardianIdentity.title') },
  guardianRelation: { title: t('material.guardianRelation.title'), hint: t('material.guardianRelation.hint') },
  hardshipProof: {
    title: t('material.hardshipProof.title'),
    hint: t('material.hardshipProof.hint'),
  },
  orphanProof: { title: t('material.orphanProof.title'), hint: t('material.orphanProof.hint') },
  disabilityProof: { title: t('material.disabilityProof.title') },
  parentDeath: { title: t('material.parentDeath.title') },
  parentSituation: {
    title: t('material.parentSituation.title'),
    hint: t('material.parentSituation.hint'),
  },
  incomeStatement: { title: t('material.incomeStatement.title') },
  housingStatement: { title: t('material.housingStatement.title') },
  hardshipEvidence: { title: t('material.hardshipEvidence.title'), hint: t('material.hardshipEvidence.hint') },
  medicalRecords: { title: t('material.medicalRecords.title') },
  enrolmentProof: { title: t('material.enrolmentProof.title') },
  examRegistration: { title: t('material.examRegistration.title') },
  bankAccount: { title: t('material.bankAccount.title'), hint: t('material.bankAccount.hint') },
  other: { title: t('material.other.title'), hint: t('material.other.hint') },
} as const satisfies Record<string, { title: string; hint?: string }>;

export type MaterialKey = keyof typeof MATERIALS;

/**
 * How a 需补充材料 text message names an item (src/domain/sms.ts): short, and never what the
 * document would tell whoever holds the phone. An item whose very name says a parent died, a
 * child is an orphan, disabled, ill or poor (《个人信息保护法》第二十八条: 敏感个人信息) is
 * 「相关证明材料」 there; the status page, behind the access code, names it in full.
 */
const SENSITIVE = t('material.sms.sensitive');
const SMS_NAMES: Record<MaterialKey, string> = {
  childIdentity: t('material.childIdentity.sms'),
  familyRegister: t('material.familyRegister.sms'),
  applicantIdentity: t('material.applicantIdentity.sms'),
  guardianIdentity: t('material.guardianIdentity.sms'),
  guardianRelation: t('material.guardianRelation.sms'),
  hardshipProof: SENSITIVE,
  orphanProof: SENSITIVE,
  disabilityProof: SENSITIVE,
  parentDeath: SENSITIVE,
  parentSituation: SENSITIVE,
  incomeStatement: t('material.incomeStatement.sms'),
  housingStatement: t('material.housingStatement.sms'),
  hardshipEvidence: SENSITIVE,
  medicalRecords: SENSITIVE,
  enrolmentProof: t('material.enrolmentProof.sms'),
  examRegistration: t('material.examRegistration.sms'),
  bankAccount: t('material.bankAccount.sms'),
  other: t('material.other.sms'),
};

/** At most this many names in a text message; more are counted (「等 5 项」), so it stays one message. */
const SMS_NAMES_SHOWN = 2;

/** The items asked for, as a text message names them: 「孩子户口簿或身份证、银行账户」, 「在读证明、相关证明材料等3项」. */
export function materialsForSms(items: readonly string[]): string {
  const names = [...new Set(items.map((i) => (isMaterialKey(i) ? SMS_NAMES[i] : SMS_NAMES.other)))];
  const shown = names.slice(0, SMS_NAMES_SHOWN).join('、');
  return names.length > SMS_NAMES_SHOWN ? t('material.sms.more', { names: shown, n: names.length }) : shown;
}
export const MATERIAL_KEYS = Object.keys(MATERIALS) as [MaterialKey, ...MaterialKey[]];

export const isMaterialKey = (key: string): key is MaterialKey => Object.hasOwn(MATERIALS, key);

/** One line of a guide's 申请材料: its words, and the items it asks for (none for a note). */
export interface MaterialLine {
  text: string;
  items: MaterialKey[];
  /** False when only some families need it (「有……的」「有哪样带哪样」) or the office can check it itself: it can follow later. */
  required: boolean;
}

/** An entitlement's lines as the Worker keeps them (src/generated/catalog.json): the items only. */
export type ChecklistLine = Pick<MaterialLine, 'items' | 'required'>;

export interface ChecklistItem {
  item: MaterialKey;
  title: string;
  hint: string | null;
  /** Some entitlement asked for needs it from every family. */
  required: boolean;
}

const ORDER = new Map(MATERIAL_KEYS.map((k, i) => [k, i]));

/** Title and hint of an item; an item an older release knew shows as itself. */
export function materialInfo(item: string): { title: string; hint: string | null } {
  const info = isMaterialKey(item) ? (MATERIALS[item] as { title: string; hint?: string }) : null;
  return { title: info?.title ?? item, hint: info?.hint ?? null };
}

/**
 * The checklist of an application: every item of the entitlements asked for, once, required
 * when any of them needs it from every family; required items first, then in MATERIALS order.
 */
export function checklistOf(entitlements: readonly (readonly ChecklistLine[])[]): ChecklistItem[] {
  const required = new Map<MaterialKey, boolean>();
  for (const lines of entitlements)
    for (const line of lines) for (const item of line.items) required.set(item, (required.get(item) ?? false) || line.required);
  return [...required]
    .sort(([a, ra], [b, rb]) => Number(rb) - Number(ra) || ORDER.get(a)! - ORDER.get(b)!)
    .map(([item, req]) => ({ item, ...materialInfo(item), required: req }));
}

// --- What a file may be --------------------------------------------------------------------

/** The types accepted, told by their first bytes (worker/lib/file-types.ts), never by the name. */
export const FILE_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
} as const;
export type FileType = keyof typeof FILE_TYPES;

const MB = 1024 * 1024;
export const FILE_LIMITS = {
  /** One file, after the browser has shrunk a photo. */
  fileBytes: 10 * MB,
  /** Everything an application has, together. */
  applicationBytes: 30 * MB,
  /**
   * One request, all its files together: the Worker holds a body several times over while it
   * parses and encrypts it (docs/performance.md), and an isolate has 128 MB. The upload script
   * sends one file per request; a form without JavaScript may send a few photos at once.
   */
  requestBytes: 20 * MB,
  /** The browser redraws a photo to this long side, as JPEG, before it is sent. */
  photoLongSide: 2000,
  /** And at this JPEG quality. */
  photoQuality: 0.85,
} as const;

/** 「3.4 MB」, 「820 KB」: a size as the family reads it. */
export function sizeText(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

// --- What a status lookup says about the materials -------------------------------------------

/** One item of POST /api/status `materials`. */
export interface MaterialStatus {
  item: string;
  title: string;
  required: boolean;
  /** Files received for the item so far. */
  received: number;
  /** The office asked for it (需补充材料) and nothing has come for it since. */
  requested: boolean;
}
