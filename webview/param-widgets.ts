/** A param as a litegraph widget: its kind and options, its values made to fit, its tooltip, what typed input it refuses. */
import type { NumberParam, ParamSpec, ParamValue } from '../src/core/nodes/types';
import { paramProblem } from '../src/core/graph/validate';

/** How one param shows as a litegraph widget. */
export interface WidgetSpec {
  readonly type: 'number' | 'combo' | 'toggle' | 'text';
  readonly options: {
    readonly min?: number;
    readonly max?: number;
    /** litegraph's real increment (its `step` is ten times the increment, a legacy quirk). */
    readonly step2?: number;
    readonly precision?: number;
    readonly values?: readonly string[];
  };
}

/** The widget for a param: numbers keep the catalogue's range, enums become combos (VGG layers included). */
export function widgetSpec(spec: ParamSpec): WidgetSpec {
  switch (spec.kind) {
    case 'number': {
      const step = numberStep(spec.default, spec.integer === true);
      return { type: 'number', options: { min: spec.min, max: spec.max, step2: step, precision: spec.integer ? 0 : Math.max(3, -Math.floor(Math.log10(step))) } };
    }
    case 'enum':
      return { type: 'combo', options: { values: spec.options } };
    case 'boolean':
      return { type: 'toggle', options: {} };
    case 'string':
      return { type: 'text', options: {} };
  }
}

/**
 * The arrow increment of a number widget showing `value`: a tenth of the value's order of magnitude
 * (40 steps by 1, 0.2 by 0.01, 1e7 by 1e6), at least 1 for whole numbers; a value of 0 steps by a
 * tenth of the default's order of magnitude (1 for whole numbers).
 */
export function numberStep(value: number, integer: boolean, defaultValue = value): number {
  const from = value !== 0 && Number.isFinite(value) ? value : defaultValue;
  const magnitude = from === 0 ? 0 : Math.floor(Math.log10(Math.abs(from)));
  const step = Number(`1e${magnitude - 1}`);
  return integer ? Math.max(1, step) : step;
}

/** The range a number param takes, as a refusal says it: "a whole number from 1 to 100000". */
export function rangeText(spec: NumberParam): string {
  return `${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}`;
}

/** A number typed into a widget: plain decimal or exponent notation ("40", "-0.5", "1e7"); undefined for anything else ("abc", "", "2*3"). */
export function parseNumberInput(text: string): number | undefined {
  const t = text.trim();
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : undefined;
}

/**
 * Why a number widget refuses `input` (typed text, or a value an arrow or a drag made), with the
 * range it takes; undefined when it takes it as it is. Nothing is clamped or rounded.
 */
export function numberRefusal(spec: NumberParam, input: string | number): string | undefined {
  const value = typeof input === 'number' ? input : parseNumberInput(input);
  const shown = typeof input === 'number' ? String(input) : JSON.stringify(input);
  if (value === undefined) return `${spec.name}: ${shown} is not a number; enter ${rangeText(spec)}`;
  return paramProblem(spec, value) ? `${spec.name}: ${shown} is refused; enter ${rangeText(spec)}` : undefined;
}

/** A widget's raw value made to fit its param: numbers clamped and rounded where whole, combos held to their options. */
export function normaliseParam(spec: ParamSpec, value: unknown): ParamValue {
  switch (spec.kind) {
    case 'number': {
      let v = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(v)) return spec.default;
      if (spec.integer) v = Math.round(v);
      return Math.min(spec.max, Math.max(spec.min, v));
    }
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value) ? value : spec.default;
    case 'boolean':
      return Boolean(value);
    case 'string':
      return typeof value === 'string' ? value : String(value ?? '');
  }
}

/** A widget's tooltip: the param's doc and its range or choices. */
export function paramTooltip(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'number':
      return `${spec.name}: ${spec.doc} (${spec.integer ? 'whole number ' : ''}${spec.min} to ${spec.max}, default ${spec.default})`;
    case 'enum':
      return `${spec.name}: ${spec.doc} (one of ${spec.options.length}, default ${spec.default})`;
    case 'boolean':
    case 'string':
      return `${spec.name}: ${spec.doc} (default ${JSON.stringify(spec.default)})`;
  }
}
