import { KindredError } from '../../runtime/errors/index.js';
import { compileMjcf } from '../mujoco/loadMujoco.js';
import type { MujocoModule } from '../mujoco/types.js';

/**
 * Where the fields of MuJoCo's `mjContact` lie, in bytes, in MuJoCo 3.3 (mjdata.h): dist, pos[3],
 * frame[9], includemargin, friction[5], solref[2], solreffriction[2], solimp[5], mu, H[36] (all
 * doubles), then dim, geom1, geom2, geom[2], flex[2], elem[2], vert[2], exclude, efc_address (ints),
 * padded to 576 bytes. The contact array starts at `d->arena`.
 *
 * Why read it raw: mujoco-js gives contacts only through `data.contact.get(i)`, which copies the
 * struct into a new JS object on every call; per-region contact forces are computed every physics
 * step inside the control loop, which must not allocate. `verifyContactLayout` checks these offsets
 * against mujoco-js's own accessors once, at bind time.
 */
export const CONTACT_LAYOUT = {
  strideBytes: 576,
  posBytes: 8,
  frameBytes: 32,
  dimBytes: 520,
  geom1Bytes: 524,
  geom2Bytes: 528,
  excludeBytes: 564,
  efcAddressBytes: 568,
} as const;

const verified = new WeakSet<MujocoModule>();

const PROBE_XML = `<mujoco model="kindred_contact_probe">
  <size memory="256K"/>
  <worldbody>
    <geom name="floor" type="plane" size="1 1 0.1"/>
    <body name="a" pos="0.3 0 0.09"><freejoint/><geom name="box" type="box" size="0.1 0.1 0.1"/></body>
    <body name="b" pos="-0.3 0 0.08"><freejoint/><geom name="ball" type="sphere" size="0.1"/></body>
  </worldbody>
</mujoco>`;

/**
 * Check once per MuJoCo module that contacts lie where CONTACT_LAYOUT says, by compiling a tiny
 * probe scene with known contacts and comparing raw reads with `data.contact.get(i)`.
 * Throws HUMAN_CONTACT_LAYOUT when they differ (a mujoco-js other than the pinned one).
 */
export function verifyContactLayout(mujoco: MujocoModule): void {
  if (verified.has(mujoco)) return;
  const model = compileMjcf(mujoco, PROBE_XML, 'the contact-layout probe');
  const data = new mujoco.MjData(model);
  try {
    mujoco.mj_forward(model, data);
    const n = data.ncon;
    const heap = (data.qpos as Float64Array).buffer as ArrayBuffer;
    const f64 = new Float64Array(heap);
    const i32 = new Int32Array(heap);
    const base = (data.arena as Uint8Array).byteOffset;
    const contacts = data.contact;
    let ok = n >= 2;
    for (let k = 0; k < n && ok; k++) {
      const c = contacts.get(k);
      if (c === undefined) {
        ok = false;
        break;
      }
      const at = base + k * CONTACT_LAYOUT.strideBytes;
      const pos = c.pos as Float64Array;
      ok =
        i32[(at + CONTACT_LAYOUT.geom1Bytes) >> 2] === c.geom1 &&
        i32[(at + CONTACT_LAYOUT.geom2Bytes) >> 2] === c.geom2 &&
        i32[(at + CONTACT_LAYOUT.dimBytes) >> 2] === c.dim &&
        i32[(at + CONTACT_LAYOUT.efcAddressBytes) >> 2] === c.efc_address &&
        f64[(at + CONTACT_LAYOUT.posBytes) >> 3] === pos[0] &&
        f64[(at + CONTACT_LAYOUT.posBytes + 16) >> 3] === pos[2] &&
        f64[(at + CONTACT_LAYOUT.frameBytes + 16) >> 3] === (c.frame as Float64Array)[2];
      c.delete();
    }
    contacts.delete();
    if (!ok) {
      throw new KindredError(
        'HUMAN_CONTACT_LAYOUT',
        `MuJoCo ${mujoco.mj_versionString()} does not store contacts where Kindred reads them (mjContact of ${CONTACT_LAYOUT.strideBytes} bytes at d->arena); per-region contact forces would be wrong`,
        { value: mujoco.mj_versionString(), expected: 'the mujoco-js version pinned in package.json (MuJoCo 3.3.x)' },
      );
    }
    verified.add(mujoco);
  } finally {
    data.delete();
    model.delete();
  }
}

/** Byte address of contact `i` in the heap, for a synced data whose arena starts at `arenaByteOffset`. */
export function contactAddress(arenaByteOffset: number, i: number): number {
  return arenaByteOffset + i * CONTACT_LAYOUT.strideBytes;
}
