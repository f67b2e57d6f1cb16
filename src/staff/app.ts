/**
 * The staff console: sign in with a token, then views chosen by the fragment of the address
 * (#/cases/C-…, #/screening/3/dongshan/松林村 …). Each view fetches what it shows, renders it
 * as text, and moves focus to its heading. What a person searched for is kept in memory only:
 * a child's name or a phone number never goes into the address or the browser's history.
 */
import { ApiProblem, type Me } from './api.ts';
import { consoleConfig, list, say, type Context } from './context.ts';
import { h, viewTitle } from './dom.ts';
import { can } from '../domain/staff-roles.ts';
import { SESSION_LIMITS } from '../domain/staff-sign-in.ts';
import { currentMember, endSession, wireSignIn } from './sign-in.ts';
import { renderDashboard } from './views/dashboard.ts';
import { renderCaseList, renderOverdue, renderSearch } from './views/cases.ts';
import { renderCaseFile } from './views/case-file.ts';
import { renderApplication, renderApplications } from './views/applications.ts';
import { renderRoster, renderRound, renderScreening } from './views/screening.ts';
import { renderVolunteer, renderVolunteers } from './views/volunteers.ts';
import { renderPairing } from './views/pairing.ts';
import { renderReport, renderReports } from './views/reports.ts';
import { renderAccounts, renderAudit } from './views/admin.ts';
import { renderMaterialsPage } from './views/materials.ts';
import { renderOutbox } from './views/outbox.ts';
import { renderPasskeys } from './views/passkeys.ts';
import { renderBatch, renderReferrals, renderReview } from './views/review.ts';
import { EVERY_TOWNSHIP } from '../domain/township-scope.ts';

/** Addresses of an earlier console (#/case/A-…, #/volunteer/V-…), still followed from bookmarks. */
const OLD_NAMES: Record<string, (arg: string) => string> = {
  case: (arg) => (arg.startsWith('C-') ? 'cases' : 'applications'),
  volunteer: () => 'volunteers',
  report: () => 'reports',
};

