/** How the person applying is related to the child (the application form asks it). */
export const RELATIONSHIPS = {
  father: '父亲',
  mother: '母亲',
  grandparent: '祖父母或外祖父母',
  relative: '其他亲属',
  guardian: '其他监护人',
  childrenDirector: '村（社区）儿童主任（代为申请）',
  self: '孩子本人',
} as const;
export type Relationship = keyof typeof RELATIONSHIPS;
