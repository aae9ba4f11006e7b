/**
 * What the browser viewer needs from a running simulation, wherever the physics runs (in the
 * real-time worker through shared memory, or directly on this thread in tests).
 */

/** One MuJoCo geom, in its body's frame. Sizes follow MuJoCo's geom_size conventions per type. */
export interface ViewGeom {
  readonly body: number;
  readonly type: 'plane' | 'hfield' | 'sphere' | 'capsule' | 'ellipsoid' | 'cylinder' | 'box' | 'mesh';
  readonly size: readonly [number, number, number];
  readonly pos: readonly [number, number, number];
  /** w, x, y, z (MuJoCo order). */
  readonly quat: readonly [number, number, number, number];
  readonly rgba: readonly [number, number, number, number];
  /** Mesh geoms: vertices (x,y,z,…) and triangle indices in the geom's frame. */
  readonly mesh?: { readonly vertices: readonly number[]; readonly faces: readonly number[] };
  readonly name?: string;
}

export interface ViewJoint {
  readonly name: string;
  /** Hinge joints are shown in degrees, slide joints in metres (absent: hinge). */
  readonly kind?: 'hinge' | 'slide';
  /** Radians (revolute) or metres (prismatic). */
  readonly lower: number;
  readonly upper: number;
  /** Command interface a developer's slider writes (`knee_left/position`), if the joint has one. */
  readonly command?: string;
}

/** A force the viewer draws as an arrow, coloured against its limit. */
export interface ViewForceChannel {
  readonly name: string;
  /** Body the arrow is anchored to. */
  readonly body: number;
  /** Newtons at which the arrow turns red (e.g. the body region's quasi-static limit). */
  readonly limitN: number;
}

/** Sent once when a viewer connects. */
export interface ViewScene {
  readonly name: string;
  readonly bodies: readonly { readonly name: string; readonly parent: number }[];
  readonly geoms: readonly ViewGeom[];
  readonly joints: readonly ViewJoint[];
  readonly forces: readonly ViewForceChannel[];
}

/** Streamed to viewers (~30 Hz). Arrays are flat and indexed like the scene's lists. */
export interface ViewFrame {
  readonly timeS: number;
  /** 3 per body, world frame. */
  readonly xpos: readonly number[];
  /** 4 per body (w, x, y, z), world frame. */
  readonly xquat: readonly number[];
  /** One per scene joint. */
  readonly joints: readonly number[];
  /** 6 per force channel: application point (x, y, z) and force (fx, fy, fz), world frame, newtons. */
  readonly forces: readonly number[];
  /** The safety supervisor's state as text (`normal`, `protective_stop`, …) until issue #5 sets it. */
  readonly safety: string;
  readonly running: boolean;
  readonly timeScale: number;
}

export type ViewControl =
  | { readonly op: 'play' }
  | { readonly op: 'pause' }
  | { readonly op: 'step'; readonly cycles: number }
  | { readonly op: 'timeScale'; readonly value: number }
  | { readonly op: 'setJoint'; readonly joint: string; readonly value: number };

export interface SimViewSource {
  scene(): ViewScene;
  frame(): ViewFrame;
  /** Apply a viewer control; rejects with a KindredError (code, bilingual message) when refused. */
  control(c: ViewControl): Promise<void>;
}
