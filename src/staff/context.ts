/**
 * What every console view receives, and the console's words: shared by the app and its views,
 * so no view imports the app.
 */
import type { Me } from './api.ts';

export interface Context {
  me: Me;
  view: HTMLElement;
  config: { townships: { id: string; name: string }[]; risk: { level: string; label: string; measure: string; cadence: string }[] };
  messages: Record<string, string>;
  townshipName: (id: string) => string;
  /** Announces a result to screen readers and shows it. */
  flash: (text: string) => void;
  go: (hash: string) => void;
}

let pageMessages: Record<string, string> | undefined;

/** The console's words, from the page (src/pages/staff/index.astro), with the county's names filled in. */
export function consoleMessages(): Record<string, string> {
  return (pageMessages ??= JSON.parse(document.getElementById('staff-messages')!.textContent!) as Record<string, string>);
}
