import { KindredError } from '../../runtime/errors/index.js';

/**
 * The viewer's window into a simulation running in the real-time worker: one SharedArrayBuffer
 * holding the latest frame (time, every body's pose, the scene joints' values, force arrows,
 * running flag, time scale) under a seqlock. The worker writes it every few milliseconds of
 * simulation time without allocating; the main thread copies a consistent snapshot whenever it likes.
 *
 * Layout: 16 Int32 header words (sequence, magic, body/joint/force counts, frames written), then
 * Float64 values: time, running, timeScale, reserved, xpos (3·nbody), xquat (4·nbody, w x y z),
 * joints (njoint), forces (6 per arrow: point x y z, force x y z, world frame).
 */
export interface SimFrameLayout {
  readonly nbody: number;
  readonly njoint: number;
  readonly nforce: number;
}

const HEADER_INTS = 16;
const HEADER_BYTES = HEADER_INTS * 4;
const H = { SEQ: 0, MAGIC: 1, NBODY: 2, NJOINT: 3, NFORCE: 4, FRAMES: 5 } as const;
const MAGIC = 0x4b53464d; // 'KSFM'
const SCALARS = 4;
const F = { TIME: 0, RUNNING: 1, TIME_SCALE: 2 } as const;

function floatCount(l: SimFrameLayout): number {
  return SCALARS + 7 * l.nbody + l.njoint + 6 * l.nforce;
}

/** Allocate a frame buffer for a scene with these counts (main thread, before the worker starts). */
export function createSimFrameBuffer(layout: SimFrameLayout): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(HEADER_BYTES + 8 * floatCount(layout));
  const header = new Int32Array(sab, 0, HEADER_INTS);
  header[H.MAGIC] = MAGIC;
  header[H.NBODY] = layout.nbody;
  header[H.NJOINT] = layout.njoint;
  header[H.NFORCE] = layout.nforce;
  return sab;
}

/** The counts a frame buffer was made for; throws SIM_FRAME_BUFFER_MISMATCH if it is not one. */
export function frameLayoutOf(sab: SharedArrayBuffer): SimFrameLayout {
  const ok = sab.byteLength >= HEADER_BYTES && new Int32Array(sab, 0, HEADER_INTS)[H.MAGIC] === MAGIC;
  if (!ok) {
    throw new KindredError('SIM_FRAME_BUFFER_MISMATCH', 'the frame buffer was not made by createSimFrameBuffer', {
      field: 'frameBuffer',
      expected: 'a SharedArrayBuffer from createSimFrameBuffer',
    });
  }
  const header = new Int32Array(sab, 0, HEADER_INTS);
  return { nbody: header[H.NBODY]!, njoint: header[H.NJOINT]!, nforce: header[H.NFORCE]! };
}

function checkLayout(sab: SharedArrayBuffer, want: SimFrameLayout): void {
  const have = frameLayoutOf(sab);
  if (have.nbody !== want.nbody || have.njoint !== want.njoint || have.nforce !== want.nforce) {
    throw new KindredError(
      'SIM_FRAME_BUFFER_MISMATCH',
      `the frame buffer holds ${have.nbody} bodies, ${have.njoint} joints and ${have.nforce} force arrows; the scene has ${want.nbody}, ${want.njoint} and ${want.nforce}`,
      { field: 'frameBuffer', value: have, expected: JSON.stringify(want) },
    );
  }
}

/** Worker side: fill the views between `begin` and `end`. */
export class SimFrameWriter {
  readonly xpos: Float64Array;
  readonly xquat: Float64Array;
  readonly joints: Float64Array;
  readonly forces: Float64Array;
  private readonly header: Int32Array;
  private readonly scalars: Float64Array;

  constructor(sab: SharedArrayBuffer, layout: SimFrameLayout) {
    checkLayout(sab, layout);
    this.header = new Int32Array(sab, 0, HEADER_INTS);
    let off = HEADER_BYTES;
    const take = (n: number): Float64Array => {
      const v = new Float64Array(sab, off, n);
      off += 8 * n;
      return v;
    };
    this.scalars = take(SCALARS);
    this.xpos = take(3 * layout.nbody);
    this.xquat = take(4 * layout.nbody);
    this.joints = take(layout.njoint);
    this.forces = take(6 * layout.nforce);
  }

  begin(timeS: number, running: boolean, timeScale: number): void {
    Atomics.add(this.header, H.SEQ, 1);
    this.scalars[F.TIME] = timeS;
    this.scalars[F.RUNNING] = running ? 1 : 0;
    this.scalars[F.TIME_SCALE] = timeScale;
  }

  end(): void {
    this.header[H.FRAMES] = (this.header[H.FRAMES]! + 1) | 0;
    Atomics.add(this.header, H.SEQ, 1);
  }
}

/** A copy of one frame (reused between reads; the reader owns it). */
export interface SimFrameSnapshot {
  timeS: number;
  running: boolean;
  timeScale: number;
  /** Frames written so far (wraps at 2³¹); unchanged = nothing new. */
  frames: number;
  readonly xpos: Float64Array;
  readonly xquat: Float64Array;
  readonly joints: Float64Array;
  readonly forces: Float64Array;
}

/** Main-thread side: copies a consistent frame out of the shared buffer. */
export class SimFrameReader {
  readonly layout: SimFrameLayout;
  private readonly header: Int32Array;
  private readonly data: Float64Array;

  constructor(sab: SharedArrayBuffer) {
    this.layout = frameLayoutOf(sab);
    this.header = new Int32Array(sab, 0, HEADER_INTS);
    this.data = new Float64Array(sab, HEADER_BYTES, floatCount(this.layout));
  }

  /** A snapshot with arrays sized for this buffer. */
  createSnapshot(): SimFrameSnapshot {
    const l = this.layout;
    return {
      timeS: 0,
      running: false,
      timeScale: 1,
      frames: 0,
      xpos: new Float64Array(3 * l.nbody),
      xquat: new Float64Array(4 * l.nbody),
      joints: new Float64Array(l.njoint),
      forces: new Float64Array(6 * l.nforce),
    };
  }

  /**
   * Copy the latest complete frame into `into`. Retries while the writer is mid-frame; returns false
   * (leaving `into` possibly half-updated) if no consistent copy was had after `attempts` tries.
   */
  read(into: SimFrameSnapshot, attempts = 64): boolean {
    const l = this.layout;
    const d = this.data;
    for (let a = 0; a < attempts; a++) {
      const s1 = Atomics.load(this.header, H.SEQ);
      if ((s1 & 1) === 1) continue;
      into.timeS = d[F.TIME]!;
      into.running = d[F.RUNNING] === 1;
      into.timeScale = d[F.TIME_SCALE]!;
      into.frames = this.header[H.FRAMES]!;
      let off = SCALARS;
      into.xpos.set(d.subarray(off, off + 3 * l.nbody));
      off += 3 * l.nbody;
      into.xquat.set(d.subarray(off, off + 4 * l.nbody));
      off += 4 * l.nbody;
      into.joints.set(d.subarray(off, off + l.njoint));
      off += l.njoint;
      into.forces.set(d.subarray(off, off + 6 * l.nforce));
      if (Atomics.load(this.header, H.SEQ) === s1) return true;
    }
    return false;
  }
}
