import { createScanner, ScanError, SyntaxKind } from 'jsonc-parser';
import { quote } from '../text/quote';

/** Where and why a text is not JSON; line and column are 1-based. */
export interface JsonSyntaxError {
  readonly message: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export type JsonText = { readonly value: unknown; readonly error?: undefined } | { readonly value?: undefined; readonly error: JsonSyntaxError };

/**
 * Parses strict JSON (a leading UTF-8 BOM is allowed). JSON.parse does the parsing (V8's is
 * iterative, so any depth parses); only when it fails is the text scanned again, token by token
 * with an explicit stack, to find where the first error is, because V8's messages often lack it.
 */
export function parseJsonText(text: string): JsonText {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { value: JSON.parse(body) };
  } catch {
    return { error: locate(body, firstJsonError(body) ?? { offset: 0, message: 'the text cannot be read as JSON' }) };
  }
}

interface Found {
  readonly offset: number;
  readonly message: string;
}

/** What the checker waits for next. 'key' and 'value' remember whether a closer may come instead. */
type Expect = 'value' | 'first-value' | 'key' | 'first-key' | 'colon' | 'after-value';

/** The first syntax error of strict JSON in `text`, or undefined when there is none. Never recurses. */
export function firstJsonError(text: string): Found | undefined {
  const scanner = createScanner(text, false);
  const open: ('{' | '[')[] = [];
  let expect: Expect = 'value';
  for (;;) {
    const token = scanner.scan();
    const offset = scanner.getTokenOffset();
    if (token === SyntaxKind.Trivia || token === SyntaxKind.LineBreakTrivia) continue;
    if (token === SyntaxKind.LineCommentTrivia || token === SyntaxKind.BlockCommentTrivia) return { offset, message: 'comments are not allowed in JSON' };
    if (scanner.getTokenError() !== ScanError.None) return tokenError(text, scanner.getTokenError(), offset, scanner.getPosition());
    const found = describe(token, text.slice(offset, scanner.getPosition()));
    const inside = open[open.length - 1];
    switch (expect) {
      case 'value':
      case 'first-value':
        if (token === SyntaxKind.CloseBracketToken && inside === '[') {
          if (expect === 'value') return { offset, message: 'expected a value after ",", found "]" (JSON allows no trailing comma)' };
          open.pop();
          expect = 'after-value';
        } else if (token === SyntaxKind.OpenBraceToken) {
          open.push('{');
          expect = 'first-key';
        } else if (token === SyntaxKind.OpenBracketToken) {
          open.push('[');
          expect = 'first-value';
        } else if (isScalar(token)) {
          expect = 'after-value';
        } else {
          return { offset, message: `expected a value${expect === 'first-value' ? ' or "]"' : ''}, found ${found}` };
        }
        break;
      case 'key':
      case 'first-key':
        if (token === SyntaxKind.StringLiteral) expect = 'colon';
        else if (token === SyntaxKind.CloseBraceToken && expect === 'first-key') {
          open.pop();
          expect = 'after-value';
        } else if (token === SyntaxKind.CloseBraceToken) return { offset, message: 'expected a property name after ",", found "}" (JSON allows no trailing comma)' };
        else return { offset, message: `expected a property name in double quotes${expect === 'first-key' ? ' or "}"' : ''}, found ${found}` };
        break;
      case 'colon':
        if (token !== SyntaxKind.ColonToken) return { offset, message: `expected ":" after the property name, found ${found}` };
        expect = 'value';
        break;
      case 'after-value':
        if (inside === undefined) {
          if (token === SyntaxKind.EOF) return undefined;
          return { offset, message: `expected the end of the file after the JSON value, found ${found}` };
        }
        if (token === SyntaxKind.CommaToken) expect = inside === '{' ? 'key' : 'value';
        else if ((token === SyntaxKind.CloseBraceToken && inside === '{') || (token === SyntaxKind.CloseBracketToken && inside === '[')) {
          open.pop();
          expect = 'after-value';
        } else {
          const what = inside === '{' ? '"," or "}" after a property value' : '"," or "]" after an array element';
          return { offset, message: `expected ${what}, found ${found}` };
        }
        break;
    }
  }
}

function isScalar(token: SyntaxKind): boolean {
  return token === SyntaxKind.StringLiteral || token === SyntaxKind.NumericLiteral || token === SyntaxKind.TrueKeyword
    || token === SyntaxKind.FalseKeyword || token === SyntaxKind.NullKeyword;
}

function describe(token: SyntaxKind, raw: string): string {
  switch (token) {
    case SyntaxKind.EOF: return 'the end of the file';
    case SyntaxKind.StringLiteral: return 'a string';
    case SyntaxKind.NumericLiteral: return 'a number';
    case SyntaxKind.TrueKeyword: return 'true';
    case SyntaxKind.FalseKeyword: return 'false';
    case SyntaxKind.NullKeyword: return 'null';
    default: return quote(raw);
  }
}

/** The scanner marks a bad string or number as a whole; this finds the offending character. */
function tokenError(text: string, error: ScanError, start: number, end: number): Found {
  if (error === ScanError.UnexpectedEndOfNumber) return { offset: start, message: `incomplete number ${quote(text.slice(start, end))}` };
  if (error === ScanError.UnexpectedEndOfComment) return { offset: start, message: 'comments are not allowed in JSON' };
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) break;
    if (c < 0x20) return { offset: i, message: `control character U+${c.toString(16).toUpperCase().padStart(4, '0')} in a string (write it as an escape such as \\n)` };
    if (c !== 0x5c) continue;
    const escape = text[i + 1] ?? '';
    if (escape === 'u') {
      if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: 'invalid \\u escape in a string: it needs 4 hex digits' };
    } else if (escape !== '' && !'"\\/bfnrt'.includes(escape)) {
      return { offset: i, message: `invalid escape in a string: a backslash followed by ${quote(escape)}` };
    }
    i++;
  }
  return { offset: start, message: `unterminated string: no closing quote before the end of the ${end >= text.length ? 'file' : 'line'}` };
}

function locate(text: string, found: Found): JsonSyntaxError {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < found.offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { ...found, line, column: found.offset - lineStart + 1 };
}
