/**
 * The pose of every link in the root link's frame, in `KinematicTree.linkNames` order. Get one from
 * `KinematicTree.createLinkPoses()` and reuse it: `fk` writes into it without allocating.
 */
export interface LinkPoses {
  /** Rotation of link i: entries 9i … 9i+8, row-major (columns are the link's axes in the root frame). */
  readonly rotation: Float64Array;
  /** Origin of link i: entries 3i … 3i+2, in metres. */
  readonly positionM: Float64Array;
}
