import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';

/** The CPU a benchmark ran on: the ratio to PyTorch depends on its vector extensions (oneDNN and MLAS pick kernels by them). */
export interface CpuInfo {
  readonly model: string;
  /** CPUs this process may run on (an affinity mask such as taskset's counts). */
  readonly cpus: number;
  readonly extensions: readonly string[];
}

/** The extensions that decide which kernels run, as /proc/cpuinfo's flags name them, with the names people use. */
const EXTENSIONS: readonly (readonly [string, string])[] = [
  ['avx2', 'AVX2'],
  ['fma', 'FMA'],
  ['avx512f', 'AVX-512'],
  ['avx512_vnni', 'AVX-512 VNNI'],
  ['avx512_bf16', 'AVX-512 BF16'],
  ['amx_tile', 'AMX'],
  ['asimd', 'NEON'],
];

/** From /proc/cpuinfo's text (Linux); the model from os.cpus() elsewhere, extensions unknown. */
export function cpuInfo(procCpuinfo = readCpuinfo()): CpuInfo {
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(procCpuinfo)?.[1]?.trim();
  const flags = new Set((field('flags') ?? field('Features') ?? '').split(/\s+/));
  return {
    model: field('model name') ?? cpus()[0]?.model ?? 'unknown CPU',
    cpus: availableParallelism(),
    extensions: EXTENSIONS.filter(([flag]) => flags.has(flag)).map(([, name]) => name),
  };
}

/** "2 x AMD EPYC (AVX2, FMA, AVX-512, AVX-512 VNNI, AVX-512 BF16)". */
export function cpuLine(info: CpuInfo): string {
  return `${info.cpus} x ${info.model} (${info.extensions.length ? info.extensions.join(', ') : 'vector extensions unknown'})`;
}

function readCpuinfo(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}
