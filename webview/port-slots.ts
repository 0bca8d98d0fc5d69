/** A node's input slots: one per port, and for a `multiple` port (sum's terms) a run of slots with one free slot at the end. */
import { nodeDef } from '../src/core/nodes/catalogue';
import type { PortSpec } from '../src/core/nodes/types';
import type { LNode } from './litegraph-types';
import { BLEND_WEIGHTS_PARAM } from '../src/core/nodes/blend-weights';

function portSpec(node: LNode, port: string): PortSpec | undefined {
  return nodeDef(String(node.type))?.inputs.find((p) => p.name === port);
}

/** Whether a node's `port` takes any number of links (a run of slots). */
export function isMultiple(node: LNode, port: string): boolean {
  return portSpec(node, port)?.multiple === true;
}

/** Keeps exactly one free slot, the last, in each `multiple` port's run of slots. */
export function tidyMultipleSlots(node: LNode): void {
  const def = nodeDef(String(node.type));
  for (const port of def?.inputs.filter((p) => p.multiple) ?? []) {
    for (;;) {
      const slots = node.inputs.map((s, i) => ({ s, i })).filter(({ s }) => s.name === port.name);
      const last = slots[slots.length - 1];
      if (!last || last.s.link != null) {
        addPortSlot(node, port);
        continue;
      }
      const extra = slots.find(({ s }) => s !== last.s && s.link == null);
      if (!extra) break;
      node.removeInput(extra.i);
    }
  }
  labelWeightedSlots(node);
}

/**
 * A blend's inputs show the weight each takes ("targets 1 · 0.7"): its `weights` param (one per
 * edge, in edge order) is otherwise an order the canvas does not show.
 */
export function labelWeightedSlots(node: LNode): void {
  const def = nodeDef(String(node.type));
  if (!def?.params.includes(BLEND_WEIGHTS_PARAM)) return;
  const value = node.widgets?.find((w) => w.name === BLEND_WEIGHTS_PARAM.name)?.value;
  const weights = String(value ?? '').split(',').map((w) => w.trim());
  for (const port of def.inputs.filter((p) => p.multiple)) {
    node.inputs.filter((s) => s.name === port.name).forEach((slot, i) => {
      (slot as { label?: string }).label = slot.link == null ? port.name : `${port.name} ${i + 1} · ${weights[i] || '?'}`;
    });
  }
}

/** Adds one slot of `port` to a node. */
export function addPortSlot(node: LNode, port: PortSpec): void {
  // nameLocked: litegraph's "Rename Slot" would rename nothing in the file.
  const slot = node.addInput(port.name, port.type, { label: port.optional ? `${port.name}?` : port.name, nameLocked: true });
  (slot as { tooltip?: string }).tooltip = portTooltip(port);
}

/** A port's tooltip: its type and what it carries. */
export function portTooltip(port: PortSpec): string {
  return `${port.name} (${port.type}${port.optional ? ', optional' : ''}${port.multiple ? ', any number' : ''}): ${port.doc}`;
}
