import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Problem } from '../../src/core/graph/problems';
import type { Graph } from '../../src/core/graph/types';
import type { WebviewMessage } from '../../src/core/protocol/messages';
import { seedText, useLitegraph } from '../helpers/litegraph';
import { webviewModule } from '../helpers/webview-module';
import { canonicalText, readGraph, type GraphBridge } from '../../webview/graph-bridge';
import type { StyleGraph } from '../../webview/style-graph';

/** The parts of the canvas view, problems view and banners DocumentSync uses. */
interface View {
  bridge: GraphBridge;
  lgGraph: StyleGraph;
  canvas: { read_only: boolean; setDirty(fg: boolean, bg?: boolean): void };
  focusNode(id: string): void;
}
interface ProblemsView {
  onSelectNode?: (id: string) => void;
  showProblems(list: readonly Problem[], ok: boolean): void;
  showBadges(graph: StyleGraph, list: readonly Problem[]): void;
}
interface Banners {
  showMessage(text: string): void;
  messageKind(): string | undefined;
}
interface DocumentSync {
  graph: Graph | undefined;
  problems: readonly Problem[];
  editable: boolean;
  parsed: boolean;
  onShown?: (hasNodes: boolean) => void;
  scheduleSync(): void;
  sync(): void;
  show(text: string): void;
  setRunErrors(list: readonly Problem[]): void;
}
const { DocumentSync } = webviewModule<{
  DocumentSync: new (view: View, problems: ProblemsView, banners: Banners, post: (m: WebviewMessage) => void, onProblemsChange: () => void) => DocumentSync;
}>('document-sync');

const litegraph = useLitegraph();

/** A DocumentSync over a litegraph graph in Node, recording what it posts and shows. */
function documentSync(messageKind = 'info') {
  const log = { posted: [] as WebviewMessage[], messages: [] as string[], problems: [] as [number, boolean][], badges: [] as string[][], focused: [] as string[], shown: [] as boolean[], dirty: 0, problemChanges: 0 };
  let onPost: ((m: WebviewMessage) => void) | undefined;
  const view: View = {
    bridge: litegraph.bridge,
    lgGraph: litegraph.bridge.createGraph(),
    canvas: { read_only: false, setDirty: () => log.dirty++ },
    focusNode: (id) => log.focused.push(id),
  };
  const problemsView: ProblemsView = {
    showProblems: (list, ok) => log.problems.push([list.length, ok]),
    showBadges: (_g, list) => log.badges.push(list.map((p) => p.message)),
  };
  const doc = new DocumentSync(view, problemsView, { showMessage: (m) => log.messages.push(m), messageKind: () => messageKind }, (m) => {
    log.posted.push(m);
    onPost?.(m);
  }, () => log.problemChanges++);
  doc.onShown = (hasNodes) => log.shown.push(hasNodes);
  const nextPost = () => new Promise<WebviewMessage>((resolve) => {
    onPost = resolve;
  });
  return { doc, view, problemsView, log, nextPost };
}

describe('showing a document', () => {
  it('puts a valid graph on the canvas, editable, with no problems', () => {
    const { doc, view, log } = documentSync();
    doc.show(seedText);
    assert.deepEqual([doc.parsed, doc.editable, view.canvas.read_only], [true, true, false]);
    assert.equal(view.lgGraph.nodes.length, doc.graph!.nodes.length);
    assert.equal(canonicalText(view.lgGraph), seedText);
    assert.deepEqual(log.shown, [true]);
    assert.deepEqual(log.problems, [[0, true]]);
    assert.equal(log.problemChanges, 1);
    assert.deepEqual(log.messages, [], 'no banner, and none to clear');
    assert.deepEqual(log.posted, [], 'showing the document posts nothing back');
  });

  it('text that is no graph empties the canvas, read-only, and says why in the banner', () => {
    const { doc, view, log } = documentSync();
    doc.show(seedText);
    doc.show('{ "format": ');
    assert.deepEqual([doc.parsed, doc.editable, view.canvas.read_only, doc.graph], [false, false, true, undefined]);
    assert.equal(view.lgGraph.nodes.length, 0);
    assert.match(log.messages.at(-1)!, /cannot be opened as a graph/);
    assert.deepEqual(log.shown, [true, false]);
  });

  it('a graph that shows clears an error banner left from before', () => {
    const { doc, log } = documentSync('error');
    doc.show(seedText);
    assert.deepEqual(log.messages, ['']);
  });

  it('the same text again, while editable, leaves the canvas as it is', () => {
    const { doc, view } = documentSync();
    doc.show(seedText);
    const alpha = view.lgGraph.getNodeById('alpha');
    doc.show(seedText);
    assert.equal(view.lgGraph.getNodeById('alpha'), alpha);
  });
});

