// Preloaded into both bots by the side-by-side benches (node --expose-gc --import): on { op: 'gc' } from the
// bench, a full collection, then { op: 'gc-done' }. Each measured burst then starts from a collected heap,
// whatever garbage the warm-up left and whenever V8 would have collected it.
process.on('message', (message) => {
  if (message?.op !== 'gc') return;
  globalThis.gc?.();
  globalThis.gc?.(); // a second pass takes what the first only made collectable (weak references, finalizers)
  process.send?.({ op: 'gc-done' });
});
process.channel?.unref(); // the listener must not keep a bot alive
