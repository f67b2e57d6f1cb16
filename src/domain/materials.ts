/**
 * 申请材料 as a checklist: each document the 办事指南 of an entitlement asks for is an item
 * with a key (content/entitlements/*.mdx `materials:`, each line keeping the guide's own
 * words). An application's checklist merges the items of the entitlements asked for, each
 * once; the family photographs them on /apply/done/ or /status/ and staff read them in the
 * console. Pure code: the site, the Worker and the console share it.
 */

/**
 * The items, in the order a checklist shows them: the child and the family first, then what
 * proves the situation, then what the payment needs. One item may serve several guides
 * (孩子的户口簿 is asked by most), so the family sends it once.
 */
export const MATERIALS = {
  childIdentity: { title: '孩子的户口簿或居民身份证', hint: '还没办身份证的，拍出生医学证明。' },
  familyRegister: { title: '全体家庭成员的户口簿、居民身份证' },
  applicantIdentity: { title: '申请人本人的居民身份证、户口簿' },
  guardianIdentity: { title: '监护人（照看孩子的人）的居民身份证' },
  guardianRelation: { title: '照看孩子的人与孩子关系的证明', hint: '由村（居）民委员会出具。' },
  hardshipProof: {
    title: '家庭困难或孩子特殊情况的认定材料',
    hint: '比如低保证、低保边缘或特困认定材料，孤儿、事实无人抚养儿童认定材料，有哪样交哪样。',
  },
  orphanProof: { title: '曾经是孤儿的证明', hint: '孤儿认定材料，或父母的死亡证明。' },
  disabilityProof: { title: '残疾人证，或医疗机构出具的诊断、评估证明' },
  parentDeath: { title: '父母的死亡证明，或人民法院宣告死亡、宣告失踪的判决书' },
  parentSituation: {
    title: '父母情况的证明',
    hint: '残疾人证、医院诊断证明、服刑或强制隔离戒毒的通知书、公安机关出具的失联报案证明、死亡证明等，有哪样交哪样。',
  },
  incomeStatement: { title: '家庭收入和财产情况的说明，以及同意核对家庭经济状况的授权书' },
  housingStatement: { title: '本人住房和收入情况的说明' },
  hardshipEvidence: { title: '遇到困难的情况说明和证明材料', hint: '比如事故证明、医院诊断证明、医疗费用单据。' },
  medicalRecords: { title: '病历、诊断证明、医疗费用票据和医保报销结算单' },
  enrolmentProof: { title: '学校、幼儿园或托育机构出具的在读（在园、在托）证明' },
  examRegistration: { title: '当年中考、高考的报名或准考材料' },
  bankAccount: { title: '接收补贴或资助的银行账户', hint: '拍银行卡或存折印有户名和账号的一面。' },
  other: { title: '其他材料', hint: '办事指南里列出的其他材料，或工作人员要求补充的材料。' },
} as const satisfies Record<string, { title: string; hint?: string }>;

export type MaterialKey = keyof typeof MATERIALS;

/**
 * How a 需补充材料 text message names an item (src/domain/sms.ts): short, and never what the
 * document would tell whoever holds the phone. An item whose very name says a parent died, a
 * child is an orphan, disabled, ill or poor (《个人信息保护法》第二十八条: 敏感个人信息) is
 * 「相关证明材料」 there; the status page, behind the access code, names it in full.
 */
const SMS_NAMES: Record<MaterialKey, string> = {
  childIdentity: '孩子户口簿或身份证',
  familyRegister: '家庭成员户口簿',
  applicantIdentity: '申请人身份证',
  guardianIdentity: '监护人身份证',
  guardianRelation: '监护关系证明',
  hardshipProof: '相关证明材料',
  orphanProof: '相关证明材料',
  disabilityProof: '相关证明材料',
  parentDeath: '相关证明材料',
  parentSituation: '相关证明材料',
  incomeStatement: '收入情况说明',
  housingStatement: '住房情况说明',
  hardshipEvidence: '相关证明材料',
  medicalRecords: '相关证明材料',
  enrolmentProof: '在读证明',
  examRegistration: '中高考报名材料',
  bankAccount: '银行账户',
  other: '其他材料',
};

/** At most this many names in a text message; more are counted (「等 5 项」), so it stays one message. */
const SMS_NAMES_SHOWN = 2;

/** The items asked for, as a text message names them: 「孩子户口簿或身份证、银行账户」, 「在读证明、相关证明材料等3项」. */
export function materialsForSms(items: readonly string[]): string {
  const names = [...new Set(items.map((i) => (isMaterialKey(i) ? SMS_NAMES[i] : SMS_NAMES.other)))];
  const shown = names.slice(0, SMS_NAMES_SHOWN).join('、');
  return names.length > SMS_NAMES_SHOWN ? `${shown}等${names.length}项` : shown;
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
