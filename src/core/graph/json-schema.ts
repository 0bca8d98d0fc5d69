import { GRAPH_FORMAT, GRAPH_VERSION } from './types';
import { COLOR_PATTERN, MAX_TITLE_LENGTH, NODE_ID_PATTERN } from './parse';
import { NODE_DEFS } from '../nodes/catalogue';
import type { NodeDef, ParamSpec } from '../nodes/types';

const titleSchema = { type: 'string', maxLength: MAX_TITLE_LENGTH, pattern: '^[^\\u0000-\\u001f\\u007f]*$' };

/**
 * The JSON Schema of graph files, made from the node catalogue so it cannot drift from it. Editors
 * use it for completion and errors in plain-text mode; the loader's own checks go further (edges,
 * port types, cycles).
 */
export function graphJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Style graph',
    description: 'A neural style transfer graph (stylegraph).',
    type: 'object',
    required: ['format', 'version', 'nodes', 'edges'],
    additionalProperties: false,
    properties: {
      format: { const: GRAPH_FORMAT },
      version: { enum: Array.from({ length: GRAPH_VERSION }, (_, i) => i + 1), description: 'Format version: 2 when a node has a title, is collapsed or bypassed, or there are groups; else 1.' },
      nodes: { type: 'array', items: { oneOf: NODE_DEFS.map(nodeSchema) } },
      edges: {
        type: 'array',
        items: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: {
            from: { type: 'string', pattern: '^[^.]+\\.[^.]+$', description: 'node.outputPort' },
            to: { type: 'string', pattern: '^[^.]+\\.[^.]+$', description: 'node.inputPort' },
          },
        },
      },
      groups: {
        type: 'array',
        description: 'Boxes drawn behind nodes on the canvas (format version 2).',
        items: {
          type: 'object',
          required: ['title', 'color', 'bounds'],
          additionalProperties: false,
          properties: {
            title: titleSchema,
            color: { type: 'string', pattern: COLOR_PATTERN.source },
            bounds: { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4, description: 'x, y, width, height' },
          },
        },
      },
    },
  };
}


function nodeSchema(def: NodeDef): Record<string, unknown> {
  return {
    type: 'object',
    description: `${def.title}: ${def.doc}`,
    required: ['id', 'type'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', pattern: NODE_ID_PATTERN.source },
      type: { const: def.type },
      params: { type: 'object', additionalProperties: false, properties: Object.fromEntries(def.params.map((p) => [p.name, paramSchema(p)])) },
      ...(def.outputs.some((o) => o.type === 'scalar') ? { bypass: { type: 'boolean', description: 'Switched off: the term is left out of J, kept in the file (format version 2).' } } : {}),
      ui: {
        type: 'object',
        required: ['pos'],
        additionalProperties: false,
        properties: {
          pos: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
          title: { ...titleSchema, description: 'The title shown on the canvas instead of the id (format version 2).' },
          collapsed: { type: 'boolean', description: 'Shown as its title bar only (format version 2).' },
        },
      },
    },
  };
}

function paramSchema(p: ParamSpec): Record<string, unknown> {
  const common = { description: p.doc, default: p.default };
  switch (p.kind) {
    case 'number':
      return { ...common, type: p.integer ? 'integer' : 'number', minimum: p.min, maximum: p.max };
    case 'enum':
      return { ...common, enum: p.options };
    case 'string':
      return { ...common, type: 'string' };
    case 'boolean':
      return { ...common, type: 'boolean' };
  }
}
