/** What litegraph's menus and node search box offer: only what is saved in the file, and the node types that fit. */
import { NODE_DEFS } from '../src/core/nodes/catalogue';
import type { NodeDef } from '../src/core/nodes/types';

/**
 * The litegraph menu entries whose effect is saved in the file (or that change nothing in it):
 * every other entry (Mode, Convert to Subgraph, Pin, Colors of nodes, Shapes, Resize,
 * Properties, Font size, ...) would change the canvas and be lost on save, so it is not offered.
 */
const PERSISTED_MENU_ENTRIES = new Set([
  'Add Node', 'Add Group', 'Edit Group', 'Align', 'Align Selected To', 'Distribute Nodes',
  'Title', 'Collapse', 'Expand', 'Clone', 'Remove', 'Color', 'Delete Reroute', 'Disconnect Links',
]);

type MenuEntry = { content?: string } | null | string;

/** A litegraph menu without the entries that would not be saved (and without doubled or edge separators). */
export function persistedMenu<T extends MenuEntry>(options: readonly T[]): T[] {
  const kept = options.filter((o) => o === null || (typeof o === 'object' && PERSISTED_MENU_ENTRIES.has(o.content ?? '')));
  return kept.filter((o, i) => o !== null || (i > 0 && i < kept.length - 1 && kept[i - 1] !== null));
}

/** Which nodes take a dragged link: inputs of `input` type (dragged from an output), or outputs of `output` type (dragged from an input). */
export interface PortFilter {
  readonly input?: string;
  readonly output?: string;
}

/** The node types the search box lists for `query` (in the type or title), best match first, only those that fit `filter`. */
export function searchNodeTypes(query: string, filter: PortFilter = {}): string[] {
  const q = query.trim().toLowerCase();
  // Exact names first, then names that start with the query, then the rest (Enter takes the first).
  const rank = (def: NodeDef): number => {
    const names = [def.type.toLowerCase(), def.title.toLowerCase()];
    if (!q || names.includes(q)) return 0;
    if (names.some((n) => n.startsWith(q))) return 1;
    return names.some((n) => n.includes(q)) ? 2 : 3;
  };
  return NODE_DEFS.filter((def) =>
    rank(def) < 3
    && (filter.input === undefined || def.inputs.some((p) => p.type === filter.input))
    && (filter.output === undefined || def.outputs.some((p) => p.type === filter.output)),
  ).sort((a, b) => rank(a) - rank(b)).map((def) => def.type);
}
