/**
 * Test and benchmark aid: the longest gap between ticks of a short interval timer, i.e. the longest time this
 * thread's event loop was blocked while `watchEventLoopGaps` ran. `stop()` also counts the gap still open, so a
 * task that blocks the loop up to its very end is caught.
 */
export function watchEventLoopGaps(intervalMs = 5): { stop(): number } {
  let maxGapMs = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, intervalMs);
  return {
    stop() {
      clearInterval(ticker);
      return Math.max(maxGapMs, performance.now() - last);
    },
  };
}
