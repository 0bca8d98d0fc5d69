import { GRAPH_FORMAT, GRAPH_VERSION, type Graph, type GraphEdge, type GraphGroup, type GraphNode, type NodeUi } from './types';
import type { Problem } from './problems';
import type { ParamValue } from '../nodes/types';
import { nodeDef } from '../nodes/catalogue';
import { parseJsonText } from './json-text';
import { quote } from '../text/quote';

export interface ParseResult {
  /** Present when the file's structure could be read; it may still have problems. */
  readonly graph?: Graph;
  readonly problems: readonly Problem[];
}

export const NODE_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Ids are names people read in messages and on the canvas. */
export const MAX_NODE_ID_LENGTH = 64;
/** Titles of nodes and groups: one line people read on the canvas. */
export const MAX_TITLE_LENGTH = 200;
export const COLOR_PATTERN = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/**
 * Reads the JSON text of a graph file into a Graph, reporting every structural problem
 * (not JSON, wrong format or version, malformed nodes and edges). Missing params get their
 * catalogue defaults. Semantic checks are validateGraph's job.
 */
export function parseGraph(text: string): ParseResult {
  const json = parseJsonText(text);
  if (json.error) {
    const { message, line, column } = json.error;
    return { problems: [{ code: 'json', message: `not valid JSON: ${message} at line ${line}, column ${column}`, line, column }] };
  }
  const doc = json.value;
  if (!isObject(doc)) return { problems: [{ code: 'structure', message: 'the file must hold a JSON object', path: '$' }] };

  const problems: Problem[] = [];
  if (doc.format !== GRAPH_FORMAT) {
    problems.push({ code: 'format', message: `"format" must be "${GRAPH_FORMAT}", found ${quote(doc.format)}`, path: 'format' });
  }
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    problems.push({ code: 'version', message: `"version" must be a positive integer, found ${quote(version)}`, path: 'version' });
  } else if (version > GRAPH_VERSION) {
    problems.push({ code: 'version', message: `the file is version ${version}; this stylegraph reads up to version ${GRAPH_VERSION}: update stylegraph`, path: 'version' });
  }
  const nodes = readArray(doc, 'nodes', problems).flatMap((n, i) => readNode(n, `nodes[${i}]`, problems));
  const edges = readArray(doc, 'edges', problems).flatMap((e, i) => readEdge(e, `edges[${i}]`, problems));
  const groups = readArray(doc, 'groups', problems).flatMap((g, i) => readGroup(g, `groups[${i}]`, problems));
  if (problems.some((p) => p.code === 'format' || p.code === 'version')) return { problems };
  return { graph: { format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes, edges, ...(groups.length ? { groups } : {}) }, problems };
}

function readArray(doc: Record<string, unknown>, key: string, problems: Problem[]): unknown[] {
  const value = doc[key];
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  problems.push({ code: 'structure', message: `"${key}" must be an array`, path: key });
  return [];
}

