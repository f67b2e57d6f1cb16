/// <reference types="astro/client" />

// tsc does not read .astro files (astro check does); this lets TypeScript modules import them.
declare module '*.astro' {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}
