import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { collectGarbageSoon } from '../../src/node/collect-garbage';

/** A WeakRef to an object nothing else holds (made in a function of its own, so no local keeps it). */
function unreachable(): WeakRef<object> {
  return new WeakRef({ payload: new Float64Array(1000) });
}

test('collectGarbageSoon collects unreachable objects at the next turn of the event loop', async () => {
  const ref = unreachable();
  // A WeakRef's target lives at least to the end of the turn it was made in.
  await nextTurn();
  collectGarbageSoon();
  await nextTurn();
  await nextTurn();
  assert.equal(ref.deref(), undefined);
});