function readNode(raw: unknown, path: string, problems: Problem[]): GraphNode[] {
  if (!isObject(raw)) {
    problems.push({ code: 'structure', message: `${path} must be an object`, path });
    return [];
  }
  const { id, type } = raw;
  if (typeof id !== 'string' || id.length > MAX_NODE_ID_LENGTH || !NODE_ID_PATTERN.test(id)) {
    const rule = `a name of 1 to ${MAX_NODE_ID_LENGTH} letters, digits, _ and - (not starting with a digit)`;
    problems.push({ code: 'bad-id', message: `${path}: "id" must be ${rule}, found ${quote(id)}`, path: `${path}.id` });
    return [];
  }
  if (typeof type !== 'string') {
    problems.push({ code: 'structure', message: `node "${id}": "type" must be a string`, nodeId: id, path: `${path}.type` });
    return [];
  }
  // A Map, then Object.fromEntries: assigning a "__proto__" key into an object would set its
  // prototype instead, and the param would vanish rather than be reported as unknown.
  const params = new Map<string, ParamValue>();
  for (const spec of nodeDef(type)?.params ?? []) params.set(spec.name, spec.default);
  if (raw.params !== undefined && !isObject(raw.params)) {
    problems.push({ code: 'structure', message: `node "${id}": "params" must be an object`, nodeId: id, path: `${path}.params` });
  } else {
    for (const [name, value] of Object.entries(raw.params ?? {})) {
      if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
        params.set(name, value);
      } else {
        problems.push({ code: 'param-type', message: `node "${id}": param ${quote(name)} must be a number, string or boolean, found ${quote(value)}`, nodeId: id, param: name, path: member(`${path}.params`, name) });
      }
    }
  }
  if (raw.bypass !== undefined && typeof raw.bypass !== 'boolean') {
    problems.push({ code: 'structure', message: `node "${id}": "bypass" must be true or false, found ${quote(raw.bypass)}`, nodeId: id, path: `${path}.bypass` });
  }
  const bypass = raw.bypass === true ? { bypass: true as const } : {};
  return [{ id, type, params: Object.fromEntries(params), ...bypass, ui: readUi(raw.ui, id, `${path}.ui`, problems) }];
}

function readUi(ui: unknown, id: string, path: string, problems: Problem[]): NodeUi {
  if (ui === undefined) return { pos: [0, 0] };
  const bad = (message: string, at = path): NodeUi => {
    problems.push({ code: 'structure', message: `node "${id}": ${message}`, nodeId: id, path: at });
    return { pos: [0, 0] };
  };
  if (!isObject(ui)) return bad('"ui" must be { "pos": [x, y], "title"?: "...", "collapsed"?: true }');
  const pos = numbers(ui.pos, 2);
  if (!pos) return bad('"ui.pos" must be [x, y] (two finite numbers)', `${path}.pos`);
  const title = ui.title;
  if (title !== undefined && !isTitle(title)) return bad(`"ui.title" must be one line of at most ${MAX_TITLE_LENGTH} characters, found ${quote(title)}`, `${path}.title`);
  if (ui.collapsed !== undefined && typeof ui.collapsed !== 'boolean') return bad(`"ui.collapsed" must be true or false, found ${quote(ui.collapsed)}`, `${path}.collapsed`);
  return { pos: [pos[0]!, pos[1]!], ...(title !== undefined ? { title } : {}), ...(ui.collapsed ? { collapsed: true as const } : {}) };
}

function readGroup(raw: unknown, path: string, problems: Problem[]): GraphGroup[] {
  const bounds = isObject(raw) ? numbers(raw.bounds, 4) : undefined;
  if (isObject(raw) && isTitle(raw.title) && typeof raw.color === 'string' && COLOR_PATTERN.test(raw.color) && bounds && bounds[2]! > 0 && bounds[3]! > 0) {
    return [{ title: raw.title, color: raw.color, bounds: [bounds[0]!, bounds[1]!, bounds[2]!, bounds[3]!] }];
  }
  problems.push({ code: 'structure', message: `${path} must be { "title": "...", "color": "#rrggbb", "bounds": [x, y, width, height] } (width and height above 0)`, path });
  return [];
}

/** `value` when it is an array of `count` finite numbers. */
function numbers(value: unknown, count: number): number[] | undefined {
  return Array.isArray(value) && value.length === count && value.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (value as number[]) : undefined;
}

function isTitle(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_TITLE_LENGTH) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false; // one line, no control characters
  }
  return true;
}

function readEdge(raw: unknown, path: string, problems: Problem[]): GraphEdge[] {
  if (isObject(raw) && typeof raw.from === 'string' && typeof raw.to === 'string') return [{ from: raw.from, to: raw.to }];
  problems.push({ code: 'bad-edge', message: `${path} must be { "from": "node.port", "to": "node.port" }`, path });
  return [];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `path.name`, or `path["name"]` (a cut preview) when the name is not a plain word. */
function member(path: string, name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? `${path}.${name}` : `${path}[${quote(name)}]`;
}
