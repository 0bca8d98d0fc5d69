import { graphVersion, type Graph, type GraphGroup, type GraphNode } from './types';
import { nodeDef } from '../nodes/catalogue';

/**
 * The one text form of a graph, made for diffs: nodes sorted by id, edges sorted, params in
 * catalogue order (unknown ones after, by name), a node's ui on one line (integer position, then
 * title and collapsed when set) after `"bypass": true` when the node is bypassed, groups last in their drawing order (only when there are any),
 * two-space indent, final newline. The version is 1 unless a version-2 field is used (graphVersion),
 * so a version-1 file reads and writes back byte for byte. Writing what this wrote gives the same bytes.
 */
export function writeCanonical(graph: Graph): string {
  const nodes = [...graph.nodes].sort((a, b) => compare(a.id, b.id)).map(writeNode);
  const edges = [...graph.edges]
    .sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to))
    .map((e) => `    { "from": ${JSON.stringify(e.from)}, "to": ${JSON.stringify(e.to)} }`);
  const groups = graph.groups?.length ? [`  "groups": ${block(graph.groups.map(writeGroup), '  ')}`] : [];
  return [
    '{',
    `  "format": ${JSON.stringify(graph.format)},`,
    `  "version": ${graphVersion(graph)},`,
    `  "nodes": ${block(nodes, '  ')},`,
    `  "edges": ${block(edges, '  ')}${groups.length ? ',' : ''}`,
    ...groups,
    '}',
    '',
  ].join('\n');
}

function writeGroup(group: GraphGroup): string {
  const bounds = group.bounds.map((v) => Math.round(v)).join(', ');
  return `    { "title": ${JSON.stringify(group.title)}, "color": ${JSON.stringify(group.color)}, "bounds": [${bounds}] }`;
}

function writeNode(node: GraphNode): string {
  const order = nodeDef(node.type)?.params.map((p) => p.name) ?? [];
  const names = Object.keys(node.params).sort((a, b) => rank(order, a) - rank(order, b) || compare(a, b));
  const params = names.map((name) => `        ${JSON.stringify(name)}: ${JSON.stringify(node.params[name])}`);
  const [x, y] = node.ui.pos;
  const title = node.ui.title !== undefined ? `, "title": ${JSON.stringify(node.ui.title)}` : '';
  const collapsed = node.ui.collapsed ? ', "collapsed": true' : '';
  return [
    '    {',
    `      "id": ${JSON.stringify(node.id)},`,
    `      "type": ${JSON.stringify(node.type)},`,
    `      "params": ${block(params, '      ', '{', '}')},`,
    ...(node.bypass ? ['      "bypass": true,'] : []),
    `      "ui": { "pos": [${Math.round(x)}, ${Math.round(y)}]${title}${collapsed} }`,
    '    }',
  ].join('\n');
}

function block(lines: readonly string[], indent: string, open = '[', close = ']'): string {
  return lines.length ? `${open}\n${lines.join(',\n')}\n${indent}${close}` : `${open}${close}`;
}

function rank(order: readonly string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

/** Code-unit order, the same everywhere (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
