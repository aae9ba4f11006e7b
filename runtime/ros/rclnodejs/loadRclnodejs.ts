import { KindredError } from '../../errors/index.js';
import type { RclApi } from './RclApi.js';

/** The variables `source /opt/ros/<distro>/setup.bash` sets that rclnodejs needs. */
export const ROS_ENV_VARIABLES = ['ROS_DISTRO', 'AMENT_PREFIX_PATH'] as const;

/** Why rclnodejs cannot be used, in both languages (zh-CN for the UI, en for logs). */
export interface UnavailableReason {
  readonly en: string;
  readonly zh: string;
}

/** What kept rclnodejs from loading: the environment, the package's absence, or a failed load. */
export type UnavailableCause = 'environment' | 'not_installed' | 'load_failed';

/** rclnodejs cannot be used here; nothing was imported when `cause` is `environment`. */
export interface RclnodejsUnavailable {
  readonly available: false;
  readonly cause: UnavailableCause;
  readonly reason: UnavailableReason;
  /** The variables that are unset or empty (cause `environment`). */
  readonly missing: readonly string[];
  /** What the import threw (causes `not_installed`, `load_failed`). */
  readonly error?: unknown;
}

/** rclnodejs loaded, with ROS 2 sourced. */
export interface RclnodejsAvailable {
  readonly available: true;
  readonly rcl: RclApi;
}

export type RclnodejsLoad = RclnodejsAvailable | RclnodejsUnavailable;

/** Imports a module by specifier; tests inject their own to prove when an import is (not) attempted. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

export interface LoadRclnodejsOptions {
  /** Default: Node's dynamic `import()`. */
  readonly importer?: ModuleImporter;
}

// A variable specifier: TypeScript does not look for rclnodejs's types, and bundlers leave it alone.
const RCLNODEJS: string = 'rclnodejs';
const nativeImport: ModuleImporter = (specifier) => import(specifier);

/** The one-line form of a reason: `English / 中文`. */
export function reasonText(reason: UnavailableReason): string {
  return `${reason.en} / ${reason.zh}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isNotInstalled(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  const message = errorText(error);
  // Only the package itself missing counts; a missing file inside it is a broken install.
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (package|module)/.test(message)) && /['"]rclnodejs['"]/.test(message);
}

/** The module's default export (ESM build) or the namespace itself (CommonJS interop), if it looks like rclnodejs. */
function asRclApi(module: unknown): RclApi | undefined {
  const candidates = [typeof module === 'object' && module !== null ? (module as { default?: unknown }).default : undefined, module];
  for (const c of candidates) {
    if (typeof c !== 'object' || c === null) continue;
    const api = c as Partial<Record<keyof RclApi, unknown>>;
    if (typeof api.init === 'function' && typeof api.Node === 'function' && typeof api.Context === 'function' && typeof api.QoS === 'function') return c as RclApi;
  }
  return undefined;
}

/**
 * rclnodejs, loaded only where ROS 2 is sourced. Loading it without `ROS_DISTRO` and
 * `AMENT_PREFIX_PATH` starts a native rebuild (node-gyp) that fails, so with either unset (or empty)
 * nothing is imported and the answer says which is missing. With both set, a missing package or a
 * failed load (e.g. a native binding built for another distribution) is reported with the error.
 * Never throws for absence: the native path is optional.
 */
export async function loadRclnodejs(env: NodeJS.ProcessEnv = process.env, options: LoadRclnodejsOptions = {}): Promise<RclnodejsLoad> {
  const missing = ROS_ENV_VARIABLES.filter((name) => (env[name] ?? '') === '');
  if (missing.length > 0) {
    const names = missing.join(' and ');
    return {
      available: false,
      cause: 'environment',
      missing,
      reason: {
        en: `ROS 2 is not sourced: ${names} ${missing.length === 1 ? 'is' : 'are'} not set (run \`source /opt/ros/jazzy/setup.bash\` first); rclnodejs was not loaded`,
        zh: `未加载 ROS 2 环境：未设置 ${missing.join(' 和 ')}（请先运行 \`source /opt/ros/jazzy/setup.bash\`），未加载 rclnodejs`,
      },
    };
  }
  const importer = options.importer ?? nativeImport;
  let module: unknown;
  try {
    module = await importer(RCLNODEJS);
  } catch (error) {
    if (isNotInstalled(error)) {
      return {
        available: false,
        cause: 'not_installed',
        missing: [],
        error,
        reason: {
          en: `rclnodejs is not installed (run \`npm install rclnodejs\` with ROS 2 ${env['ROS_DISTRO'] ?? ''} sourced): ${errorText(error)}`,
          zh: `未安装 rclnodejs（请在已加载 ROS 2 ${env['ROS_DISTRO'] ?? ''} 环境后运行 \`npm install rclnodejs\`）：${errorText(error)}`,
        },
      };
    }
    return {
      available: false,
      cause: 'load_failed',
      missing: [],
      error,
      reason: {
        en: `rclnodejs failed to load with ROS 2 ${env['ROS_DISTRO'] ?? ''} sourced: ${errorText(error)}`,
        zh: `已加载 ROS 2 ${env['ROS_DISTRO'] ?? ''} 环境，但 rclnodejs 加载失败：${errorText(error)}`,
      },
    };
  }
  const rcl = asRclApi(module);
  if (rcl === undefined) {
    return {
      available: false,
      cause: 'load_failed',
      missing: [],
      reason: {
        en: 'the module named rclnodejs does not export init, Node, Context and QoS; expected rclnodejs 2.x',
        zh: '名为 rclnodejs 的模块未导出 init、Node、Context 和 QoS；需要 rclnodejs 2.x',
      },
    };
  }
  return { available: true, rcl };
}

/**
 * rclnodejs for a deployment that asked for the native path (a launch file enabling it): throws
 * RCLNODEJS_UNAVAILABLE with the reason when it cannot be had, rather than running without it.
 */
export async function requireRclnodejs(env: NodeJS.ProcessEnv = process.env, options: LoadRclnodejsOptions = {}): Promise<RclApi> {
  const loaded = await loadRclnodejs(env, options);
  if (loaded.available) return loaded.rcl;
  throw new KindredError('RCLNODEJS_UNAVAILABLE', `the native ROS 2 bridge is enabled but ${loaded.reason.en}`, {
    field: 'rclnodejs',
    value: loaded.cause,
    expected: 'ROS_DISTRO and AMENT_PREFIX_PATH set and rclnodejs installed',
    missing: loaded.missing,
    reasonZh: loaded.reason.zh,
  }, loaded.error === undefined ? undefined : { cause: loaded.error });
}
