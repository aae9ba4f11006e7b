/**
 * Eigenvalues of the symmetric inertia tensor [[ixx ixy ixz] [ixy iyy iyz] [ixz iyz izz]], ascending
 * (closed form for symmetric 3×3 matrices; Smith 1961, "Eigenvalues of a symmetric 3×3 matrix").
 */
export function principalMoments(ixx: number, ixy: number, ixz: number, iyy: number, iyz: number, izz: number): [number, number, number] {
  const p1 = ixy * ixy + ixz * ixz + iyz * iyz;
  if (p1 === 0) {
    const d = [ixx, iyy, izz].sort((a, b) => a - b);
    return [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0];
  }
  const q = (ixx + iyy + izz) / 3;
  const p2 = (ixx - q) ** 2 + (iyy - q) ** 2 + (izz - q) ** 2 + 2 * p1;
  const p = Math.sqrt(p2 / 6);
  // B = (A - qI) / p; r = det(B) / 2
  const b11 = (ixx - q) / p;
  const b22 = (iyy - q) / p;
  const b33 = (izz - q) / p;
  const b12 = ixy / p;
  const b13 = ixz / p;
  const b23 = iyz / p;
  const det = b11 * (b22 * b33 - b23 * b23) - b12 * (b12 * b33 - b23 * b13) + b13 * (b12 * b23 - b22 * b13);
  const r = Math.min(1, Math.max(-1, det / 2));
  const phi = Math.acos(r) / 3;
  const largest = q + 2 * p * Math.cos(phi);
  const smallest = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  const middle = 3 * q - largest - smallest;
  return [smallest, middle, largest];
}

/**
 * Why an inertia tensor is not physical, or `undefined` when it is: every principal moment must be
 * positive (positive definite) and each must be at most the sum of the other two (the triangle
 * inequality every real mass distribution satisfies). A relative tolerance of 1e-9 absorbs rounding.
 */
export function inertiaProblem(ixx: number, ixy: number, ixz: number, iyy: number, iyz: number, izz: number): string | undefined {
  const [a, b, c] = principalMoments(ixx, ixy, ixz, iyy, iyz, izz);
  const tol = 1e-9 * Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Number.MIN_VALUE);
  if (a <= tol) return `is not positive definite (principal moments ${fmt(a)}, ${fmt(b)}, ${fmt(c)} kg·m²)`;
  if (a + b < c - tol) return `violates the triangle inequality (principal moments ${fmt(a)} + ${fmt(b)} < ${fmt(c)} kg·m²)`;
  return undefined;
}

function fmt(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
