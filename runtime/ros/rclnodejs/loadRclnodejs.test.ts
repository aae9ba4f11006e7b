import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../errors/index.js';
import { loadRclnodejs, reasonText, requireRclnodejs, type ModuleImporter } from './loadRclnodejs.js';

/** An importer that records every specifier it is asked for and then fails like a missing package. */
function recordingImporter(): { importer: ModuleImporter; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    importer: (specifier) => {
      asked.push(specifier);
      return Promise.reject(Object.assign(new Error(`Cannot find package '${specifier}' imported from here`), { code: 'ERR_MODULE_NOT_FOUND' }));
    },
  };
}

const SOURCED = { ROS_DISTRO: 'jazzy', AMENT_PREFIX_PATH: '/opt/ros/jazzy' };

function rclnodejsInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('rclnodejs');
    return true;
  } catch {
    return false;
  }
}

describe('loadRclnodejs: only where ROS 2 is sourced', () => {
  it.each([
    ['neither variable', {}, ['ROS_DISTRO', 'AMENT_PREFIX_PATH']],
    ['ROS_DISTRO missing', { AMENT_PREFIX_PATH: '/opt/ros/jazzy' }, ['ROS_DISTRO']],
    ['AMENT_PREFIX_PATH missing', { ROS_DISTRO: 'jazzy' }, ['AMENT_PREFIX_PATH']],
    ['AMENT_PREFIX_PATH empty', { ROS_DISTRO: 'jazzy', AMENT_PREFIX_PATH: '' }, ['AMENT_PREFIX_PATH']],
  ])('%s: unavailable, names the variable, imports nothing', async (_label, env, missing) => {
    const { importer, asked } = recordingImporter();
    const result = await loadRclnodejs(env, { importer });
    expect(asked).toEqual([]);
    expect(result.available).toBe(false);
    if (result.available) return;
    expect(result.cause).toBe('environment');
    expect(result.missing).toEqual(missing);
    for (const name of missing) {
      expect(result.reason.en).toContain(name);
      expect(result.reason.zh).toContain(name);
    }
    expect(result.reason.en).toContain('source /opt/ros/jazzy/setup.bash');
    expect(result.reason.zh).toMatch(/未设置/);
  });

  it('with both set, imports rclnodejs exactly once', async () => {
    const { importer, asked } = recordingImporter();
    await loadRclnodejs(SOURCED, { importer });
    expect(asked).toEqual(['rclnodejs']);
  });

  it('with both set and the package missing: not_installed, with the import error in both languages', async () => {
    const { importer } = recordingImporter();
    const result = await loadRclnodejs(SOURCED, { importer });
    expect(result.available).toBe(false);
    if (result.available) return;
    expect(result.cause).toBe('not_installed');
    expect(result.reason.en).toContain("Cannot find package 'rclnodejs'");
    expect(result.reason.en).toContain('npm install rclnodejs');
    expect(result.reason.zh).toContain('未安装 rclnodejs');
    expect(result.error).toBeInstanceOf(Error);
  });

  it('a load that throws for another reason (a native binding built for another ROS) is load_failed with its message', async () => {
    const result = await loadRclnodejs(SOURCED, {
      importer: () => Promise.reject(new Error('librcl.so: cannot open shared object file: No such file or directory')),
    });
    expect(result.available).toBe(false);
    if (result.available) return;
    expect(result.cause).toBe('load_failed');
    expect(reasonText(result.reason)).toContain('librcl.so: cannot open shared object file');
    expect(result.reason.zh).toContain('加载失败');
  });

  it('a module that is not rclnodejs 2.x is refused, not returned', async () => {
    const result = await loadRclnodejs(SOURCED, { importer: () => Promise.resolve({ default: { init: () => undefined } }) });
    expect(result.available).toBe(false);
    if (result.available) return;
    expect(result.cause).toBe('load_failed');
    expect(result.reason.en).toContain('expected rclnodejs 2.x');
  });

  it.skipIf(rclnodejsInstalled())('with both set, the real import of the absent package reports not_installed (no rebuild, no throw)', async () => {
    const result = await loadRclnodejs(SOURCED);
    expect(result.available).toBe(false);
    if (result.available) return;
    expect(result.cause).toBe('not_installed');
    expect(result.reason.en).toMatch(/rclnodejs/);
  });

  it('requireRclnodejs throws RCLNODEJS_UNAVAILABLE with the reason when the launch file asked for the native path', async () => {
    const { importer, asked } = recordingImporter();
    const error = await requireRclnodejs({ ROS_DISTRO: 'jazzy' }, { importer }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(asked).toEqual([]);
    expect(isKindredError(error, 'RCLNODEJS_UNAVAILABLE')).toBe(true);
    if (!isKindredError(error)) return;
    expect(error.message).toContain('AMENT_PREFIX_PATH');
    expect(error.context['missing']).toEqual(['AMENT_PREFIX_PATH']);
  });
});

if (rclnodejsInstalled()) {
  console.warn('[rclnodejs] rclnodejs is installed here: the "real import of the absent package" test is skipped (the ROS 2 integration tests cover the present case)');
}
