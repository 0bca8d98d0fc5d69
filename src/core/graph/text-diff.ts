/**
 * The smallest whole-line replacement that turns one text into another: the lines both texts
 * share at the start and at the end stay, the lines between are replaced. The custom editor
 * applies canvas edits this way, so moving one node changes one line of the document (and one
 * undo step), not the whole file.
 */
export interface LineEdit {
  /** Offset in the old text where the replaced range starts (the start of a line). */
  readonly start: number;
  /** Offset in the old text where it ends (the start of a line, or the end of the text). */
  readonly end: number;
  /** The text that replaces old[start, end). */
  readonly text: string;
}

/** undefined when the texts are equal. Lines keep their terminators, so "\r\n" and "\n" differ. */
export function lineEdit(oldText: string, newText: string): LineEdit | undefined {
  if (oldText === newText) return undefined;
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const start = sumLengths(a, 0, prefix);
  const end = oldText.length - sumLengths(a, a.length - suffix, a.length);
  const newEnd = newText.length - sumLengths(b, b.length - suffix, b.length);
  return { start, end, text: newText.slice(start, newEnd) };
}

/** Applies an edit (for tests and for checking). */
export function applyLineEdit(oldText: string, edit: LineEdit | undefined): string {
  return edit ? oldText.slice(0, edit.start) + edit.text + oldText.slice(edit.end) : oldText;
}

/** Lines with their terminators; the last one may have none (or be absent for "" and a final "\n"). */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let from = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', from)) {
    lines.push(text.slice(from, i + 1));
    from = i + 1;
  }
  if (from < text.length) lines.push(text.slice(from));
  return lines;
}

function sumLengths(lines: readonly string[], from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += lines[i].length;
  return n;
}
