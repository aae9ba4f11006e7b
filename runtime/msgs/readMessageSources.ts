import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { MessageSource } from './MessageSource.js';

/** The upstream ROS 2 (Jazzy) packages Kindred generates types for, from @foxglove/rosmsg-msgs-common. */
export const STANDARD_PACKAGES = [
  'action_msgs',
  'builtin_interfaces',
  'diagnostic_msgs',
  'geometry_msgs',
  'lifecycle_msgs',
  'rcl_interfaces',
  'rosgraph_msgs',
  'sensor_msgs',
  'statistics_msgs',
  'std_msgs',
  'tf2_msgs',
  'trajectory_msgs',
  'unique_identifier_msgs',
  'visualization_msgs',
] as const;

/** Where the upstream rosbag2-style definitions live, relative to the repository root. */
export const STANDARD_MSGDEFS_DIR = 'node_modules/@foxglove/rosmsg-msgs-common/msgdefs/ros2jazzy';
/** Kindred's own packages (each `<pkg>/msg/*.msg`), relative to the repository root. */
export const LOCAL_MSGS_DIR = 'runtime/msgs';
export const LOCAL_PACKAGES = ['kindred_msgs', 'hri_msgs'] as const;
/** The generated files, relative to the repository root. */
export const GENERATED_DIR = 'runtime/msgs/generated';

function msgFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.msg'))
    .sort();
}

function readPackage(root: string, pkgDir: string, pkg: string, bundled: boolean): MessageSource[] {
  const dir = join(root, pkgDir, pkg, 'msg');
  return msgFiles(dir).map((f) => {
    const path = join(dir, f);
    return { pkg, name: f.slice(0, -'.msg'.length), text: readFileSync(path, 'utf8'), file: relative(root, path).split(sep).join('/'), bundled };
  });
}

/** Read every .msg source: the standard packages (absent ones skipped) and Kindred's own. */
export function readMessageSources(root: string): MessageSource[] {
  return [
    ...STANDARD_PACKAGES.flatMap((pkg) => readPackage(root, STANDARD_MSGDEFS_DIR, pkg, true)),
    ...LOCAL_PACKAGES.flatMap((pkg) => readPackage(root, LOCAL_MSGS_DIR, pkg, false)),
  ];
}

/** The `.ts` files now in the generated folder, by file name. */
export function readGeneratedFiles(root: string): Map<string, string> {
  const dir = join(root, GENERATED_DIR);
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const f of readdirSync(dir).filter((name) => name.endsWith('.ts')).sort()) files.set(f, readFileSync(join(dir, f), 'utf8'));
  return files;
}

/** Write the files that changed and remove generated `.ts` files no longer produced. Returns the names touched. */
export function writeGeneratedFiles(root: string, files: ReadonlyMap<string, string>): string[] {
  const dir = join(root, GENERATED_DIR);
  const current = readGeneratedFiles(root);
  const touched: string[] = [];
  for (const [name, text] of files) {
    if (current.get(name) === text) continue;
    writeFileSync(join(dir, name), text);
    touched.push(name);
  }
  for (const name of current.keys()) {
    if (files.has(name)) continue;
    rmSync(join(dir, name));
    touched.push(name);
  }
  return touched.sort();
}
