import { GRAPH_FORMAT, GRAPH_VERSION, type Graph, type GraphEdge, type GraphNode } from './types';
import type { Problem } from './problems';
import type { ParamValue } from '../nodes/types';
import { nodeDef } from '../nodes/catalogue';
import { parseJsonText } from './json-text';
import { quote } from './quote';

export interface ParseResult {
  /** Present when the file's structure could be read; it may still have problems. */
  readonly graph?: Graph;
  readonly problems: readonly Problem[];
}

export const NODE_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Ids are names people read in messages and on the canvas. */
export const MAX_NODE_ID_LENGTH = 64;

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
  if (problems.some((p) => p.code === 'format' || p.code === 'version')) return { problems };
  return { graph: { format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes, edges }, problems };
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
  return [{ id, type, params: Object.fromEntries(params), ui: { pos: readPos(raw.ui, id, path, problems) } }];
}

function readPos(ui: unknown, id: string, path: string, problems: Problem[]): [number, number] {
  if (ui === undefined) return [0, 0];
  const pos = isObject(ui) ? ui.pos : undefined;
  if (Array.isArray(pos) && pos.length === 2 && pos.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return [pos[0] as number, pos[1] as number];
  }
  problems.push({ code: 'structure', message: `node "${id}": "ui" must be { "pos": [x, y] }`, nodeId: id, path: `${path}.ui` });
  return [0, 0];
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
