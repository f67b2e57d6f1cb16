/** What a reference and an access code look like to the person who receives them. */
import { formatAccessCode, isAccessCode, isReference, KIND_PREFIX, type IntakeKind } from '#src/domain/reference-code.ts';

/** A reference of this kind (A-, V-, R-), in the code's alphabet (no 0/O, 1/I, 2/Z). */
export function isReferenceOf(kind: IntakeKind, reference: string): boolean {
  return isReference(reference) && reference.startsWith(`${KIND_PREFIX[kind]}-`);
}

/** An access code as the site shows it: the code's alphabet, in groups of four. */
export function isShownAccessCode(code: string): boolean {
  const bare = code.replace(/-/g, '');
  return isAccessCode(bare) && formatAccessCode(bare) === code;
}
