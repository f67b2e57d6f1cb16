/**
 * The checker's results as HTML, from the rules' result and each entitlement's facts. One
 * renderer for both paths: the browser puts it into /check/ after the questionnaire, and the
 * Worker puts it into the same page for a form posted without JavaScript. Every text is escaped.
 */
import type { Decision, EligibilityResult } from '../eligibility/engine.ts';
import catalog from '../generated/catalog.json' with { type: 'json' };

export interface EntitlementFact {
  title: string;
  /** The 实施主体, already named for the county (县民政局 …). */
  lead: string;
  materials: string[];
  access: 'online' | 'report' | 'contact';
}

/**
 * Every entitlement's facts from the catalog, its lead department named by `leadName` (the
 * browser reads the names from the page, the Worker from the county settings).
 */
export function entitlementFacts(leadName: (department: string) => string): Record<string, EntitlementFact> {
  return Object.fromEntries(
    catalog.map((e) => [
      e.slug,
      { title: e.title, lead: leadName(e.lead), materials: e.materials, access: e.access as EntitlementFact['access'] },
    ]),
  );
}

export interface ResultMessages {
  eligible: string;
  maybe: string;
  ineligible: string;
  none: string;
  why: string;
  dept: string;
  materials: string;
  ask: string;
  notAssessed: string;
  choose: string;
  offline: string;
  basis: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const ORDER: Decision[] = ['eligible', 'maybe', 'ineligible'];

export function resultsHtml(result: EligibilityResult, facts: Record<string, EntitlementFact>, m: ResultMessages): string {
  const e = escapeHtml;
  const groups = ORDER.map((decision) => {
    const items = result.results.filter((r) => r.decision === decision && facts[r.slug]);
    const boxes = items.map((r) => {
      const fact = facts[r.slug]!;
      const apply =
        decision === 'ineligible'
          ? ''
          : fact.access === 'online'
            ? `<div class="checkbox"><input type="checkbox" name="e" value="${e(r.slug)}" id="apply-${e(r.slug)}"${decision === 'eligible' ? ' checked' : ''}><label for="apply-${e(r.slug)}">${e(m.choose)}：${e(fact.title)}</label></div>`
            : `<p>${e(m.offline)}</p>`;
      const why = r.criteria
        .map(
          (c) =>
            `<li><span class="badge ${e(c.status)}">${e(c.statusLabel)}</span> ${e(c.reason)}<br><small>${e(m.basis)}：${e(c.basis)}</small></li>`,
        )
        .join('');
      const more =
        decision === 'ineligible'
          ? ''
          : `<p><strong>${e(m.dept)}：</strong>${e(fact.lead)}</p>` +
            // Open: a closed 「需要准备的材料」 read as a heading with nothing under it.
            `<details open><summary>${e(m.materials)}</summary><ul>${fact.materials.map((x) => `<li>${e(x)}</li>`).join('')}</ul></details>` +
            `<p><strong>${e(m.ask)}：</strong>${e(r.ask)}</p>`;
      return (
        `<div class="result ${decision}"><h4><a href="/entitlements/${e(r.slug)}/">${e(fact.title)}</a></h4>${apply}` +
        `<details${decision === 'ineligible' ? '' : ' open'}><summary>${e(m.why)}</summary><ul>${why}</ul></details>${more}</div>`
      );
    });
    return `<section class="result-group ${decision}"><h3>${e(m[decision])}（${items.length}）</h3>${boxes.join('') || `<p>${e(m.none)}</p>`}</section>`;
  });
  return groups.join('');
}

export function notAssessedHtml(result: EligibilityResult, m: ResultMessages): string {
  if (!result.notAssessed.length) return '';
  return `<h3>${escapeHtml(m.notAssessed)}</h3><ul>${result.notAssessed.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>`;
}
