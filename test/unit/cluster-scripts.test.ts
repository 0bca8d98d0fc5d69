import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { commandsText, indexedJobYaml, KUBERNETES_PLACEHOLDERS, planReadme, slurmScript } from '../../src/core/sweep/cluster-scripts';

test('the engines\' files: commands.txt one line per index; slurm.sbatch an array of every index, P at once, a log per task', () => {
  assert.equal(commandsText(3), 'stylegraph sweep --plan plan.json --index 0\nstylegraph sweep --plan plan.json --index 1\nstylegraph sweep --plan plan.json --index 2\n');
  const sbatch = slurmScript(120, 16);
  assert.match(sbatch, /^#!\/bin\/bash\n/);
  assert.match(sbatch, /^#SBATCH --array=0-119%16$/m);
  assert.match(sbatch, /^#SBATCH --output=logs\/%a\.log$/m);
  assert.match(sbatch, /^exec stylegraph sweep --plan plan\.json --index "\$SLURM_ARRAY_TASK_ID"$/m);
});

test('indexed-job.yaml is a valid Kubernetes batch/v1 Job (the JSON schema of kubernetes-models): Indexed, N completions, P at once, the index from $JOB_COMPLETION_INDEX, the plan\'s folder on a volume', () => {
  const text = indexedJobYaml(6, 4);
  const job = parseYaml(text) as Record<string, unknown>;
  assert.doesNotThrow(() => new Job(job as never).validate());
  const spec = job.spec as { completionMode: string; completions: number; parallelism: number; template: { spec: { restartPolicy: string; containers: { image: string; workingDir: string; command: string[]; volumeMounts: { mountPath: string }[] }[]; volumes: { persistentVolumeClaim: { claimName: string } }[] } } };
  assert.deepEqual([job.apiVersion, job.kind, spec.completionMode, spec.completions, spec.parallelism], ['batch/v1', 'Job', 'Indexed', 6, 4]);
  const pod = spec.template.spec;
  const [container] = pod.containers;
  assert.equal(pod.restartPolicy, 'Never');
  assert.equal(container!.image, KUBERNETES_PLACEHOLDERS.image, 'the image is a placeholder the user sets');
  assert.equal(pod.volumes[0]!.persistentVolumeClaim.claimName, KUBERNETES_PLACEHOLDERS.claim);
  assert.deepEqual(container!.command, ['sh', '-c', 'stylegraph sweep --plan plan.json --index "$JOB_COMPLETION_INDEX"']);
  assert.equal(container!.workingDir, container!.volumeMounts[0]!.mountPath, 'run in the folder the volume holds');
  assert.equal((parseYaml(indexedJobYaml(2, 8)) as { spec: { parallelism: number } }).spec.parallelism, 2, 'never more pods at once than runs');
  // The validation bites: a Job the schema refuses.
  assert.throws(() => new Job({ ...job, spec: { ...spec, completions: '6' } } as never).validate(), /completions must be integer/);
});

test('README.txt: the run count and index range, the parallel count in each engine\'s command, one run in the singular', () => {
  const readme = planReadme(12, 3);
  assert.match(readme, /^A stylegraph sweep plan: 12 runs, one index each \(0\.\.11\)\.$/m);
  assert.match(readme, /^ {2}parallel -j 3 < commands\.txt$/m);
  assert.match(readme, /^Slurm \(a job array, at most 3 at once; logs in logs\/\):$/m);
  assert.match(readme, /^ {2}sbatch slurm\.sbatch /m);
  assert.match(readme, /^ {2}kubectl apply -f indexed-job\.yaml$/m);
  assert.match(readme, /^ {2}stylegraph sweep --collect \.$/m);
  assert.match(planReadme(1, 1), /^A stylegraph sweep plan: 1 run, one index each \(0\.\.0\)\.$/m);
});
