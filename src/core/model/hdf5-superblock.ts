import { WeightsError } from './weights';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Where the HDF5 superblock starts: at 0, or after a user block at 512, 1024, 2048, ...
 * Undefined when the bytes are not an HDF5 file.
 */
export function findHdf5Superblock(bytes: Uint8Array): number | undefined {
  for (let at = 0; at + SIGNATURE.length <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (SIGNATURE.every((b, i) => bytes[at + i] === b)) return at;
  }
  return undefined;
}

/**
 * Checks the signature and that the file is as long as its superblock says, so a truncated or
 * foreign file gets a clear message before HDF5 sees it.
 */
export function checkHdf5Header(bytes: Uint8Array, source: string): void {
  const at = findHdf5Superblock(bytes);
  if (at === undefined) throw new WeightsError(`${source}: not an HDF5 file (a Keras .h5 weights file starts with the HDF5 signature)`);
  const end = storedEndOfFile(bytes, at, source);
  // HDF5 itself compares the physical size with the stored end-of-file address.
  if (bytes.length < end) throw new WeightsError(`${source}: truncated HDF5 file: ${bytes.length} bytes, the file header says ${end}`);
}

function storedEndOfFile(bytes: Uint8Array, at: number, source: string): number {
  const tooShort = (): WeightsError => new WeightsError(`${source}: truncated HDF5 file: ${bytes.length} bytes, shorter than its own header`);
  if (bytes.length < at + 16) throw tooShort();
  const version = bytes[at + 8];
  // Versions 0 and 1 hold the size of addresses at byte 13 and the addresses from byte 24 (28 in
  // version 1); versions 2 and 3 at byte 9 and from byte 12. The addresses are: base, free space
  // (v0/1) or superblock extension (v2/3), end of file.
  let sizeByte: number;
  let addresses: number;
  if (version === 0 || version === 1) {
    sizeByte = 13;
    addresses = version === 0 ? 24 : 28;
  } else if (version === 2 || version === 3) {
    sizeByte = 9;
    addresses = 12;
  } else {
    throw new WeightsError(`${source}: unsupported HDF5 superblock version ${version}`);
  }
  const size = bytes[at + sizeByte];
  const endField = at + addresses + 2 * size;
  if (endField + size > bytes.length) throw tooShort();
  let end = 0;
  for (let i = size - 1; i >= 0; i--) end = end * 256 + bytes[endField + i];
  return end;
}
