/** The problems panel (`#problems`), node error badges and their hidden DOM mirror (`#node-status`). */
import { LGraphBadge } from '@comfyorg/litegraph';
import type { Problem } from '../src/core/graph/problems';
import { cssVar, el } from './dom';
import type { StyleGraph } from './graph-bridge';
import { problemLabel, problemsByNode } from './ui-state';

export function createProblemsView(onOpenAsText: () => void) {
  const openAsText = el('button', { id: 'open-as-text' }, 'Open as text');
  const problemList = el('ul', { id: 'problem-list' });
  const panel = el('div', { id: 'problems' }, el('div', { class: 'problems-head' }, el('strong', {}, 'Problems'), openAsText), problemList);
  const nodeStatus = el('ul', { id: 'node-status', hidden: '' });
  panel.hidden = true;
  openAsText.addEventListener('click', onOpenAsText);
  return {
    panel,
    nodeStatus,
    showProblems(list: readonly Problem[], hidden: boolean): void {
      problemList.replaceChildren(...list.map((p) => {
        const li = el('li', { 'data-code': p.code }, problemLabel(p));
        if (p.nodeId) li.dataset.nodeId = p.nodeId;
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
        const n = node as unknown as { has_errors?: boolean; badges: unknown[] };
        n.has_errors = mine.length > 0;
        n.badges = mine.length
          ? [new LGraphBadge({ text: `⚠ ${mine.length}`, fgColor: cssVar('--vscode-errorForeground', '#f48771'), bgColor: cssVar('--vscode-inputValidation-errorBackground', '#5a1d1d') })]
          : [];
        items.push(el('li', { 'data-node-id': id, 'data-type': String(node.type), 'data-error': String(mine.length > 0), 'data-message': mine.map((p) => p.message).join('\n') }));
      }
      nodeStatus.replaceChildren(...items);
    },
  };
}

export type ProblemsView = ReturnType<typeof createProblemsView>;
