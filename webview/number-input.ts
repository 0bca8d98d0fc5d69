/**
 * A number widget that says no: a typed value that is not a number, or one outside its param's range
 * (typed, stepped or dragged), is refused with the range shown and the widget keeps its value;
 * nothing is clamped or rounded behind the user's back (litegraph's own number widget clamps, and
 * drops text it cannot read without a word). Its arrow step follows its value (param-widgets.ts).
 */
import type { NumberParam } from '../src/core/nodes/types';
import { numberRefusal, numberStep, parseNumberInput } from './param-widgets';

interface PointerInfo {
  e: { canvasX: number };
  node: { pos: ArrayLike<number>; size: ArrayLike<number> };
  canvas: { prompt(title: string, value: unknown, callback: (v: string) => void, e: unknown): unknown };
}

interface NumberWidgetLike {
  value: unknown;
  width?: number;
  options: Record<string, unknown>;
  setValue(value: unknown, options: unknown): void;
  onClick(info: PointerInfo): void;
}

/** Makes litegraph's number widget `widget` (of `spec`) refuse what `spec` does not take; `refuse` shows why. */
export function guardNumberWidget(widget: NumberWidgetLike, spec: NumberParam, refuse: (message: string) => void): void {
  const integer = spec.integer === true;
  const step = () => numberStep(Number(widget.value), integer, spec.default);
  Object.defineProperty(widget.options, 'step2', { get: step, configurable: true, enumerable: true });
  Object.defineProperty(widget.options, 'precision', {
    get: () => (integer ? 0 : Math.min(20, Math.max(3, -Math.floor(Math.log10(step()))))),
    configurable: true,
    enumerable: true,
  });
  // Past NumberWidget's own setValue (which clamps) to the base widget's, once the value is accepted.
  const baseSetValue = (Object.getPrototypeOf(Object.getPrototypeOf(widget)) as NumberWidgetLike).setValue;
  widget.setValue = function (value: unknown, options: unknown): void {
    const why = numberRefusal(spec, Number(value));
    if (why) refuse(why);
    else baseSetValue.call(widget, value, options);
  };
  widget.onClick = function (info: PointerInfo): void {
    const x = info.e.canvasX - info.node.pos[0]!;
    const width = widget.width || info.node.size[0]!;
    const delta = x < 40 ? -1 : x > width - 40 ? 1 : 0;
    if (delta) {
      // To the step's precision: 0.2 + 0.01 is 0.21, not 0.21000000000000002.
      widget.setValue(Number((Number(widget.value) + delta * step()).toPrecision(12)), info);
      return;
    }
    info.canvas.prompt('Value', widget.value, (text: string) => {
      const why = numberRefusal(spec, String(text));
      if (why) refuse(why);
      else widget.setValue(parseNumberInput(String(text)), info);
    }, info.e);
  };
}
