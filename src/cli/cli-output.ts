/** Where a command writes: machine-readable lines and messages for people. */
export interface CliOutput {
  /** Machine-readable lines (--json) go here. */
  line(text: string): void;
  /** Messages for people. */
  log(text: string): void;
  readonly stderr: NodeJS.WriteStream;
}
