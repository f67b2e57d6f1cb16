/// <reference types="astro/client" />

// tsc does not read .astro files (astro check does); this lets TypeScript modules import them.
declare module '*.astro' {
  const Component: import('astro/runtime/server/index.js').AstroComponentFactory;
  export default Component;
}
