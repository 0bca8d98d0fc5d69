import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, newNonce, webviewHtml } from '../../src/extension/webview-html';

const source = 'https://file+.vscode-resource.vscode-cdn.net';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

test('CSP: nothing by default, scripts only by nonce, wasm allowed, no eval, no inline script, no remote source', () => {
  const nonce = newNonce();
  const csp = directives(contentSecurityPolicy(source, nonce));
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`, "'wasm-unsafe-eval'"]);
  for (const [name, values] of csp) {
    assert.ok(!values.includes("'unsafe-eval'"), name);
    if (name === 'script-src') assert.ok(!values.includes("'unsafe-inline'"));
    for (const v of values) {
      // Only the webview's own origin, keywords, nonces and blob:/data: for images.
      assert.ok(v === source || v.startsWith("'") || (name === 'img-src' && (v === 'blob:' || v === 'data:')), `${name} ${v}`);
    }
  }
  assert.deepEqual(csp.get('connect-src'), [source]);
});

test('nonces are fresh and base64; a bad nonce is refused', () => {
  const a = newNonce();
  assert.notEqual(a, newNonce());
  assert.match(a, /^[A-Za-z0-9+/]{22}==$/);
  assert.throws(() => contentSecurityPolicy(source, "x' 'unsafe-eval"));
});

test('the page: the CSP meta first, one script with the nonce, no inline code, attributes escaped', () => {
  const nonce = newNonce();
  const html = webviewHtml({ cspSource: source, nonce, scriptUri: `${source}/ext/dist/webview.js`, styleUri: `${source}/ext/media/webview.css`, title: 'a"<b>' });
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'));
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0]![1]!, new RegExp(`nonce="${nonce.replace(/[+/]/g, '\\$&')}"`));
  assert.equal(scripts[0]![2], '');
  assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handlers');
  assert.ok(html.includes('<title>a&quot;&lt;b&gt;</title>'));
});