export function startConsole(): void {
  const config = consoleConfig();
  const signin = document.getElementById('signin')!;
  const consoleEl = document.getElementById('console')!;
  const view = document.getElementById('view')!;
  const flashEl = document.getElementById('staff-flash')!;
  const searchForm = document.getElementById('staff-search') as HTMLFormElement;
  const searchInput = document.getElementById('staff-search-q') as HTMLInputElement;
  const names = Object.fromEntries(config.townships.map((t) => [t.id, t.name]));
  let me: Me | null = null;
  let navigation = 0;
  let pendingFlash: string | null = null;
  let query = '';

  const ctx = (target: HTMLElement, renderedBy: number, params: URLSearchParams): Context => ({
    me: me!,
    view: target,
    config,
    params,
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
    search: (q) => {
      query = q.trim();
      searchInput.value = query;
      if (location.hash === '#/search') void route();
      else location.hash = '#/search';
    },
  });

  async function route(): Promise<void> {
    if (!me) return;
    const [, rawName = '', path = '', search = ''] = /^#\/([a-z]+)\/?([^?]*)\??(.*)$/.exec(location.hash) ?? [];
    const args = path ? path.split('/').map(decodeURIComponent) : [];
    const name = OLD_NAMES[rawName]?.(args[0] ?? '') ?? rawName;
    // Each view renders off-screen and replaces the current one only if no newer navigation
    // started meanwhile: a slow answer never overwrites the view the person moved on to.
    const current = ++navigation;
    const target = h('div');
    view.replaceChildren(h('p', { role: 'status' }, say('staff.loading')));
    const section = name === 'search' ? 'cases' : name || 'dashboard';
    // The outbox is for the roles that read messages (the county bureau, the administrator).
    for (const el of document.querySelectorAll<HTMLElement>('[data-messages]')) el.hidden = !can(me.role, 'readMessages');
    for (const a of document.querySelectorAll<HTMLAnchorElement>('#staff-nav a')) {
      if (a.getAttribute('href') === `#/${section}`) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    const [first, second, third] = args;
    try {
      const c = ctx(target, current, new URLSearchParams(search));
      // A member department has one view: the referrals sent to it.
      if (me.role === 'department') await renderReferrals(c);
      else if (name === 'search') await renderSearch(c, query);
      else if (name === 'cases' && first) await renderCaseFile(c, first);
      else if (name === 'cases') await renderCaseList(c);
      else if (name === 'overdue') await renderOverdue(c);
      else if (name === 'screening' && first && second && third) await renderRoster(c, Number(first), second, third);
      else if (name === 'screening' && first) await renderRound(c, Number(first));
      else if (name === 'screening') await renderScreening(c);
      else if (name === 'applications' && first) await renderApplication(c, first);
      else if (name === 'applications') await renderApplications(c);
      else if (name === 'volunteers' && first) await renderVolunteer(c, first);
      else if (name === 'materials' && first) await renderMaterialsPage(c, first);
      else if (name === 'volunteers') await renderVolunteers(c);
      else if (name === 'pairing') await renderPairing(c, first ?? '');
      else if (name === 'reports' && first) await renderReport(c, first);
      else if (name === 'reports') await renderReports(c);
      else if (name === 'review' && first) await renderBatch(c, first);
      else if (name === 'review') await renderReview(c);
      else if (name === 'referrals') await renderReferrals(c);
      else if (name === 'accounts') await renderAccounts(c);
      else if (name === 'audit') await renderAudit(c);
      else if (name === 'outbox') await renderOutbox(c);
      else if (name === 'passkeys') await renderPasskeys(c);
      else await renderDashboard(c);
    } catch (error) {
      if (current !== navigation) return;
      if (error instanceof ApiProblem && error.status === 401) return expired();
      target.replaceChildren(
        viewTitle(say('staff.error.title')),
        h('p', { class: 'notice danger' }, error instanceof ApiProblem ? error.message : say('staff.error.generic')),
      );
    }
    if (current !== navigation) return;
    view.replaceChildren(...target.childNodes);
    flashEl.textContent = pendingFlash ?? '';
    flashEl.className = pendingFlash ? 'notice' : 'sr-only';
    pendingFlash = null;
    view.querySelector<HTMLElement>('h2')?.focus();
  }

  /** A session is open (just signed in, or the page reloaded with one): show the console. */
  async function enter(member: Me): Promise<void> {
    me = member;
    const scope = me.townships.includes(EVERY_TOWNSHIP) ? say('staff.scope.all') : list(me.townships.map((t) => names[t] ?? t));
    document.getElementById('whoami')!.textContent = say('staff.signedin', {
      name: me.name,
      role: say(`staff.role.${me.role}`),
      scope: me.villages?.length ? say('staff.scope.villages', { scope, villages: list(me.villages) }) : scope,
    });
    const records = can(me.role, 'workOnRecords');
    for (const el of document.querySelectorAll<HTMLElement>('[data-admin]')) el.hidden = !can(me.role, 'administer');
    for (const el of document.querySelectorAll<HTMLElement>('[data-records]')) el.hidden = !records;
    signin.hidden = true;
    consoleEl.hidden = false;
    if (!location.hash) location.hash = records ? '#/dashboard' : '#/accounts';
    else await route();
  }

  /** Back to the sign-in: after signing out (every session ended), or when the session ran out. */
  function leave(notice?: string): void {
    me = null;
    query = '';
    searchInput.value = '';
    consoleEl.hidden = true;
    view.replaceChildren();
    signin.hidden = false;
    history.replaceState(null, '', location.pathname);
    steps.reset(notice);
  }

  const steps = wireSignIn(enter);
  const expired = () =>
    leave(say('staff.signin.expired', { minutes: SESSION_LIMITS.idleMs / 60_000, hours: SESSION_LIMITS.absoluteMs / 3_600_000 }));
  searchForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!me) return;
    ctx(view, navigation, new URLSearchParams()).search(searchInput.value);
  });
  document.getElementById('signout')!.addEventListener('click', () => void endSession().then(() => leave()));
  window.addEventListener('hashchange', () => void route());

  document.getElementById('signin-title')!.setAttribute('tabindex', '-1');
  void currentMember().then(async (member) => {
    if (member) await enter(member);
    else signin.hidden = false;
  });
}
