/** A param as a litegraph widget: its kind and options, its values made to fit, its tooltip. */
import type { ParamSpec, ParamValue } from '../src/core/nodes/types';

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

/** The arrow-key increment of a number param: 1 for whole numbers, else a tenth of the default's order of magnitude. */
export function numberStep(defaultValue: number, integer: boolean): number {
  if (integer) return 1;
  const magnitude = defaultValue === 0 ? 0 : Math.floor(Math.log10(Math.abs(defaultValue)));
  return Number(`1e${magnitude - 1}`);
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
