/**
 * One edit of the whole graph (a layer edit, Arrange, Add term…) applied as one document edit:
 * one undo step. A canvas change not posted yet goes first; an edit that cannot be made says why
 * in #message and changes nothing.
 */
import type { Graph } from '../src/core/graph/types';
import { writeCanonical } from '../src/core/graph/canonical';
import type { WebviewMessage } from '../src/core/protocol/messages';
import type { Banners } from './banners';
import type { DocumentSync } from './document-sync';

/** An edit's refusal: its message is shown to the user (any other error is a bug and is thrown). */
export type Refusal = new (...args: never[]) => Error;

export function graphEditor(doc: DocumentSync, banners: Banners, post: (message: WebviewMessage) => void, refusals: readonly Refusal[]) {
  /** Applies `edit` to the document's graph as one edit; false (and the reason in #message) when it cannot be made. */
  return function apply(edit: (graph: Graph) => Graph): boolean {
    doc.sync();
    if (!doc.editable || !doc.graph) return false;
    let next: Graph;
    try {
      next = edit(doc.graph);
    } catch (error) {
      if (!refusals.some((r) => error instanceof r)) throw error;
      banners.showMessage((error as Error).message);
      return false;
    }
    const text = writeCanonical(next);
    doc.show(text);
    post({ type: 'edit', text });
    return true;
  };
}
