/**
 * How long a staff note, reason, finding or opinion may be: the staff API refuses longer ones
 * (src/schemas/staff-requests.ts) and the console's text boxes stop there (maxlength).
 */
export const NOTE_MAX = 2000;
