import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BooleanParam, EnumParam, NumberParam, StringParam } from '../../src/core/nodes/types';
import { normaliseParam, numberRefusal, numberStep, paramTooltip, parseNumberInput, rangeText, widgetSpec } from '../../webview/param-widgets';

const real: NumberParam = { kind: 'number', name: 'rate', doc: 'how fast', default: 2, min: 0.5, max: 50 };
const whole: NumberParam = { kind: 'number', name: 'count', doc: 'how many', default: 200, min: 1, max: 1000, integer: true };
const choice: EnumParam = { kind: 'enum', name: 'mode', doc: 'which way', default: 'b', options: ['a', 'b', 'c'] };
const flag: BooleanParam = { kind: 'boolean', name: 'preview', doc: 'show it', default: true };
const text: StringParam = { kind: 'string', name: 'path', doc: 'the file', default: 'x.png' };

describe('widgetSpec', () => {
  it('a number keeps its range, steps by a tenth of its default\'s magnitude, with at least 3 decimals', () => {
    assert.deepEqual(widgetSpec(real), { type: 'number', options: { min: 0.5, max: 50, step2: 0.1, precision: 3 } });
    assert.deepEqual(widgetSpec({ ...real, default: 0.0002 }).options, { min: 0.5, max: 50, step2: 0.00001, precision: 5 });
  });

  it('a whole number steps by a whole number and shows no decimals', () => {
    assert.deepEqual(widgetSpec(whole), { type: 'number', options: { min: 1, max: 1000, step2: 10, precision: 0 } });
  });

  it('an enum is a combo of its options, a boolean a toggle, a string a text field', () => {
    assert.deepEqual(widgetSpec(choice), { type: 'combo', options: { values: ['a', 'b', 'c'] } });
    assert.deepEqual(widgetSpec(flag), { type: 'toggle', options: {} });
    assert.deepEqual(widgetSpec(text), { type: 'text', options: {} });
  });
});

describe('numberStep', () => {
  it('is a tenth of the order of magnitude of the value, negative values too', () => {
    assert.deepEqual([0.05, 3, 99, 100, -40, -0.2].map((v) => numberStep(v, false)), [0.001, 0.1, 1, 10, 1, 0.01]);
  });

  it('falls back on the default for 0 and values that are not finite; 0 with a default of 0 steps by a tenth', () => {
    assert.equal(numberStep(Number.NaN, false, 500), 10);
    assert.equal(numberStep(Number.POSITIVE_INFINITY, false, 5), 0.1);
    assert.equal(numberStep(0, false, 0), 0.1);
    assert.equal(numberStep(0, true, 0), 1);
  });
});

describe('typed numbers', () => {
  it('rangeText says whole number or number, and the bounds', () => {
    assert.equal(rangeText(whole), 'a whole number from 1 to 1000');
    assert.equal(rangeText(real), 'a number from 0.5 to 50');
  });

  it('parseNumberInput takes signs and exponents, and nothing else', () => {
    assert.deepEqual(['+7', '5.', '-.25', '2E+2', ' 1e-2 '].map(parseNumberInput), [7, 5, -0.25, 200, 0.01]);
    assert.deepEqual(['1,5', '--1', 'e5', '.', '1 2', 'NaN'].map(parseNumberInput), [undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('numberRefusal quotes typed text, shows a stepped value as a number, and takes the bounds themselves', () => {
    assert.equal(numberRefusal(real, '0.4'), 'rate: "0.4" is refused; enter a number from 0.5 to 50');
    assert.equal(numberRefusal(real, 50.5), 'rate: 50.5 is refused; enter a number from 0.5 to 50');
    assert.equal(numberRefusal(real, Number.NaN), 'rate: NaN is refused; enter a number from 0.5 to 50');
    assert.equal(numberRefusal(real, '0.5'), undefined);
    assert.equal(numberRefusal(real, 50), undefined);
    assert.equal(numberRefusal(whole, 3.5), 'count: 3.5 is refused; enter a whole number from 1 to 1000');
  });
});

describe('normaliseParam', () => {
  it('clamps numbers to the range, rounds whole numbers, reads numeric text, and gives the default for anything else', () => {
    assert.equal(normaliseParam(real, 0.1), 0.5);
    assert.equal(normaliseParam(real, 80), 50);
    assert.equal(normaliseParam(real, 3.25), 3.25);
    assert.equal(normaliseParam(real, '7.5'), 7.5);
    assert.equal(normaliseParam(whole, '12.5'), 13);
    assert.equal(normaliseParam(whole, 2000.4), 1000);
    assert.equal(normaliseParam(real, Number.POSITIVE_INFINITY), 2);
    assert.equal(normaliseParam(real, 'fast'), 2);
  });

  it('holds an enum to its options, makes booleans and strings of anything', () => {
    assert.equal(normaliseParam(choice, 'c'), 'c');
    assert.equal(normaliseParam(choice, 'd'), 'b');
    assert.equal(normaliseParam(choice, 1), 'b');
    assert.deepEqual([1, 0, '', 'no'].map((v) => normaliseParam(flag, v)), [true, false, false, true]);
    assert.deepEqual([null, undefined, 5, 'y.png'].map((v) => normaliseParam(text, v)), ['', '', '5', 'y.png']);
  });
});

describe('paramTooltip', () => {
  it('says the doc and the range, choices or default', () => {
    assert.equal(paramTooltip(real), 'rate: how fast (0.5 to 50, default 2)');
    assert.equal(paramTooltip(whole), 'count: how many (whole number 1 to 1000, default 200)');
    assert.equal(paramTooltip(choice), 'mode: which way (one of 3, default b)');
    assert.equal(paramTooltip(flag), 'preview: show it (default true)');
    assert.equal(paramTooltip(text), 'path: the file (default "x.png")');
  });
});
