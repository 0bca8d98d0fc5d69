import { PLAN_FILES } from './plan-file';

/**
 * The files `sweep --emit` writes for the engines that run a plan: GNU parallel (commands.txt),
 * a Slurm job array (slurm.sbatch), a Kubernetes Indexed Job (indexed-job.yaml), and README.txt.
 * Every path is relative to the plan's folder, where each is meant to run, so the folder can move.
 * The command is `stylegraph` on the worker's PATH.
 */

/** The worker's command for index `index` (a number or a shell expression), run in the plan's folder. */
function workerCommand(index: string): string {
  return `stylegraph sweep --plan ${PLAN_FILES.plan} --index ${index}`;
}

/** commands.txt: one line per run. */
export function commandsText(runs: number): string {
  return Array.from({ length: runs }, (_, k) => `${workerCommand(String(k))}\n`).join('');
}

/** slurm.sbatch: a job array of every index, at most `parallel` at once, a log per task in logs/. */
export function slurmScript(runs: number, parallel: number): string {
  return [
    '#!/bin/bash',
    '# A Slurm job array: one task per run of the plan. Submit from this folder: sbatch slurm.sbatch',
    '#SBATCH --job-name=stylegraph-sweep',
    `#SBATCH --array=0-${runs - 1}%${parallel}`,
    `#SBATCH --output=${PLAN_FILES.logs}/%a.log`,
    '#SBATCH --ntasks=1',
    'set -euo pipefail',
    `exec ${workerCommand('"$SLURM_ARRAY_TASK_ID"')}`,
    '',
  ].join('\n');
}

/** Placeholders in indexed-job.yaml that the user sets. */
export const KUBERNETES_PLACEHOLDERS = { image: 'IMAGE-WITH-STYLEGRAPH', claim: 'VOLUME-CLAIM-HOLDING-THIS-FOLDER' } as const;
/** Where the pod mounts the volume that holds the plan's folder. */
const MOUNT = '/sweep';

/** indexed-job.yaml: a Kubernetes Indexed Job of every index, `parallel` pods at once, on a volume holding the plan's folder. */
export function indexedJobYaml(runs: number, parallel: number): string {
  const command = workerCommand('"$JOB_COMPLETION_INDEX"');
  return [
    '# A Kubernetes Indexed Job: one pod per run of the plan. Set the image (one with stylegraph on',
    '# its PATH) and the volume claim (a volume holding this folder at its root), then:',
    '#   kubectl apply -f indexed-job.yaml',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: stylegraph-sweep',
    'spec:',
    '  completionMode: Indexed',
    `  completions: ${runs}`,
    `  parallelism: ${Math.min(parallel, runs)}`,
    `  backoffLimit: ${runs}`,
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: stylegraph',
    `          image: ${KUBERNETES_PLACEHOLDERS.image}`,
    `          workingDir: ${MOUNT}`,
    `          command: ["sh", "-c", ${JSON.stringify(command)}]`,
    '          env:',
    '            # The converted weights are shared by the pods: safe with several at once.',
    '            - name: STYLEGRAPH_CACHE',
    `              value: ${MOUNT}/.stylegraph-cache`,
    '          volumeMounts:',
    '            - name: sweep',
    `              mountPath: ${MOUNT}`,
    '      volumes:',
    '        - name: sweep',
    '          persistentVolumeClaim:',
    `            claimName: ${KUBERNETES_PLACEHOLDERS.claim}`,
    '',
  ].join('\n');
}

/** README.txt: the three ways to submit the plan, and how to collect. */
export function planReadme(runs: number, parallel: number): string {
  return `A stylegraph sweep plan: ${runs} run${runs === 1 ? '' : 's'}, one index each (0..${runs - 1}).
Everything a worker reads is in this folder (plan.json and inputs/); run every command below
in this folder, with stylegraph on the PATH. Each run is written whole into runs/K/ (image.png,
run.json, losses.json); an index already finished is skipped, so submitting everything again
reruns only what is missing. Weights: each worker uses --weights FILE, else $STYLEGRAPH_WEIGHTS,
else the download into $STYLEGRAPH_CACHE (a cache several workers may share).

GNU parallel (one or more machines sharing this folder):
  parallel -j ${parallel} < ${PLAN_FILES.commands}

Slurm (a job array, at most ${parallel} at once; logs in ${PLAN_FILES.logs}/):
  sbatch ${PLAN_FILES.slurm}        (or sbatch --wait ${PLAN_FILES.slurm} to wait for the end)

Kubernetes (an Indexed Job; set the image and the volume claim in the file first):
  kubectl apply -f ${PLAN_FILES.kubernetes}

One index by hand (or from $SLURM_ARRAY_TASK_ID, $JOB_COMPLETION_INDEX,
$AWS_BATCH_JOB_ARRAY_INDEX or $STYLEGRAPH_INDEX when --index is left out):
  stylegraph sweep --plan ${PLAN_FILES.plan} --index 0

When they are done, write sweep.json, index.html and grid.png here (exit 3 and the commands
that rerun them when some are missing):
  stylegraph sweep --collect .
`;
}
