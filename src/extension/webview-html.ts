import { randomBytes } from 'node:crypto';

export interface WebviewPage {
  /** `webview.cspSource`: the origin the webview loads local resources from. */
  readonly cspSource: string;
  /** A fresh random nonce per page (newNonce()). */
  readonly nonce: string;
  /** Webview URIs of dist/webview.js and media/webview.css. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly title: string;
}

/** 128 random bits, base64: the only script allowed on the page carries it. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The Content-Security-Policy of the editor page: nothing by default; scripts only with the
 * nonce (no 'unsafe-eval', no inline scripts); WebAssembly compilation ('wasm-unsafe-eval') for
 * tfjs's wasm backend; fetch, images, styles and fonts only from the webview's own resource
 * origin (extension dist/media, the workspace, the weights cache), plus blob:/data: images for
 * canvases. No remote source anywhere. Inline styles are allowed: litegraph and the chart set
 * element styles at run time; they cannot run code.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new Error('a nonce is base64');
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} blob: data:`,
    `font-src ${cspSource}`,
    `connect-src ${cspSource}`,
    "worker-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The editor page: the stylesheet, an empty body and one nonce'd script (webview/main.ts builds the rest). */
export function webviewHtml(page: WebviewPage): string {
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(page.cspSource, page.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(page.styleUri)}">
<title>${attr(page.title)}</title>
</head>
<body>
<script nonce="${attr(page.nonce)}" src="${attr(page.scriptUri)}"></script>
</body>
</html>
`;
}
