/** Where the extension-host run() writes its results, in the workspace folder (the workbench does not always call codeAutomationExit promptly). */
export const RESULTS_FILE = '.extension-test-results.json';

export interface HostTestResult {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}
