import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useDom } from '../helpers/dom';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';
import type { Problem } from '../../src/core/graph/problems';
import type { StyleGraph } from '../../webview/style-graph';

/** What these tests use of webview/problems-view.ts (it imports litegraph: see webview-module.ts). */
interface ProblemsView {
  readonly panel: HTMLElement;
  readonly nodeStatus: HTMLElement;
  onSelectNode: ((nodeId: string) => void) | undefined;
  showProblems(list: readonly Problem[], hidden: boolean): void;
  showBadges(lgGraph: StyleGraph, problems: readonly Problem[]): void;
}
let createProblemsView: (onOpenAsText: () => void) => ProblemsView;

useDom();
before(async () => {
  ({ createProblemsView } = await webviewModuleWithLitegraph<{ createProblemsView: typeof createProblemsView }>('problems-view'));
});

const problems: Problem[] = [
  { code: 'json', message: 'Unexpected token at line 3' },
  { code: 'param-range', message: 'w must be at least 0', nodeId: 'alpha', param: 'w' },
  { code: 'missing-input', message: 'input a is not connected', nodeId: '<img src=x onerror=alert(1)>', port: 'a' },
];

test('a line per problem with its place, in order; only node problems are clickable', () => {
  const v = createProblemsView(() => {});
  v.showProblems(problems, false);
  const items = [...v.panel.querySelectorAll<HTMLLIElement>('#problem-list li')];
  assert.deepEqual(items.map((li) => li.textContent), [
    'Unexpected token at line 3',
    'node alpha · param w: w must be at least 0',
    'node <img src=x onerror=alert(1)> · port a: input a is not connected',
  ]);
  assert.deepEqual(items.map((li) => li.dataset.code), ['json', 'param-range', 'missing-input']);
  assert.deepEqual(items.map((li) => li.classList.contains('node-problem')), [false, true, true]);
  assert.equal(items[1]!.dataset.param, 'w');
  assert.equal(items[2]!.dataset.port, 'a');
  assert.equal(items[2]!.dataset.nodeId, '<img src=x onerror=alert(1)>');
  assert.equal(v.panel.querySelector('img'), null);
  assert.equal(v.panel.hidden, false);
});

test('clicking a node problem selects its node; a general one selects none', () => {
  const v = createProblemsView(() => {});
  const selected: string[] = [];
  v.onSelectNode = (id) => selected.push(id);
  v.showProblems(problems, false);
  for (const li of v.panel.querySelectorAll<HTMLLIElement>('#problem-list li')) li.click();
  assert.deepEqual(selected, ['alpha', '<img src=x onerror=alert(1)>']);
});

test('the panel hides when told, and a new list replaces the old', () => {
  const v = createProblemsView(() => {});
  assert.equal(v.panel.hidden, true);
  v.showProblems(problems, false);
  v.showProblems([problems[0]!], true);
  assert.equal(v.panel.hidden, true);
  assert.equal(v.panel.querySelectorAll('#problem-list li').length, 1);
});

test('Open as text calls back', () => {
  let opened = 0;
  const v = createProblemsView(() => opened++);
  v.panel.querySelector<HTMLButtonElement>('#open-as-text')!.click();
  assert.equal(opened, 1);
});

test('badges: a node with problems gets a count, its messages and a mirror entry; the others none', () => {
  const v = createProblemsView(() => {});
  type Fake = { id: string; type: string; has_errors?: boolean; problemText?: string; badges: { text?: string }[] };
  const nodes: Fake[] = [{ id: 'alpha', type: 'weight', badges: [{ text: 'old' }] }, { id: 'beta', type: 'weight', badges: [{ text: 'old' }] }];
  const twice: Problem[] = [...problems, { code: 'param-type', message: 'w must be a number', nodeId: 'alpha', param: 'w' }];
  v.showBadges({ nodes } as unknown as StyleGraph, twice);
  assert.equal(nodes[0]!.has_errors, true);
  assert.equal(nodes[0]!.problemText, 'w must be at least 0\nw must be a number');
  assert.deepEqual(nodes[0]!.badges.map((b) => b.text), ['⚠ 2']);
  assert.equal(nodes[1]!.has_errors, false);
  assert.equal(nodes[1]!.problemText, '');
  assert.deepEqual(nodes[1]!.badges, []);
  const mirror = [...v.nodeStatus.querySelectorAll<HTMLLIElement>('li')].map((li) => Object.fromEntries(['node-id', 'type', 'error', 'message'].map((a) => [a, li.getAttribute(`data-${a}`)])));
  assert.deepEqual(mirror, [
    { 'node-id': 'alpha', type: 'weight', error: 'true', message: 'w must be at least 0\nw must be a number' },
    { 'node-id': 'beta', type: 'weight', error: 'false', message: '' },
  ]);
});
