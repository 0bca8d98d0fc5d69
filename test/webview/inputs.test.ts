import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nodeDef } from '../../src/core/nodes/catalogue';
import type { NumberParam } from '../../src/core/nodes/types';
import { numberRefusal, numberStep, parseNumberInput } from '../../webview/param-widgets';
import { RUN_SIZES, extraSeriesColour, lossSeries, parseRunSize } from '../../webview/ui-state';

const param = (type: string, name: string) => nodeDef(type)!.params.find((p) => p.name === name) as NumberParam;

describe('inputs say no', () => {
  it('a number widget refuses unparsable and out-of-range input with the range, and never rounds', () => {
    const iterations = param('optimizer', 'iterations');
    assert.equal(numberRefusal(iterations, '0'), 'iterations: "0" is refused; enter a whole number from 1 to 100000');
    assert.equal(numberRefusal(iterations, 'abc'), 'iterations: "abc" is not a number; enter a whole number from 1 to 100000');
    assert.equal(numberRefusal(iterations, '2.5'), 'iterations: "2.5" is refused; enter a whole number from 1 to 100000');
    assert.equal(numberRefusal(iterations, ''), 'iterations: "" is not a number; enter a whole number from 1 to 100000');
    assert.equal(numberRefusal(iterations, 100001), 'iterations: 100001 is refused; enter a whole number from 1 to 100000');
    assert.equal(numberRefusal(iterations, ' 300 '), undefined);
    const w = param('weight', 'w');
    assert.equal(numberRefusal(w, '-1'), 'w: "-1" is refused; enter a number from 0 to 1000000000');
    assert.equal(numberRefusal(w, '1e7'), undefined);
    assert.deepEqual(['40', '-0.5', '.5', '1e7', '1E-3', 'abc', '2*3', '0x10', '', 'Infinity', '1e'].map(parseNumberInput), [40, -0.5, 0.5, 1e7, 1e-3, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('a number widget\'s step scales with its value (a weight of 40 steps by 1, not 0.1)', () => {
    assert.deepEqual([40, 10, 0.2, 1e7, 2, 0.001].map((v) => numberStep(v, false)), [1, 1, 0.01, 1e6, 0.1, 0.0001]);
    assert.equal(numberStep(0, false, 0.6), 0.01, 'a value of 0 steps as its default does');
    assert.deepEqual([200, 5, 12000].map((v) => numberStep(v, true)), [10, 1, 1000], 'whole numbers step by at least 1');
  });

  it('run sizes 64, 96, 128, 256, 512 and a custom HxW, refused with the sides it takes', () => {
    assert.deepEqual(RUN_SIZES, ['', '64x64', '96x96', '128x128', '256x256', '512x512']);
    assert.deepEqual(parseRunSize(' 300 x 400 '), { choice: '300x400' });
    assert.deepEqual(parseRunSize('96×128'), { choice: '96x128' });
    for (const bad of ['abc', '0x64', '64', '64x99999', '64.5x64']) {
      const r = parseRunSize(bad);
      assert.ok('error' in r && /each side from 1 to 4096, e\.g\. 300x400/.test(r.error), `${bad}: ${JSON.stringify(r)}`);
    }
  });

  it('the chart: the plotted terms in their order, the total last; every series its own colour', () => {
    assert.deepEqual(lossSeries({ j_total: 3, gamma: 2, alpha: 1, w_x: 9 }, 'j_total', ['gamma', 'alpha', 'j_total']), ['gamma', 'alpha', 'j_total']);
    const colours = Array.from({ length: 40 }, (_, i) => extraSeriesColour(i + 8, 8));
    assert.equal(new Set(colours).size, colours.length);
  });
});
