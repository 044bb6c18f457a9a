// Waits until a condition over real clusters holds (they converge in the background), failing the
// test with what was awaited when it does not within the time given.
import assert from 'node:assert/strict';

export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
