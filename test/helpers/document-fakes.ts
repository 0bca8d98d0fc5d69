/**
 * Stand-ins for the webview's DocumentSync and Banners (which need the canvas and the DOM), for
 * tests of the edits made through them: what each was asked to do is recorded.
 */
import { parseGraph } from '../../src/core/graph/parse';
import type { Graph } from '../../src/core/graph/types';
import type { WebviewMessage } from '../../src/core/protocol/messages';

/** The part of DocumentSync the edits use. */
export interface DocumentLike {
  graph: Graph | undefined;
  editable: boolean;
  sync(): void;
  show(text: string): void;
}

/** The part of Banners the edits use. */
export interface BannersLike {
  showMessage(text: string): void;
  messageKind(): string | undefined;
}

export interface DocumentStandIn {
  readonly doc: DocumentLike;
  readonly banners: BannersLike;
  /** The messages posted to the host. */
  readonly posted: WebviewMessage[];
  readonly post: (message: WebviewMessage) => void;
  /** Texts shown (doc.show), banner messages shown, and how many times doc.sync ran. */
  readonly shown: string[];
  readonly messages: string[];
  readonly syncs: { count: number };
}

/** A document showing `text` (editable), its show parsing what it is given. */
export function documentStandIn(text: string): DocumentStandIn {
  const posted: WebviewMessage[] = [];
  const shown: string[] = [];
  const messages: string[] = [];
  const syncs = { count: 0 };
  const doc: DocumentLike = {
    graph: parseGraph(text).graph,
    editable: true,
    sync: () => {
      syncs.count++;
    },
    show: (t) => {
      shown.push(t);
      doc.graph = parseGraph(t).graph;
    },
  };
  return {
    doc,
    banners: { showMessage: (m) => messages.push(m), messageKind: () => 'error' },
    posted,
    post: (m) => posted.push(m),
    shown,
    messages,
    syncs,
  };
}
