// The package's browser entry loads its .wasm with a top-level await, which Vite's default worker
// output (`iife`) cannot hold: a worker that imports tmr-client needs ES module output.
export default {
  base: './',
  worker: { format: 'es' },
};
