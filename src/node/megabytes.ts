/** Bytes as decimal megabytes, as file sizes are given to users: "160 MB", "0.1 MB". */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
}
