import { GRAPH_FORMAT, GRAPH_VERSION } from './types';
import { NODE_ID_PATTERN } from './parse';
import { NODE_DEFS } from '../nodes/catalogue';
import type { NodeDef, ParamSpec } from '../nodes/types';

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
      version: { const: GRAPH_VERSION },
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
      ui: {
        type: 'object',
        properties: { pos: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 } },
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
