/**
 * Text for VS Code notifications (showErrorMessage and friends) that shows exactly as written.
 * A notification renders `[label](https://|command:|file:...)` as a clickable link and `$(name)`
 * as an icon (VS Code 1.100: parseLinkedText, renderLabelWithIcons). Links have no escape syntax,
 * and every link needs a `](` pair, so a backslash goes between each `]` and `(`: the text can no
 * longer form a link (a graph path cannot run a command). `\$(` is the icon syntax's own escape
 * and shows as `$(`.
 */
export function plainText(text: string): string {
  return text.replace(/\](?=\()/g, ']\\').replace(/\$\(/g, '\\$(');
}
