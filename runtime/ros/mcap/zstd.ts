import { compress, decompress, isLoaded } from '@foxglove/wasm-zstd';
import { KindredError } from '../../errors/index.js';

/** zstd for MCAP chunks, from the WebAssembly build in `@foxglove/wasm-zstd`. */
export interface Zstd {
  compress(data: Uint8Array, level: number): Uint8Array;
  decompress(data: Uint8Array, uncompressedSize: bigint): Uint8Array;
}

let ready: Promise<Zstd> | undefined;

/** Loads the zstd WebAssembly module once (the first call waits for it; later calls are immediate). */
export function loadZstd(): Promise<Zstd> {
  ready ??= isLoaded.then(() => ({
    compress: (data: Uint8Array, level: number): Uint8Array => compress(data, level),
    decompress: (data: Uint8Array, size: bigint): Uint8Array => decompress(data, Number(size)),
  }));
  return ready;
}

/**
 * The decompressors an MCAP reader gets: zstd, and a handler for lz4 (which Kindred has no decoder
 * for) that fails with ROS_MCAP_COMPRESSION_UNSUPPORTED instead of the library's bare error.
 */
export async function decompressHandlers(source: string): Promise<Record<string, (data: Uint8Array, size: bigint) => Uint8Array>> {
  const zstd = await loadZstd();
  return {
    zstd: (data, size) => zstd.decompress(data, size),
    lz4: () => {
      throw new KindredError('ROS_MCAP_COMPRESSION_UNSUPPORTED', `${source} has lz4-compressed chunks; Kindred reads zstd-compressed and uncompressed MCAP files (recompress with \`mcap compress --compression zstd\`)`, {
        file: source,
        value: 'lz4',
        expected: 'zstd or none',
      });
    },
  };
}
