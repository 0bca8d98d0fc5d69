/**
 * Seeded mutations of graph files for the fuzz tests: byte-level edits of the text, and
 * structure-level edits of the parsed JSON (hostile values, deep nesting, huge strings, long
 * chains, __proto__ keys). Each mutant names the steps that made it, to reproduce a failure.
 */
import type { SeededRandom } from './seeded-random';

export interface Mutant {
  readonly text: string;
  readonly steps: readonly string[];
}

type Obj = Record<string, unknown>;

/** 1 to 3 mutations of one kind (bytes, or structure when the source is JSON) of `source`. */
export function mutate(source: string, rng: SeededRandom): Mutant {
  const steps: string[] = [];
  const count = 1 + rng.int(3);
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch {
    doc = undefined;
  }
  if (doc === undefined || rng.next() < 0.4) return mutateText(source, rng);
  const raws: string[] = [];
  for (let i = 0; i < count; i++) {
    const op = pickWeighted(rng, STRUCTURE_OPS);
    steps.push(op.name);
    op(doc, rng, raws);
  }
  const bom = rng.next() < 0.1;
  if (bom) steps.push('bom');
  return { text: (bom ? '\ufeff' : '') + stringify(doc, raws), steps };
}

/** 1 to 3 byte-level mutations of `source`: flips, deletions, insertions, truncation, duplicated spans. */
export function mutateText(source: string, rng: SeededRandom): Mutant {
  const steps: string[] = [];
  let text = source;
  for (let i = 1 + rng.int(3); i > 0; i--) text = mutateBytes(text, rng, steps);
  return { text, steps };
}

const CHARS = ['{', '}', '[', ']', ':', ',', '"', '\\', ' ', '\n', '\r', '\t', '0', '-', '.', 'e', 'a', '\u0000', '\u0007', '\ufeff', '\ud800', '\u2028', '€', '😀'];
const TOKENS = ['NaN', 'Infinity', '-', '1e', '0x10', '//', '/*', "'", ',', ']', '}', '{', '[', '"', 'null', 'true', '1e999', '-0', '\ufeff', '"\\q"', '"\\u12"', '01', '.5', '"__proto__":1,'];

function mutateBytes(text: string, rng: SeededRandom, steps: string[]): string {
  const at = rng.int(text.length + 1);
  const span = 1 + rng.int(rng.next() < 0.2 ? 400 : 40);
  switch (rng.int(5)) {
    case 0:
      steps.push(`flip@${at}`);
      return text.slice(0, at) + rng.pick(CHARS) + text.slice(at + 1);
    case 1:
      steps.push(`delete@${at}+${span}`);
      return text.slice(0, at) + text.slice(at + span);
    case 2:
      steps.push(`insert@${at}`);
      return text.slice(0, at) + rng.pick(TOKENS) + text.slice(at);
    case 3:
      steps.push(`truncate@${at}`);
      return text.slice(0, at);
    default: {
      const to = rng.int(text.length + 1);
      steps.push(`duplicate@${at}+${span}->${to}`);
      return text.slice(0, to) + text.slice(at, at + span) + text.slice(to);
    }
  }
}

/** JSON text of `doc`, with each raw placeholder string replaced by its raw text (deep nesting, -0, 1e999). */
function stringify(doc: unknown, raws: readonly string[]): string {
  return JSON.stringify(doc, null, 1).replace(/"\\u0001RAW(\d+)"/g, (_, k: string) => raws[Number(k)]!);
}

function raw(text: string, raws: string[]): string {
  raws.push(text);
  return `\u0001RAW${raws.length - 1}`;
}

function hugeString(rng: SeededRandom): string {
  return rng.pick(['a', '"', '\\', '\u2028', '😀', '\u0000', 'é']).repeat(200_000 + rng.int(1000));
}

function deepNesting(rng: SeededRandom, raws: string[]): string {
  const depth = 10_000 + rng.int(5_000);
  return raw(rng.next() < 0.5 ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth), raws);
}

function randomValue(rng: SeededRandom, raws: string[]): unknown {
  switch (rng.int(8)) {
    case 0: return rng.pick([0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 4096, 3]);
    case 1: return raw(rng.pick(['-0', '1e999', '-1e999', '123456789012345678901234567890', '1E-400', '0.1e1']), raws);
    case 2: return rng.pick([true, false, null]);
    case 3: return rng.pick(['', 'x', '__proto__', 'constructor', 'a.b', 'a.', '.a', 'adam', 'conv1_1', '../../etc/passwd', '\u0000', 'x'.repeat(65)]);
    case 4: return hugeString(rng);
    case 5: return rng.pick([[], {}, [1, 2], { a: 1 }, { pos: [1, 2] }, Array.from({ length: 1000 }, (_, i) => i)]);
    case 6: return deepNesting(rng, raws);
    default: return Object.fromEntries([[rng.pick(['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty']), 1]]);
  }
}

