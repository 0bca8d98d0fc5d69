/**
 * The problems panel (`#problems`; clicking a problem of a node selects and centres it), node
 * error badges (their text is the title bar's tooltip) and their hidden DOM mirror (`#node-status`).
 */
import { LGraphBadge } from '@comfyorg/litegraph';
import type { Problem } from '../src/core/graph/problems';
import { cssVar, el } from './dom';
import type { ProblemText } from './canvas-tooltip';
import type { StyleGraph } from './style-graph';
import { problemLabel, problemsByNode } from './ui-state';

export function createProblemsView(onOpenAsText: () => void) {
  const openAsText = el('button', { id: 'open-as-text' }, 'Open as text');
  const problemList = el('ul', { id: 'problem-list' });
  const panel = el('div', { id: 'problems' }, el('div', { class: 'problems-head' }, el('strong', {}, 'Problems'), openAsText), problemList);
  const nodeStatus = el('ul', { id: 'node-status', hidden: '' });
  panel.hidden = true;
  openAsText.addEventListener('click', onOpenAsText);
  const view = {
    panel,
    nodeStatus,
    /** Called with a node's id when its problem is clicked (the canvas selects and centres it). */
    onSelectNode: undefined as ((nodeId: string) => void) | undefined,
    showProblems(list: readonly Problem[], hidden: boolean): void {
      problemList.replaceChildren(...list.map((p) => {
        const li = el('li', { 'data-code': p.code }, problemLabel(p));
        if (p.nodeId) {
          const nodeId = p.nodeId;
          li.dataset.nodeId = nodeId;
          li.classList.add('node-problem');
          li.title = 'Show the node';
          li.addEventListener('click', () => view.onSelectNode?.(nodeId));
        }
        if (p.port) li.dataset.port = p.port;
        if (p.param) li.dataset.param = p.param;
        return li;
      }));
      panel.hidden = hidden;
    },
    showBadges(lgGraph: StyleGraph, problems: readonly Problem[]): void {
      const byNode = problemsByNode(problems);
      const items: HTMLLIElement[] = [];
      for (const node of lgGraph.nodes) {
        const id = String(node.id);
        const mine = byNode.get(id) ?? [];
        const n = node as unknown as { has_errors?: boolean; badges: unknown[] } & ProblemText;
        n.has_errors = mine.length > 0;
        n.problemText = mine.map((p) => p.message).join('\n');
        n.badges = mine.length
          ? [new LGraphBadge({ text: `⚠ ${mine.length}`, fgColor: cssVar('--vscode-errorForeground', '#f48771'), bgColor: cssVar('--vscode-inputValidation-errorBackground', '#5a1d1d') })]
          : [];
        items.push(el('li', { 'data-node-id': id, 'data-type': String(node.type), 'data-error': String(mine.length > 0), 'data-message': mine.map((p) => p.message).join('\n') }));
      }
      nodeStatus.replaceChildren(...items);
    },
  };
  return view;
}

export type ProblemsView = ReturnType<typeof createProblemsView>;
