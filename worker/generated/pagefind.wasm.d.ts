/** Pagefind's WebAssembly, written by the build; wrangler bundles a .wasm import as a compiled module. */
declare const pagefindWasm: WebAssembly.Module;
export default pagefindWasm;
