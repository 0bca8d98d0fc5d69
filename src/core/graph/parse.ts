import { GRAPH_FORMAT, GRAPH_VERSION, type Graph, type GraphEdge, type GraphNode } from './types';
import type { Problem } from './problems';
import type { ParamValue } from '../nodes/types';
import { nodeDef } from '../nodes/catalogue';

export interface ParseResult {
  /** Present when the file's structure could be read; it may still have problems. */
  readonly graph?: Graph;
  readonly problems: readonly Problem[];
}

export const NODE_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Reads the JSON text of a graph file into a Graph, reporting every structural problem
 * (not JSON, wrong format or version, malformed nodes and edges). Missing params get their
 * catalogue defaults. Semantic checks are validateGraph's job.
 */
export function parseGraph(text: string): ParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { problems: [{ code: 'json', message: `not valid JSON: ${jsonErrorWhere(text, (e as Error).message)}` }] };
  }
  if (!isObject(doc)) return { problems: [{ code: 'structure', message: 'the file must hold a JSON object', path: '$' }] };

  const problems: Problem[] = [];
  if (doc.format !== GRAPH_FORMAT) {
    problems.push({ code: 'format', message: `"format" must be "${GRAPH_FORMAT}", found ${JSON.stringify(doc.format)}`, path: 'format' });
  }
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    problems.push({ code: 'version', message: `"version" must be a positive integer, found ${JSON.stringify(version)}`, path: 'version' });
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
  if (typeof id !== 'string' || !NODE_ID_PATTERN.test(id)) {
    problems.push({ code: 'bad-id', message: `${path}: "id" must be a name of letters, digits, _ and - (not starting with a digit), found ${JSON.stringify(id)}`, path: `${path}.id` });
    return [];
  }
  if (typeof type !== 'string') {
    problems.push({ code: 'structure', message: `node "${id}": "type" must be a string`, nodeId: id, path: `${path}.type` });
    return [];
  }
  const params: Record<string, ParamValue> = {};
  for (const spec of nodeDef(type)?.params ?? []) params[spec.name] = spec.default;
  if (raw.params !== undefined && !isObject(raw.params)) {
    problems.push({ code: 'structure', message: `node "${id}": "params" must be an object`, nodeId: id, path: `${path}.params` });
  } else {
    for (const [name, value] of Object.entries(raw.params ?? {})) {
      if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
        params[name] = value;
      } else {
        problems.push({ code: 'param-type', message: `node "${id}": param ${name} must be a number, string or boolean`, nodeId: id, param: name, path: `${path}.params.${name}` });
      }
    }
  }
  return [{ id, type, params, ui: { pos: readPos(raw.ui, id, path, problems) } }];
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

/** Turns V8's "... at position N" into a line and column. */
function jsonErrorWhere(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) return message;
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}
