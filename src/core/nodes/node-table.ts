import type { NodeDef, ParamSpec } from './types';
import { NODE_DEFS } from './catalogue';
import { portTypeRows } from './port-types';

/** Where the README's generated node section starts and ends. */
export const NODE_TABLE_START = '<!-- nodes:start (npm run readme-nodes writes this from src/core/nodes) -->';
export const NODE_TABLE_END = '<!-- nodes:end -->';

/** An enum with more options than this shows its first and last (conv1_1..conv5_4). */
const LISTED_OPTIONS = 6;

/** The README's "Port types" line and node table, from the port table and the catalogue. */
export function nodeTableMarkdown(defs: readonly NodeDef[] = NODE_DEFS): string {
  const types = portTypeRows().map(([name, row]) => (row.doc ? `\`${name}\` (${row.doc})` : `\`${name}\``));
  return [
    `Port types: ${types.join(', ')}.`,
    '',
    '| node | inputs -> output | params (defaults) |',
    '|---|---|---|',
    ...defs.map((d) => `| \`${d.type}\` | ${cell(`${inputsText(d)} -> ${outputText(d)}`)} | ${cell(paramsText(d))} |`),
  ].join('\n');
}

/** `text` with the generated section between the markers replaced; undefined when a marker is missing. */
export function withNodeTable(text: string, table: string = nodeTableMarkdown()): string | undefined {
  const start = text.indexOf(NODE_TABLE_START);
  const end = text.indexOf(NODE_TABLE_END);
  if (start < 0 || end < start) return undefined;
  return `${text.slice(0, start + NODE_TABLE_START.length)}\n${table}\n${text.slice(end)}`;
}

function inputsText(def: NodeDef): string {
  const names = def.inputs.map((p) => `${p.name}${p.optional ? '?' : ''}`).join(', ') || '-';
  return def.inputsNote ? `${names} (${def.inputsNote})` : names;
}

/** A result node has no output port: it reports a result. */
function outputText(def: NodeDef): string {
  return def.outputs.map((p) => p.type).join(', ') || (def.role === 'result' ? 'result' : '-');
}

function paramsText(def: NodeDef): string {
  const params = def.params.map(paramText).join(', ');
  if (def.formula) return params ? `${params}: ${def.formula}` : def.formula;
  return params || '-';
}

function paramText(p: ParamSpec): string {
  const text = `${p.name}${defaultText(p)}`;
  return p.note ? `${text} (${p.note})` : text;
}

/** A string default with a comma is quoted, as the cell is a list of params separated by commas. */
function defaultText(p: ParamSpec): string {
  switch (p.kind) {
    case 'number':
      return ` ${numberText(p.default)}`;
    case 'enum':
      return ` ${p.options.length > LISTED_OPTIONS ? `${p.options[0]}..${p.options[p.options.length - 1]}` : p.options.join('/')}`;
    case 'string':
      return p.default === '' ? '' : ` ${p.default.includes(',') ? `"${p.default}"` : p.default}`;
    case 'boolean':
      return '';
  }
}

/** 0.6, 200, 1e-4 (small numbers as powers of ten). */
function numberText(n: number): string {
  return n !== 0 && Math.abs(n) < 1e-3 ? n.toExponential() : String(n);
}

/** Markdown table cells escape their pipes. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
