/** The confirmation page: a print button, and the end of the drafts kept for the form. */
export function startReceipt(): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-print]')) b.addEventListener('click', () => window.print());
  if (!document.getElementById('receipt')?.hidden) {
    for (const key of ['tonghu.apply.draft', 'tonghu.check', 'tonghu.check.answers', 'tonghu.volunteer.draft', 'tonghu.report.draft']) sessionStorage.removeItem(key);
  }
}
