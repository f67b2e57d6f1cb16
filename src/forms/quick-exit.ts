/**
 * 快速离开: leaves for a neutral site and replaces this page in the history, so the Back
 * button does not bring it back. Pressing Shift three times in a row does the same (the
 * shortcut GOV.UK uses for its 「Exit this page」 button). Drafts kept in this tab are cleared.
 */
export const NEUTRAL_SITE = 'https://www.weather.com.cn/';

export function leave(): void {
  try {
    sessionStorage.clear();
  } catch {
    // storage may be disabled
  }
  document.body.hidden = true;
  location.replace(NEUTRAL_SITE);
}

export function startQuickExit(): void {
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-quick-exit]')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      leave();
    });
  }
  let presses: number[] = [];
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Shift' || ev.repeat) return;
    const now = Date.now();
    presses = [...presses.filter((t) => now - t < 1000), now];
    if (presses.length >= 3) leave();
  });
}
