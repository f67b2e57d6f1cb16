/**
 * The staff console: sign in with a token, then views chosen by the fragment of the address.
 * Each view fetches what it shows, renders it as text, and moves focus to its heading.
 */
import { api, ApiProblem, TOKEN_KEY, type Me } from './api.ts';
import { consoleMessages, type Context } from './context.ts';
import { h } from './dom.ts';
import { can } from '../domain/staff-roles.ts';
import { showErrors } from '../forms/stepper.ts';
import { format } from '../i18n/format.ts';
import { renderDashboard } from './views/dashboard.ts';
import { renderCase, renderCases } from './views/cases.ts';
import { renderVolunteer, renderVolunteers } from './views/volunteers.ts';
import { renderPairing } from './views/pairing.ts';
import { renderReport, renderReports } from './views/reports.ts';
import { renderAccounts, renderAudit } from './views/admin.ts';
import { renderMaterialsPage } from './views/materials.ts';

export function startConsole(): void {
  const messages = consoleMessages();
  const config = JSON.parse(document.getElementById('staff-config')!.textContent!) as Context['config'];
  const signin = document.getElementById('signin')!;
  const consoleEl = document.getElementById('console')!;
  const view = document.getElementById('view')!;
  const flashEl = document.getElementById('staff-flash')!;
  const names = Object.fromEntries(config.townships.map((t) => [t.id, t.name]));
  let me: Me | null = null;
  let navigation = 0;
  let pendingFlash: string | null = null;

  const ctx = (target: HTMLElement, renderedBy: number): Context => ({
    me: me!,
    view: target,
    config,
    messages,
    townshipName: (id) => names[id] ?? id,
    // Shown after the next view renders (a save is usually followed by a reload of the view).
    flash: (text) => {
      pendingFlash = text;
    },
    // A view that finishes saving after the person has moved on does not pull them back.
    go: (hash) => {
      if (renderedBy !== navigation) return;
      if (location.hash === hash) void route();
      else location.hash = hash;
    },
  });

  async function route(): Promise<void> {
    if (!me) return;
    const [, name, arg] = /^#\/([a-z]+)\/?(.*)$/.exec(location.hash) ?? [];
    // Each view renders off-screen and replaces the current one only if no newer navigation
    // started meanwhile: a slow answer never overwrites the view the person moved on to.
    const current = ++navigation;
    const target = h('div');
    view.replaceChildren(h('p', { role: 'status' }, messages['staff.loading']));
    for (const a of document.querySelectorAll<HTMLAnchorElement>('#staff-nav a')) {
      if (a.getAttribute('href') === `#/${name ?? 'dashboard'}`) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    try {
      const c = ctx(target, current);
      if (name === 'applications') await renderCases(c, false);
      else if (name === 'overdue') await renderCases(c, true);
      else if (name === 'case' && arg) await renderCase(c, decodeURIComponent(arg));
      else if (name === 'materials' && arg) await renderMaterialsPage(c, decodeURIComponent(arg));
      else if (name === 'volunteers') await renderVolunteers(c);
      else if (name === 'volunteer' && arg) await renderVolunteer(c, decodeURIComponent(arg));
      else if (name === 'pairing') await renderPairing(c, decodeURIComponent(arg ?? ''));
      else if (name === 'reports') await renderReports(c);
      else if (name === 'report' && arg) await renderReport(c, decodeURIComponent(arg));
      else if (name === 'accounts') await renderAccounts(c);
      else if (name === 'audit') await renderAudit(c);
      else await renderDashboard(c);
    } catch (error) {
      if (current !== navigation) return;
      if (error instanceof ApiProblem && error.status === 401) return signOut();
      target.replaceChildren(
        h('h2', { tabindex: -1 }, '出错了'),
        h('p', { class: 'notice danger' }, error instanceof Error ? error.message : String(error)),
      );
    }
    if (current !== navigation) return;
    view.replaceChildren(...target.childNodes);
    flashEl.textContent = pendingFlash ?? '';
    flashEl.className = pendingFlash ? 'notice' : 'sr-only';
    pendingFlash = null;
    view.querySelector<HTMLElement>('h2')?.focus();
  }

  async function signIn(token: string): Promise<boolean> {
    sessionStorage.setItem(TOKEN_KEY, token);
    try {
      me = await api<Me>('/me');
    } catch {
      sessionStorage.removeItem(TOKEN_KEY);
      me = null;
      return false;
    }
    const scope = me.townships.includes('*') ? (messages['staff.scope.all'] ?? '') : me.townships.map((t) => names[t] ?? t).join('、');
    document.getElementById('whoami')!.textContent = format(messages['staff.signedin'] ?? '', {
      name: me.name,
      role: messages[`staff.role.${me.role}`] ?? me.role,
      scope,
    });
    for (const li of document.querySelectorAll<HTMLElement>('[data-admin]')) li.hidden = !can(me.role, 'administer');
    signin.hidden = true;
    consoleEl.hidden = false;
    if (!location.hash) location.hash = can(me.role, 'administer') ? '#/accounts' : '#/dashboard';
    else await route();
    return true;
  }

  function signOut(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    me = null;
    consoleEl.hidden = true;
    view.replaceChildren();
    signin.hidden = false;
    history.replaceState(null, '', location.pathname);
    document.getElementById('signin-title')!.focus();
  }

  const form = document.getElementById('signin-form') as HTMLFormElement;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = form.elements.namedItem('token') as HTMLInputElement;
    const value = input.value.trim();
    const ok = value !== '' && (await signIn(value));
    showErrors(form, ok ? [] : [{ field: 'token', message: '令牌不对，或已过期、被停用。请核对后重试，或联系管理员。' }]);
    if (ok) input.value = '';
  });
  document.getElementById('signout')!.addEventListener('click', signOut);
  window.addEventListener('hashchange', () => void route());

  document.getElementById('signin-title')!.setAttribute('tabindex', '-1');
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) void signIn(saved).then((ok) => (signin.hidden = ok));
  else signin.hidden = false;
}
