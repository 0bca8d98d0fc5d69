/**
 * Document <-> canvas. The document (the host's TextDocument) is the truth: every canvas change
 * posts its canonical text; every document from the host re-renders the canvas.
 */
import type { Problem } from '../src/core/graph/problems';
import type { Graph } from '../src/core/graph/types';
import type { WebviewMessage } from '../src/core/protocol/messages';
import type { Banners } from './banners';
import type { CanvasView } from './canvas-view';
import { checkText, readDocument } from './document-state';
import { canonicalText, readGraph } from './graph-bridge';
import type { ProblemsView } from './problems-view';
import { clearNewNodes } from './new-node-placement';

export class DocumentSync {
  /** The graph of the last document or edit; undefined when it did not parse. */
  graph: Graph | undefined;
  problems: readonly Problem[] = [];
  editable = false;
  parsed = false;
  /** Failures of the last run by node (e.g. an image that cannot be read): badges only, they do not block running. */
  private runErrors: readonly Problem[] = [];
  private docText: string | undefined;
  private syncQueued = false;
  /** Called after each document is shown (view-keeper.ts frames the first). */
  onShown?: (hasNodes: boolean) => void;

  constructor(
    private readonly view: CanvasView,
    private readonly problemsView: ProblemsView,
    private readonly banners: Banners,
    private readonly post: (message: WebviewMessage) => void,
    private readonly onProblemsChange: () => void,
  ) {
    problemsView.onSelectNode = (nodeId) => view.focusNode(nodeId);
  }

  scheduleSync(): void {
    if (this.syncQueued) return;
    this.syncQueued = true;
    setTimeout(() => {
      this.syncQueued = false;
      this.sync();
    }, 0);
  }

  /** Posts the canvas's canonical text when it differs from the document. */
  sync(): void {
    const { canvas, lgGraph } = this.view;
    canvas.read_only = !this.editable; // litegraph lifts read_only when the space key (pan) is released
    if (!this.editable || !this.parsed || lgGraph.loading) return;
    if (clearNewNodes(lgGraph, this.graph)) canvas.setDirty(true, true);
    const text = canonicalText(lgGraph);
    if (text === this.docText) return;
    this.docText = text;
    this.post({ type: 'edit', text });
    this.setProblems(readGraph(lgGraph), checkText(text).problems);
  }

  /** Shows a document: re-renders the canvas (keeping the viewport) or lists why it cannot. */
  show(text: string): void {
    if (text === this.docText && this.parsed && this.editable) return;
    const { bridge, canvas, lgGraph } = this.view;
    this.docText = text;
    this.runErrors = [];
    const shown = readDocument(text, {
      place: (graph) => bridge.load(lgGraph, graph),
      clear: () => {
        lgGraph.loading = true;
        lgGraph.clear();
        lgGraph.loading = false;
      },
    });
    this.parsed = shown.graph !== undefined;
    this.editable = shown.editable;
    canvas.read_only = !this.editable;
    // The first document is framed (view-keeper.ts); later ones keep the viewport.
    this.onShown?.(lgGraph.nodes.length > 0);
    this.setProblems(shown.graph, shown.problems);
    if (shown.banner || this.banners.messageKind() !== 'info') this.banners.showMessage(shown.banner);
    canvas.setDirty(true, true);
  }

  setRunErrors(list: readonly Problem[]): void {
    this.runErrors = list;
    this.updateBadges();
  }

  /** Error badges on nodes, and the hidden DOM mirror tests read. */
  updateBadges(): void {
    this.problemsView.showBadges(this.view.lgGraph, [...this.problems, ...this.runErrors]);
    this.view.canvas.setDirty(true, false);
  }

  private setProblems(g: Graph | undefined, list: readonly Problem[]): void {
    this.graph = g;
    this.problems = list;
    this.problemsView.showProblems(list, list.length === 0 && (this.parsed && this.editable));
    this.updateBadges();
    this.onProblemsChange();
  }
}
