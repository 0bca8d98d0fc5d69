/** A node's params in its widgets: read, put and set as a user would. */
import { nodeDef } from '../src/core/nodes/catalogue';
import type { ParamValue } from '../src/core/nodes/types';
import { paramProblem } from '../src/core/graph/validate';
import type { LNode, LWidget } from './litegraph-types';
import type { StyleNode } from './style-graph';

/** A node's params: its widgets' values in catalogue order, then the ones the catalogue does not know. */
export function readParams(node: StyleNode): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = { ...node.extraParams };
  for (const spec of nodeDef(String(node.type))?.params ?? []) {
    const value = node.widgets?.find((w) => w.name === spec.name)?.value;
    params[spec.name] = isParamValue(value) ? value : spec.default;
  }
  return params;
}

/** Puts params into a node's widgets; the ones the catalogue does not know go to extraParams. */
export function setParams(node: StyleNode, params: Readonly<Record<string, ParamValue>>): void {
  const def = nodeDef(String(node.type));
  for (const [name, value] of Object.entries(params)) {
    const widget = node.widgets?.find((w) => w.name === name);
    if (widget && def?.params.some((p) => p.name === name)) widget.value = value;
    else node.extraParams[name] = value;
  }
}

/** Sets a param through its widget, as a user would. False when unknown or out of the param's range. */
export function setParam(node: LNode, name: string, value: ParamValue, canvas?: unknown): boolean {
  const spec = nodeDef(String(node.type))?.params.find((p) => p.name === name);
  const widget = node.widgets?.find((w) => w.name === name) as (LWidget & { setValue?: (v: unknown, o: object) => void }) | undefined;
  if (!spec || !widget || paramProblem(spec, value)) return false;
  if (canvas && typeof widget.setValue === 'function') {
    // What litegraph does for a user's edit: set, then the widget's callback.
    widget.setValue(value, { e: undefined, node, canvas });
  } else {
    widget.value = value;
    (widget.callback as ((v: unknown) => void) | undefined)?.(value);
  }
  return true;
}

function isParamValue(v: unknown): v is ParamValue {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}