describe('syncing canvas changes', () => {
  it('posts the canvas\'s canonical text once per change', () => {
    const { doc, view, log } = documentSync();
    doc.show(seedText);
    litegraph.node(view.lgGraph, 'alpha').widgets![0]!.value = 12;
    doc.sync();
    doc.sync();
    assert.deepEqual(log.posted, [{ type: 'edit', text: canonicalText(view.lgGraph) }]);
    assert.equal(readGraph(view.lgGraph).nodes.find((n) => n.id === 'alpha')!.params.w, 12);
  });

  it('posts nothing for a read-only document, and keeps the canvas read-only', () => {
    const { doc, view, log } = documentSync();
    doc.show('{ "format": "stylegraph", "version": 1, "nodes": [{ "id": "a", "type": "no.such" }], "edges": [] }');
    assert.equal(doc.editable, false);
    view.canvas.read_only = false; // litegraph lifts it after a pan
    doc.sync();
    assert.equal(view.canvas.read_only, true);
    assert.deepEqual(log.posted, []);
  });

  it('moves a new node off the others before posting', () => {
    const { doc, view, log } = documentSync();
    doc.show(seedText);
    const alpha = litegraph.node(view.lgGraph, 'alpha');
    const made = litegraph.lg.LiteGraph.createNode('weight')!;
    made.pos = [alpha.pos[0]!, alpha.pos[1]!];
    view.lgGraph.add(made);
    const dirty = log.dirty;
    doc.sync();
    assert.notDeepEqual([...made.pos], [...alpha.pos]);
    assert.ok(log.dirty > dirty);
    const posted = (log.posted[0] as { text: string }).text;
    assert.ok(posted.includes(`"pos": [${Math.round(made.pos[0]!)}, ${Math.round(made.pos[1]!)}]`), 'the moved position is posted');
  });

  it('lists the problems of what the canvas made', () => {
    const { doc, view, log } = documentSync();
    doc.show(seedText);
    view.lgGraph.remove(litegraph.node(view.lgGraph, 'generated'));
    doc.sync();
    assert.ok(doc.problems.length > 0);
    assert.deepEqual(log.problems.at(-1), [doc.problems.length, false]);
    assert.equal(doc.graph!.nodes.some((n) => n.id === 'generated'), false);
  });

  it('scheduleSync posts after the current task, not at once', async () => {
    const { doc, view, log, nextPost } = documentSync();
    doc.show(seedText);
    litegraph.node(view.lgGraph, 'beta').widgets![0]!.value = 41;
    const posted = nextPost();
    doc.scheduleSync();
    doc.scheduleSync();
    assert.deepEqual(log.posted, []);
    assert.deepEqual(await posted, { type: 'edit', text: canonicalText(view.lgGraph) });
  });
});

describe('badges and the problems list', () => {
  it('badges show the document\'s problems and the last run\'s errors, until the next document', () => {
    const { doc, log } = documentSync();
    doc.show(seedText);
    doc.setRunErrors([{ code: 'structure', message: 'cannot read samples/x.png', nodeId: 'style' }]);
    assert.deepEqual(log.badges.at(-1), ['cannot read samples/x.png']);
    doc.show(seedText.replace('"w": 40', '"w": 41'));
    assert.deepEqual(log.badges.at(-1), []);
  });

  it('selecting a problem focuses its node', () => {
    const { problemsView, log } = documentSync();
    problemsView.onSelectNode!('alpha');
    assert.deepEqual(log.focused, ['alpha']);
  });
});
