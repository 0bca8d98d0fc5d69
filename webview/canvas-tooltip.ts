/**
 * Tooltips on the canvas (`#canvas-tooltip`): a node's title bar shows its catalogue doc and its
 * problems (the error badge sits there), a port its type and meaning, a widget its param's doc
 * and range. litegraph draws none of these itself.
 */
import type { LGraphCanvas } from '@comfyorg/litegraph';
import { nodeDef } from '../src/core/nodes/catalogue';
import { el } from './dom';
import type { LNode } from './litegraph-types';
import type { StyleGraph } from './style-graph';

export type TooltipKind = 'node' | 'port' | 'param';

/** What a node carries for its tooltip: set by the problems view with the node's badge. */
export interface ProblemText {
  problemText?: string;
}

interface HitNode extends LNode, ProblemText {
  getSlotInPosition(x: number, y: number): { input?: { tooltip?: string }; output?: { tooltip?: string } } | null;
  getWidgetOnPos(x: number, y: number): { tooltip?: string } | undefined;
}

/** The tooltip for a point of the graph (canvas units) on `node`, or undefined where there is none. */
export function tooltipFor(node: HitNode, x: number, y: number): { kind: TooltipKind; text: string } | undefined {
  const slot = node.getSlotInPosition(x, y);
  const portText = slot?.input?.tooltip ?? slot?.output?.tooltip;
  if (portText) return { kind: 'port', text: portText };
  const widgetText = node.getWidgetOnPos(x, y)?.tooltip;
  if (widgetText) return { kind: 'param', text: widgetText };
  if (y >= node.pos[1]) return undefined;
  const def = nodeDef(String(node.type));
  const head = `${node.title} (${String(node.type)})${def ? `: ${def.doc}` : ''}`;
  return { kind: 'node', text: node.problemText ? `${head}\n⚠ ${node.problemText.split('\n').join('\n⚠ ')}` : head };
}

const SHOW_AFTER_MS = 300;

export function installCanvasTooltip(box: HTMLElement, canvas: LGraphCanvas, lgGraph: StyleGraph) {
  const tip = el('div', { id: 'canvas-tooltip', role: 'tooltip', hidden: '' });
  box.append(tip);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hide = () => {
    clearTimeout(timer);
    tip.hidden = true;
  };
  canvas.canvas.addEventListener('pointerleave', hide);
  canvas.canvas.addEventListener('pointerdown', hide);
  canvas.canvas.addEventListener('pointermove', (e: PointerEvent) => {
    hide();
    if (e.buttons !== 0) return;
    timer = setTimeout(() => {
      const rect = box.getBoundingClientRect();
      const [x, y] = canvas.ds.convertCanvasToOffset([e.clientX - rect.left, e.clientY - rect.top]);
      const node = (lgGraph as unknown as { getNodeOnPos(x: number, y: number): HitNode | null }).getNodeOnPos(x!, y!);
      const found = node ? tooltipFor(node, x!, y!) : undefined;
      if (!found || !node) return;
      tip.textContent = found.text;
      tip.dataset.kind = found.kind;
      tip.dataset.nodeId = String(node.id);
      tip.hidden = false;
      const left = Math.min(e.clientX - rect.left + 12, rect.width - tip.offsetWidth - 4);
      const top = e.clientY - rect.top + 16 + tip.offsetHeight > rect.height ? e.clientY - rect.top - tip.offsetHeight - 8 : e.clientY - rect.top + 16;
      tip.style.left = `${Math.max(0, left)}px`;
      tip.style.top = `${Math.max(0, top)}px`;
    }, SHOW_AFTER_MS);
  });
  return { element: tip, hide };
}
