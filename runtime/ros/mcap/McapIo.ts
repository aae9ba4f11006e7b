/**
 * Thin adapters between `@mcap/core`'s writer/reader interfaces and where the bytes live: a file on
 * disk (`FileWritable`, `FileReadable`) or memory (`BufferWritable`, `BytesReadable`). The recorder
 * and reader stay free of file-system code.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { IReadable, IWritable } from '@mcap/core';
import { KindredError } from '../../errors/index.js';

/** Something an MCAP writer can append to and that can be closed when the recording ends. */
export interface McapSink extends IWritable {
  close(): Promise<void>;
}

/** Something an MCAP reader can read from at any offset, closed when reading ends. */
export interface McapSource extends IReadable {
  /** Where the bytes come from, for error messages (a path, or `memory`). */
  readonly name: string;
  close(): Promise<void>;
}

function reason(e: unknown): string {
  if (e instanceof Error) return 'code' in e && typeof e.code === 'string' ? `${e.code}: ${e.message}` : e.message;
  return String(e);
}

/** Appends to a new file (created or truncated); every write lands before its promise resolves. */
export class FileWritable implements McapSink {
  private readonly handle: FileHandle;
  readonly path: string;
  private offset = 0n;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.handle = handle;
  }

  /** Create or truncate `path`. Throws ROS_MCAP_WRITE_FAILED with the operating system's reason. */
  static async create(path: string): Promise<FileWritable> {
    try {
      return new FileWritable(path, await open(path, 'w'));
    } catch (e) {
      throw new KindredError('ROS_MCAP_WRITE_FAILED', `cannot create ${path}: ${reason(e)}`, { file: path }, { cause: e });
    }
  }

  async write(buffer: Uint8Array): Promise<void> {
    let done = 0;
    try {
      while (done < buffer.length) {
        const { bytesWritten } = await this.handle.write(buffer, done, buffer.length - done);
        done += bytesWritten;
      }
    } catch (e) {
      throw new KindredError('ROS_MCAP_WRITE_FAILED', `cannot write ${this.path} at byte ${this.offset + BigInt(done)}: ${reason(e)}`, { file: this.path }, { cause: e });
    }
    this.offset += BigInt(buffer.length);
  }

  position(): bigint {
    return this.offset;
  }

  /** Flush to disk and close. */
  async close(): Promise<void> {
    try {
      await this.handle.sync();
      await this.handle.close();
    } catch (e) {
      throw new KindredError('ROS_MCAP_WRITE_FAILED', `cannot finish ${this.path}: ${reason(e)}`, { file: this.path }, { cause: e });
    }
  }
}

/** Collects a recording in memory (tests, or serving a recording without touching disk). */
export class BufferWritable implements McapSink {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  write(buffer: Uint8Array): Promise<void> {
    this.parts.push(buffer.slice());
    this.length += buffer.length;
    return Promise.resolve();
  }

  position(): bigint {
    return BigInt(this.length);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Everything written so far, as one array. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** Reads a file at any offset. */
export class FileReadable implements McapSource {
  private readonly handle: FileHandle;
  readonly name: string;
  private readonly bytes: bigint;

  private constructor(name: string, handle: FileHandle, bytes: bigint) {
    this.name = name;
    this.handle = handle;
    this.bytes = bytes;
  }

  /** Open `path` for reading. Throws ROS_MCAP_READ_FAILED with the operating system's reason. */
  static async open(path: string): Promise<FileReadable> {
    try {
      const handle = await open(path, 'r');
      const { size } = await handle.stat();
      return new FileReadable(path, handle, BigInt(size));
    } catch (e) {
      throw new KindredError('ROS_MCAP_READ_FAILED', `cannot open ${path}: ${reason(e)}`, { file: path }, { cause: e });
    }
  }

  size(): Promise<bigint> {
    return Promise.resolve(this.bytes);
  }

  async read(offset: bigint, size: bigint): Promise<Uint8Array> {
    const n = Number(size);
    const out = new Uint8Array(n);
    let done = 0;
    try {
      while (done < n) {
        const { bytesRead } = await this.handle.read(out, done, n - done, Number(offset) + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
    } catch (e) {
      throw new KindredError('ROS_MCAP_READ_FAILED', `cannot read ${this.name} at byte ${offset}: ${reason(e)}`, { file: this.name }, { cause: e });
    }
    return done === n ? out : out.subarray(0, done);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Reads an MCAP file already in memory. */
export class BytesReadable implements McapSource {
  readonly name: string;
  private readonly data: Uint8Array;

  constructor(data: Uint8Array, name = 'memory') {
    this.data = data;
    this.name = name;
  }

  size(): Promise<bigint> {
    return Promise.resolve(BigInt(this.data.length));
  }

  read(offset: bigint, size: bigint): Promise<Uint8Array> {
    return Promise.resolve(this.data.subarray(Number(offset), Number(offset + size)));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