/** Every (container, key) in `doc`, found without recursion. */
function slots(doc: unknown): { parent: Obj | unknown[]; key: string | number }[] {
  const found: { parent: Obj | unknown[]; key: string | number }[] = [];
  const stack = [doc];
  while (stack.length) {
    const value = stack.pop();
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : isObj(value) ? Object.keys(value) : [];
    for (const key of keys) {
      found.push({ parent: value as Obj | unknown[], key });
      stack.push((value as Record<string | number, unknown>)[key]);
    }
  }
  return found;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(doc: unknown, key: 'nodes' | 'edges'): unknown[] {
  if (!isObj(doc)) return [];
  if (!Array.isArray(doc[key])) doc[key] = [];
  return doc[key] as unknown[];
}

function set(parent: Obj | unknown[], key: string | number, value: unknown): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

type StructureOp = (doc: unknown, rng: SeededRandom, raws: string[]) => void;

function replaceValue(doc: unknown, rng: SeededRandom, raws: string[]): void {
  const all = slots(doc);
  if (all.length) {
    const { parent, key } = rng.pick(all);
    set(parent, key, randomValue(rng, raws));
  }
}

function dropKey(doc: unknown, rng: SeededRandom): void {
  const all = slots(doc);
  if (!all.length) return;
  const { parent, key } = rng.pick(all);
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else Reflect.deleteProperty(parent, key);
}

function objectToArray(doc: unknown, rng: SeededRandom): void {
  const objects = slots(doc).filter(({ parent, key }) => isObj((parent as Obj)[key]));
  if (!objects.length) return;
  const { parent, key } = rng.pick(objects);
  set(parent, key, Object.values((parent as Obj)[key] as Obj));
}

function swapEdgeEnds(doc: unknown, rng: SeededRandom): void {
  const edges = list(doc, 'edges').filter(isObj);
  if (!edges.length) return;
  const edge = rng.pick(edges);
  [edge.from, edge.to] = [edge.to, edge.from];
}

function duplicateNodes(doc: unknown, rng: SeededRandom): void {
  const nodes = list(doc, 'nodes');
  if (!nodes.length) return;
  const copy = JSON.stringify(rng.pick(nodes));
  for (let i = 1 + rng.int(3); i > 0; i--) nodes.push(JSON.parse(copy));
}

/** 7,000+ weight nodes in a line: appended (its start unconnected, or closed into a cycle) or spliced into an edge. */
function longChain(doc: unknown, rng: SeededRandom): void {
  const nodes = list(doc, 'nodes');
  const edges = list(doc, 'edges');
  const length = 7_000 + rng.int(1_000);
  const prefix = `chain${rng.int(1000)}_`;
  for (let i = 0; i < length; i++) {
    nodes.push({ id: `${prefix}${i}`, type: 'weight', params: { w: 1 }, ui: { pos: [i, 0] } });
    if (i > 0) edges.push({ from: `${prefix}${i - 1}.value`, to: `${prefix}${i}.value` });
  }
  const into = edges.filter((e): e is Obj => isObj(e) && typeof e.to === 'string' && /\.(value|terms|loss)$/.test(e.to));
  const mode = rng.int(3);
  if (mode === 0 && into.length) {
    const edge = rng.pick(into);
    edges.push({ from: edge.from, to: `${prefix}0.value` });
    edge.from = `${prefix}${length - 1}.value`;
  } else if (mode === 1) {
    edges.push({ from: `${prefix}${length - 1}.value`, to: `${prefix}0.value` });
  }
}

function protoKey(doc: unknown, rng: SeededRandom, raws: string[]): void {
  const objects = [doc, ...slots(doc).map(({ parent, key }) => (parent as Obj)[key])].filter(isObj);
  if (objects.length) set(rng.pick(objects), rng.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty']), randomValue(rng, raws));
}

function weirdId(doc: unknown, rng: SeededRandom): void {
  const nodes = list(doc, 'nodes').filter(isObj);
  if (nodes.length) rng.pick(nodes).id = rng.pick(['a'.repeat(65), 'a'.repeat(200_000), 'has space', '1abc', '', '__proto__', 'constructor', 'é', 'a.b']);
}

function weirdType(doc: unknown, rng: SeededRandom): void {
  const nodes = list(doc, 'nodes').filter(isObj);
  if (nodes.length) rng.pick(nodes).type = rng.pick(['constructor', '__proto__', 'toString', 'x'.repeat(200_000), 'image.Load', '']);
}

function weirdEdgeRef(doc: unknown, rng: SeededRandom): void {
  const edges = list(doc, 'edges').filter(isObj);
  if (edges.length) rng.pick(edges)[rng.pick(['from', 'to'])] = rng.pick(['.', 'a.', '.b', 'x'.repeat(200_000) + '.value', '__proto__.value', 'constructor.x', 'a.b.c', '']);
}

/** Each op with its weight; long chains are rare because each costs a 7,000-node load. */
const STRUCTURE_OPS: readonly (readonly [StructureOp, number])[] = [
  [replaceValue, 6], [dropKey, 2], [objectToArray, 1], [swapEdgeEnds, 1], [duplicateNodes, 1],
  [longChain, 0.5], [protoKey, 1], [weirdId, 1], [weirdType, 1], [weirdEdgeRef, 1],
];

function pickWeighted<T>(rng: SeededRandom, table: readonly (readonly [T, number])[]): T {
  let left = rng.next() * table.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [item, weight] of table) {
    left -= weight;
    if (left < 0) return item;
  }
  return table[table.length - 1]![0];
}
