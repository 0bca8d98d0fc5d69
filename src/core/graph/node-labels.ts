/**
 * What tells a node apart when the canvas is zoomed out (issue 19, semantic zoom): its key lines
 * (its VGG-19 layer, its own or the one its features come from; then a short form of its key
 * params, one a line: a weight's value, an image's file name, params set away from their defaults), and its
 * id shortened from the left, where ids differ ("…style_conv1_1", not "style_c…"). Found by roles
 * and declared params, never by type names.
 */
import { nodeDef } from '../nodes/catalogue';
import type { ParamValue } from '../nodes/types';
import { isPathParam } from './graph-paths';
import { parsePortRef, type Graph, type GraphNode } from './types';

/** The param that names a features node's VGG-19 layer. */
const LAYER_PARAM = 'layer';
/** How far upstream a node's layer is looked for (loss <- Gram <- mask <- VGG-19 ...). */
const MAX_DEPTH = 4;
/** Params shown at most (one a line), and the longest value. */
const MAX_PARAMS = 3;
const MAX_VALUE = 24;

const nodeOf = (ref: string): string => parsePortRef(ref)?.node ?? ref;

/** A number as short as it reads: 0.2, 40, 1e-7, 2.5e+4. */
export function shortNumber(value: number): string {
  if (value === 0 || (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e5)) return String(Number(value.toPrecision(4)));
  return value.toExponential(2).replace(/\.?0+e/, 'e');
}

function shortValue(node: GraphNode, name: string, value: ParamValue): string {
  if (typeof value === 'number') return shortNumber(value);
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  const text = isPathParam(node, name) ? value.slice(value.lastIndexOf('/') + 1) : value;
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** Every node's key lines by id: its layer (if one), then its key params, one a line, most telling first. */
export function nodeKeyLines(graph: Graph): Map<string, string[]> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const inputs = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) inputs.get(nodeOf(e.to))?.push(nodeOf(e.from));

  /** Whether a node gathers any number of edges (a sum of terms, a blend): it stands for no one layer, and a layer is not looked for through it. */
  const gathers = (node: GraphNode): boolean => nodeDef(node.type)?.inputs.some((p) => p.multiple) === true;

  /** The single VGG-19 layer a node's features come from (its own `layer` first), or undefined when none or several. */
  const layerOf = (node: GraphNode): string | undefined => {
    const own = node.params[LAYER_PARAM];
    if (typeof own === 'string') return own;
    if (gathers(node)) return undefined;
    const found = new Set<string>();
    const seen = new Set([node.id]);
    let frontier = [node.id];
    for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const from of inputs.get(id) ?? []) {
          const up = byId.get(from);
          if (!up || seen.has(from) || gathers(up)) continue;
          seen.add(from);
          const layer = up.params[LAYER_PARAM];
          if (nodeDef(up.type)?.role === 'features' && typeof layer === 'string') found.add(layer);
          else next.push(from);
        }
      }
      frontier = next;
    }
    return found.size === 1 ? [...found][0] : undefined;
  };

  const lines = new Map<string, string[]>();
  for (const node of graph.nodes) {
    const def = nodeDef(node.type);
    const specs = (def?.params ?? []).filter((p) => p.name !== LAYER_PARAM && node.params[p.name] !== undefined);
    // Key params: a node's only number (a weight's value), a file's name, those set away from their defaults.
    const key = specs.filter((p) => (specs.length === 1 && p.kind === 'number') || isPathParam(node, p.name) || node.params[p.name] !== p.default);
    const params = key.slice(0, MAX_PARAMS).map((p) => {
      const value = shortValue(node, p.name, node.params[p.name]!);
      return isPathParam(node, p.name) ? value : `${p.name} ${value}`;
    });
    // A node's own layer comes first (VGG-19 nodes); a layer its features come from comes after its
    // own values (a weight's value first: its title's end already names the layer).
    const own = typeof node.params[LAYER_PARAM] === 'string';
    const layer = layerOf(node);
    const layerLine = layer === undefined ? [] : [layer];
    lines.set(node.id, own ? [...layerLine, ...params] : [...params, ...layerLine]);
  }
  return lines;
}

/**
 * `text` shortened from the left to what `fits` (a measure: the canvas's), with "…" in front:
 * ids end with what tells them apart (the layer), so that end is kept.
 */
export function shortenLeft(text: string, fits: (s: string) => boolean): string {
  if (fits(text)) return text;
  for (let cut = 1; cut < text.length; cut++) {
    const shown = `…${text.slice(cut)}`;
    if (fits(shown)) return shown;
  }
  return text.length > 0 ? `…${text.slice(-1)}` : text;
}
