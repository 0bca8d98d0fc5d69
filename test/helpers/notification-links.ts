/**
 * The links VS Code 1.100 makes in a notification's text (vs/base/common/linkedText.ts's pattern,
 * applied after the notification folds newlines into spaces): what a user could click.
 */
export function notificationLinks(message: string): string[] {
  const folded = message.replace(/(\r\n|\n|\r)/gm, ' ').trim();
  const pattern = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
  return [...folded.matchAll(pattern)].map((m) => m[2]!);
}
