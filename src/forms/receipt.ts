/** The confirmation page: a print button (shown only here, where it works), and the end of the drafts kept for the form. */
export function startReceipt(): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-print]')) {
    b.hidden = false;
    b.addEventListener('click', () => window.print());
  }
  if (!document.getElementById('receipt')?.hidden) {
    for (const key of ['tonghu.apply.draft', 'tonghu.check', 'tonghu.volunteer.draft', 'tonghu.report.draft'])
      sessionStorage.removeItem(key);
  }
}
